using LutBridge.Core;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Looks.Tests;

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
        var (scale, _) = LookCodec.QuantiseResidual(look.Residual!.Data);
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
        bytes[16] = 6; // the version fixint follows the 15-byte magic string
        var e = Assert.Throws<InputException>(() => LookCodec.Decode(bytes, "v6.look"));
        Assert.Contains("version 6", e.Message);
    }

    [Fact]
    public void WritersEmitVersionFourAndVersionThreeKeepsItsZlibResidual()
    {
        Assert.Equal(4, LookCodec.Encode(Sample())[16]);
        // A trilinear residual is written as version 3, whose bin payload is a zlib stream
        // (RFC 1950: CMF 0x78, header checksum divisible by 31).
        var sample = Sample();
        var trilinear = sample.WithResidual(new LookResidual(5, sample.Residual!.Data, kernel: ResidualKernel.Trilinear));
        var bytes = LookCodec.Encode(trilinear);
        Assert.Equal(3, bytes[16]);
        int at = IndexOfResidualBin(bytes);
        Assert.Equal(0x78, bytes[at]);
        Assert.Equal(0, (bytes[at] * 256 + bytes[at + 1]) % 31);
    }

    private static int IndexOfResidualBin(byte[] bytes)
    {
        // [size=5, float32 scale, bits, bin8/bin16 ...]: find the 0x94 0x05 0xca header of the residual array.
        for (int i = 0; i + 8 < bytes.Length; i++)
            if (bytes[i] == 0x94 && bytes[i + 1] == 0x05 && bytes[i + 2] == 0xca)
                return i + 8 + (bytes[i + 8] == 0xc4 ? 2 : 3);
        throw new InvalidOperationException("no residual array");
    }

    [Fact]
    public void VersionOneFilesWithARawResidualStillDecode()
    {
        // Hand-made version 1 file: saturation (index 14) +0.1, a raw 2³ 8-bit residual of 0.01·k, no title.
        var raw = Enumerable.Range(0, 24).Select(k => (byte)(sbyte)(k - 12)).ToArray();
        byte[] bytes = [0x96, 0xae, .. System.Text.Encoding.ASCII.GetBytes("lutbridge.look"), 0x01, 0x81, 14, 0xcc, 200,
            0xc0, 0x94, 0x02, 0xca, 0x3c, 0x23, 0xd7, 0x0a, 8, 0xc4, 24, .. raw, 0xc0];
        var look = LookCodec.Decode(bytes, "v1.look");
        Assert.Equal(0.1, look["saturation"], 12);
        Assert.Equal(2, look.Residual!.Size);
        for (int k = 0; k < 24; k++) Assert.Equal(0.01f * (k - 12), look.Residual.Data[k], 6);
        // Re-encoding writes version 3 (the newest trilinear one) with the same values.
        var again = LookCodec.RoundTrip(look);
        Assert.Equal(look.Residual.Data, again.Residual!.Data);
        Assert.Equal(ResidualKernel.Trilinear, again.Residual.Kernel);
        Assert.Equal(3, LookCodec.Encode(look)[16]);
        // Version 1 knows no parameter after strength (47).
        byte[] newSlider = [0x96, 0xae, .. System.Text.Encoding.ASCII.GetBytes("lutbridge.look"), 0x01, 0x81, 48, 1, 0xc0, 0xc0, 0xc0];
        Assert.Contains("unknown parameter index 48", Assert.Throws<InputException>(() => LookCodec.Decode(newSlider, "v1.look")).Message);
        newSlider[16] = 2;
        Assert.Equal(LookParameters.All[48].Step, LookCodec.Decode(newSlider, "v2.look")[48], 12);
    }

    [Fact]
    public void VersionTwoFilesWithRedAxisDeltasStillDecode()
    {
        // Hand-made version 2 file: a 3³ residual of integers q = r − 2g + 3b − c (channel c),
        // stored as version 2 does (channel-planar, each value minus its red neighbour, mod 256).
        const int size = 3;
        const float scale = 0.01f;
        var q = new int[size * size * size * 3];
        for (int i = 0; i < size * size * size; i++)
            for (int c = 0; c < 3; c++) q[3 * i + c] = i % size - 2 * (i / size % size) + 3 * (i / (size * size)) - c;
        var stored = LookV2Reader.ToPlanarDeltas(size, q, 8).Select(v => (byte)v).ToArray();
        var zipped = LookCodec.Compress(stored);
        byte[] bytes = [0x96, 0xae, .. System.Text.Encoding.ASCII.GetBytes("lutbridge.look"), 0x02, 0x80, 0xc0,
            0x94, size, 0xca, .. BitConverter.GetBytes(scale).Reverse(), 8, 0xc4, (byte)zipped.Length, .. zipped, 0xc0];
        var look = LookCodec.Decode(bytes, "v2.look");
        Assert.Null(look.Residual!.Anchor);
        for (int k = 0; k < q.Length; k++) Assert.Equal(scale * q[k], look.Residual.Data[k]);
        // Re-encoded as version 3 (coarse-to-fine), the same offsets come back.
        var again = LookCodec.RoundTrip(look);
        Assert.Equal(3, LookCodec.Encode(look)[16]);
        Assert.Equal(look.Residual.Data, again.Residual!.Data);
    }

    [Fact]
    public void ResidualStepChosenByTheFitterIsStoredExactly()
    {
        var data = new float[2 * 2 * 2 * 3];
        for (int i = 0; i < data.Length; i++) data[i] = 0.02f * (i % 5) - 0.03f;
        const float step = 1f / 64;
        var look = Look.Neutral.WithResidual(new LookResidual(2, data, step));
        var (scale, q) = LookCodec.QuantiseResidual(data, step);
        Assert.Equal(step, scale);
        var back = LookCodec.RoundTrip(look).Residual!;
        for (int i = 0; i < data.Length; i++)
        {
            Assert.Equal(q[i] * step, back.Data[i], 6);
            Assert.InRange(Math.Abs(back.Data[i] - data[i]), 0, step / 2 + 1e-6);
        }
        // A mostly-zero residual at a coarse step compresses far below its raw size.
        var big = new float[9 * 9 * 9 * 3];
        big[100] = 0.05f;
        var bytes = LookCodec.Encode(Look.Neutral.WithResidual(new LookResidual(9, big, step)));
        Assert.True(bytes.Length < 80, $"{bytes.Length} bytes for a 9³ residual with one non-zero offset (raw: {big.Length})");
    }

    [Fact]
    public void CorruptBytesNeverEscapeAsOtherExceptions()
    {
        var bytes = LookCodec.Encode(Sample());
        var random = new Random(1234);
        int accepted = 0, refused = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            Look look;
            try
            {
                look = LookCodec.Decode(copy, "fuzz.look");
            }
            catch (InputException e)
            {
                // Refused with one line that names the input (any other exception fails the test).
                Assert.StartsWith("fuzz.look", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                refused++;
                continue;
            }
            // Accepted (a changed value or title): a valid Look, which writes and reads back unchanged.
            var again = LookCodec.RoundTrip(look);
            Assert.Equal(look.Values, again.Values);
            Assert.Equal(look.Title, again.Title);
            accepted++;
        }
        Assert.True(accepted > 0 && refused > 0, $"{accepted} corruptions accepted, {refused} refused: the trial tests only one path");
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
