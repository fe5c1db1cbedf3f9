using System.Numerics;
using LutBridge.Core.Color;

namespace LutBridge.Core.Tests.Color;

public class OklabTests
{
    // Björn Ottosson, "A perceptual color space for image processing" (2020),
    // https://bottosson.github.io/posts/oklab/, table "Table of example XYZ and OKLab pairs"
    // (values published to 3 decimals).
    public static readonly TheoryData<float, float, float, float, float, float> OttossonTable = new()
    {
        { 0.950f, 1.000f, 1.089f, 1.000f, 0.000f, 0.000f },
        { 1.000f, 0.000f, 0.000f, 0.450f, 1.236f, -0.019f },
        { 0.000f, 1.000f, 0.000f, 0.922f, -0.671f, 0.263f },
        { 0.000f, 0.000f, 1.000f, 0.153f, -1.415f, -0.449f },
    };

    [Theory]
    [MemberData(nameof(OttossonTable))]
    public void FromXyz_matches_the_published_table(float x, float y, float z, float l, float a, float b)
    {
        var lab = Oklab.FromXyz(new Vector3(x, y, z));
        Assert.Equal(l, lab.X, 6e-4);
        Assert.Equal(a, lab.Y, 6e-4);
        Assert.Equal(b, lab.Z, 6e-4);
        var xyz = Oklab.ToXyz(new Vector3(l, a, b));
        Assert.Equal(x, xyz.X, 3e-3); // the table's 3-decimal rounding, amplified by the cube
        Assert.Equal(y, xyz.Y, 3e-3);
        Assert.Equal(z, xyz.Z, 3e-3);
    }

    [Fact]
    public void sRGB_white_is_L1_neutral_and_black_is_zero()
    {
        var white = Oklab.FromLinearSrgb(Vector3.One);
        Assert.Equal(1, white.X, 1e-6);
        Assert.Equal(0, white.Y, 1e-6);
        Assert.Equal(0, white.Z, 1e-6);
        Assert.Equal(Vector3.Zero, Oklab.FromLinearSrgb(Vector3.Zero));
    }

    [Fact]
    public void sRGB_and_XYZ_paths_agree()
    {
        // Two published matrices (combined sRGB→LMS, and M1 after our derived sRGB→XYZ) must
        // describe the same space.
        foreach (var rgb in new[] { new Vector3(1, 0, 0), new Vector3(0.2f, 0.7f, 0.4f), new Vector3(0.05f, 0.05f, 0.9f) })
        {
            var direct = Oklab.FromLinearSrgb(rgb);
            var viaXyz = Oklab.FromXyz(LinearSrgb.ToXyz(rgb));
            Assert.True(Vector3.Distance(direct, viaXyz) < 2e-4, $"{rgb}: {direct} vs {viaXyz}");
        }
    }

    [Fact]
    public void Round_trips_including_out_of_gamut()
    {
        foreach (var rgb in new[] { new Vector3(0.3f, 0.6f, 0.9f), new Vector3(-0.2f, 1.4f, 0.01f), new Vector3(0, 0, 0) })
        {
            var back = Oklab.ToLinearSrgb(Oklab.FromLinearSrgb(rgb));
            Assert.True(Vector3.Distance(rgb, back) < 1e-5, $"{rgb} -> {back}");
            var backS = Oklab.ToSrgb(Oklab.FromSrgb(rgb));
            Assert.True(Vector3.Distance(rgb, backS) < 1e-5, $"{rgb} -> {backS}");
        }
    }

    [Fact]
    public void NaN_propagates()
    {
        var lab = Oklab.FromSrgb(new Vector3(float.NaN, 0.5f, 0.5f));
        Assert.True(float.IsNaN(lab.X));
    }

    [Fact]
    public void Oklch_uses_degrees_and_round_trips()
    {
        var lch = Oklch.FromOklab(new Vector3(0.5f, 0f, 0.1f));
        Assert.Equal(0.1, lch.Y, 1e-6);
        Assert.Equal(90, lch.Z, 1e-4);
        Assert.Equal(270, Oklch.FromOklab(new Vector3(0.5f, 0f, -0.1f)).Z, 1e-4);
        Assert.Equal(0, Oklch.FromOklab(new Vector3(0.7f, 0, 0)).Z);
        var lab = new Vector3(0.6f, -0.12f, -0.05f);
        var back = Oklch.ToOklab(Oklch.FromOklab(lab));
        Assert.True(Vector3.Distance(lab, back) < 1e-6);
    }

    // In gamut every LMS coefficient is positive, so the batch (float matrices, tabulated
    // transfer) matches the double-precision scalar path to ~1e-6. Out of gamut an LMS
    // component can cancel to near zero where the cube root's slope is unbounded, so float
    // rounding is amplified; there the agreement is looser.
    [Theory]
    [InlineData(0f, 1f, 2e-6)]
    [InlineData(-0.2f, 1.2f, 1e-4)]
    public void Batch_equals_scalar_for_every_length_up_to_40(float lo, float hi, double tolerance)
    {
        var rng = new Random(3);
        for (int points = 0; points <= 40; points++)
        {
            var rgb = new float[points * 3];
            for (int i = 0; i < rgb.Length; i++) rgb[i] = lo + rng.NextSingle() * (hi - lo);
            var lab = new float[rgb.Length];
            Oklab.FromSrgb(rgb, lab);
            var rgbBack = new float[rgb.Length];
            Oklab.ToSrgb(lab, rgbBack);
            for (int p = 0; p < points; p++)
            {
                var expected = Oklab.FromSrgb(new Vector3(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]));
                var got = new Vector3(lab[3 * p], lab[3 * p + 1], lab[3 * p + 2]);
                Assert.True(Vector3.Distance(expected, got) < tolerance, $"length {points}, point {p}: {expected} vs {got}");
                var expectedRgb = Oklab.ToSrgb(expected);
                var gotRgb = new Vector3(rgbBack[3 * p], rgbBack[3 * p + 1], rgbBack[3 * p + 2]);
                Assert.True(Vector3.Distance(expectedRgb, gotRgb) < 1e-5 + tolerance, $"length {points}, point {p}: {expectedRgb} vs {gotRgb}");
            }
        }
    }

    [Fact]
    public void Batch_handles_large_inputs_across_blocks_and_special_values()
    {
        int points = 1000;
        var rgb = new float[points * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (i % 256) / 255f;
        rgb[30] = float.NaN;
        rgb[31] = float.PositiveInfinity;
        rgb[32] = -1f;
        var lab = new float[rgb.Length];
        Oklab.FromSrgb(rgb, lab);
        for (int p = 0; p < points; p++)
        {
            var expected = Oklab.FromSrgb(new Vector3(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]));
            for (int c = 0; c < 3; c++)
            {
                float e = c == 0 ? expected.X : c == 1 ? expected.Y : expected.Z;
                float g = lab[3 * p + c];
                if (float.IsNaN(e)) Assert.True(float.IsNaN(g), $"point {p}");
                else Assert.Equal(e, g, 2e-6);
            }
        }
        Assert.Throws<ArgumentException>(() => Oklab.FromSrgb(new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => Oklab.FromSrgb(new float[3], new float[6]));
    }
}
