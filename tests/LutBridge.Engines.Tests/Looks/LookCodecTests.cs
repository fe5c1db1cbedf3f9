using LutBridge.Core;
using LutBridge.Engines.Looks;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Looks;

public class LookCodecTests
{
    private static Look Sample()
    {
        var residual = new float[5 * 5 * 5 * 3];
        for (int i = 0; i < residual.Length; i++) residual[i] = (float)(0.02 * Math.Sin(i * 0.37));
        var shaper = new float[3 * 4];
        for (int c = 0; c < 3; c++) for (int i = 0; i < 4; i++) shaper[c * 4 + i] = (float)Math.Sqrt(i / 3.0);
        return Look.Neutral.With("exposure", 0.4).With("saturation", -0.25).With("blue_hue", -12.3)
            .WithResidual(new LookResidual(5, residual)).WithShaper(new LookShaper(4, shaper)).WithTitle("test look");
    }

    [Fact]
    public void RoundTripKeepsValuesWithinOneQuantisationStep()
    {
        var look = Sample();
        var back = LookCodec.RoundTrip(look);
        foreach (var p in LookParameters.All)
            Assert.InRange(Math.Abs(back[p.Index] - look[p.Index]), 0, p.Step / 2 + 1e-12);
        Assert.Equal("test look", back.Title);
        Assert.Equal(5, back.Residual!.Size);
        var (scale, _, _) = LookCodec.QuantiseResidual(look.Residual!.Data);
        for (int i = 0; i < look.Residual.Data.Length; i++)
            Assert.InRange(Math.Abs(back.Residual.Data[i] - look.Residual.Data[i]), 0, scale / 2 + 1e-7);
        for (int i = 0; i < 12; i++)
            Assert.InRange(Math.Abs(back.Shaper!.Values[i] - look.Shaper!.Values[i]), 0, 1.0 / 65535);
        // Encoding is a fixed point after one trip: same bytes out.
        Assert.Equal(LookCodec.Encode(back), LookCodec.Encode(LookCodec.RoundTrip(back)));
    }

    [Fact]
    public void NeutralLookIsTiny()
    {
        // [fixstr magic, 1, {}, nil, nil, nil]: 1 + 15 + 1 + 1 + 3 bytes.
        Assert.Equal(21, LookCodec.Encode(Look.Neutral).Length);
    }

    [Fact]
    public void EveryTruncationIsAClearInputError()
    {
        var bytes = LookCodec.Encode(Sample());
        for (int n = 0; n < bytes.Length; n++)
        {
            var e = Assert.Throws<InputException>(() => LookCodec.Decode(bytes.AsSpan(0, n), "x.look"));
            Assert.StartsWith("x.look", e.Message);
        }
    }

    [Fact]
    public void UnknownVersionIsRejectedByNumber()
    {
        var bytes = LookCodec.Encode(Look.Neutral);
        bytes[16] = 2; // the version fixint follows the 15-byte magic string
        var e = Assert.Throws<InputException>(() => LookCodec.Decode(bytes, "v2.look"));
        Assert.Contains("version 2", e.Message);
    }

    [Fact]
    public void CorruptBytesNeverEscapeAsOtherExceptions()
    {
        var bytes = LookCodec.Encode(Sample());
        var random = new Random(1234);
        for (int trial = 0; trial < 2000; trial++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            try { LookCodec.Decode(copy, "fuzz.look"); }
            catch (InputException) { }
        }
    }

    [Fact]
    public void CubeCommentCarriesTheLook()
    {
        var look = Sample();
        var lines = new[] { "TITLE \"x\"", LookFile.CubeComment(look), "LUT_3D_SIZE 2" };
        var back = LookFile.FromCubeText(lines, "x.cube")!;
        Assert.Equal(LookCodec.Encode(look), LookCodec.Encode(back));
        Assert.Null(LookFile.FromCubeText(["LUT_3D_SIZE 2"], "y.cube"));
    }

    [Fact]
    public void FileWriteReadRoundTrip()
    {
        var dir = TestEnvironment.NewTempDir("look");
        var path = Path.Combine(dir, "a.look");
        LookFile.Write(path, Sample());
        Assert.Equal(LookCodec.Encode(Sample()), LookCodec.Encode(LookFile.Read(path)));
        Assert.Throws<InputException>(() => LookFile.Read(Path.Combine(dir, "missing.look")));
    }
}
