using System.Numerics;
using LutBridge.Core.Color;

namespace LutBridge.Core.Tests.Color;

public class SrgbTests
{
    [Theory]
    // Values from the IEC 61966-2-1 formula evaluated by hand: 0.5 → ((0.555/1.055)^2.4),
    // the 8-bit code 128/255, and the linear-segment boundary.
    [InlineData(0.0f, 0.0)]
    [InlineData(1.0f, 1.0)]
    [InlineData(0.5f, 0.21404114)]
    [InlineData(0.04045f, 0.0031308)]
    [InlineData(0.02f, 0.0015479876)]
    public void Decode_matches_the_IEC_formula(float encoded, double linear) =>
        Assert.Equal(linear, Srgb.Decode(encoded), 1e-6);

    [Fact]
    public void Encode_inverts_decode_over_every_16_bit_code()
    {
        for (int code = 0; code <= 65535; code++)
        {
            float v = code / 65535f;
            Assert.Equal(v, Srgb.Encode(Srgb.Decode(v)), 2e-6);
        }
    }

    [Fact]
    public void Negative_and_above_one_values_use_odd_extension_and_round_trip()
    {
        Assert.Equal(-Srgb.Decode(0.5f), Srgb.Decode(-0.5f));
        Assert.Equal(-Srgb.Encode(0.3f), Srgb.Encode(-0.3f));
        Assert.True(Srgb.Decode(1.2f) > 1f);
        foreach (var v in new[] { -2f, -0.7f, -0.01f, 1.5f, 3f })
            Assert.Equal(v, Srgb.Encode(Srgb.Decode(v)), 1e-5);
    }

    [Fact]
    public void NaN_and_infinity_do_not_throw()
    {
        Assert.True(float.IsNaN(Srgb.Decode(float.NaN)));
        Assert.True(float.IsNaN(Srgb.Encode(float.NaN)));
        Assert.Equal(float.PositiveInfinity, Srgb.Decode(float.PositiveInfinity));
        Assert.Equal(float.NegativeInfinity, Srgb.Encode(float.NegativeInfinity));
        var v = Srgb.Decode(new Vector3(float.NaN, 1, 0));
        Assert.True(float.IsNaN(v.X));
        Assert.Equal(1f, v.Y);
    }

    [Fact]
    public void Transfer_is_continuous_at_the_segment_boundary()
    {
        // IEC 61966-2-1 constants meet to within ~1e-7 at 0.04045 / 0.0031308.
        Assert.Equal(Srgb.Decode(0.04045f), Srgb.Decode(BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(0.04045f) + 1)), 1e-7);
    }
}
