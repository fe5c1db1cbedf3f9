using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.Tests.Imaging;
using LutBridge.Testing;

namespace LutBridge.Core.Tests.Apply;

/// <summary>
/// Our kernels against ffmpeg's lut3d filter on the shared photos. ffmpeg truncates
/// (av_clip_uint8 of a float) where we round, so agreement within 1 code value is the
/// expected and required bound.
/// </summary>
public class ApplyVsFfmpegTests
{
    private static readonly string[] Luts =
    [
        "colorslide__fuji_velvia_100_generic.cube",
        "instant_consumer__polaroid_px-70_cold.cube",
        "negative_new__kodak_portra_800.cube",
        "bw__ilford_delta_3200.cube",
    ];

    public static TheoryData<string> Photos()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestEnvironment.SharedFile("photos")).Where(f => f.EndsWith(".png") || f.EndsWith(".jpg")).Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    private static (RgbImage Image, string Png) Prepare(string photo, string dir, SampleType type)
    {
        var image = ImageFile.Read(TestEnvironment.SharedFile("photos", photo));
        if (type == SampleType.UInt16)
        {
            // Spread 8-bit photo values over 16 bits with a deterministic sub-code-value pattern.
            var wide = new RgbImage(image.Width, image.Height, SampleType.UInt16);
            var w = wide.Samples<ushort>();
            for (int i = 0; i < w.Length; i++) w[i] = (ushort)Math.Min(65535, image.Data[i] * 257 + (i * 37 % 251));
            image = wide;
        }
        var png = Path.Combine(dir, Path.GetFileNameWithoutExtension(photo) + (type == SampleType.UInt16 ? "-16" : "") + ".png");
        ImageFile.Write(png, image); // both sides then start from the same samples (JPEG decoders differ)
        return (image, png);
    }

    private static int MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void EightBitTetrahedralMatchesFfmpegWithinOneCodeValue(string photo)
    {
        var dir = TestEnvironment.NewTempDir("ffapply");
        var (image, png) = Prepare(photo, dir, SampleType.UInt8);
        var cases = Luts.Select(name => (name, TestCube.Read(TestEnvironment.SharedFile("luts", "creative", name))))
            .Append(("velvia resampled to 33³", TestCube.Resample(TestCube.Read(TestEnvironment.SharedFile("luts", "creative", Luts[0])), 33)))
            .Append(("Colour_Correct 4³ (negative entries)", TestCube.Read(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"))));
        foreach (var (name, lut) in cases)
        {
            var cube = Path.Combine(dir, "lut.cube");
            TestCube.Write(cube, lut);
            var expected = FfmpegDecode.Raw(png, "rgb24", out _, out _, "-vf", $"lut3d=file={cube}:interp=tetrahedral");
            var ours = new RgbImage(image.Width, image.Height, SampleType.UInt8);
            new LutApplier(lut).Apply(image, ours);
            int worst = MaxDifference(expected, ours.Data);
            Assert.True(worst <= 1, $"{photo} with {name}: max difference {worst} code values");
            Assert.True(MaxDifference(image.Data, ours.Data) > 10, "the LUT visibly changed the photo");
        }
    }

    [Theory]
    [InlineData("kodak_kodim23.png")]
    [InlineData("skimage_astronaut.png")]
    public void EightBitTrilinearMatchesFfmpegWithinOneCodeValue(string photo)
    {
        var dir = TestEnvironment.NewTempDir("ffapply");
        var (image, png) = Prepare(photo, dir, SampleType.UInt8);
        foreach (var name in Luts)
        {
            var lut = TestCube.Read(TestEnvironment.SharedFile("luts", "creative", name));
            var cube = Path.Combine(dir, "lut.cube");
            TestCube.Write(cube, lut);
            var expected = FfmpegDecode.Raw(png, "rgb24", out _, out _, "-vf", $"lut3d=file={cube}:interp=trilinear");
            var ours = new RgbImage(image.Width, image.Height, SampleType.UInt8);
            new LutApplier(lut, Interpolation.Trilinear).Apply(image, ours);
            Assert.True(MaxDifference(expected, ours.Data) <= 1, $"{photo} with {name}");
        }
    }

    /// <summary>At 16 bit ffmpeg also truncates and evaluates in float32; we require agreement within 2 of 65535.</summary>
    [Theory]
    [InlineData("kodak_kodim04.png", Interpolation.Tetrahedral)]
    [InlineData("skimage_coffee.png", Interpolation.Tetrahedral)]
    [InlineData("skimage_chelsea.png", Interpolation.Trilinear)]
    public void SixteenBitMatchesFfmpegRgb48(string photo, Interpolation interp)
    {
        var dir = TestEnvironment.NewTempDir("ffapply16");
        var (image, png) = Prepare(photo, dir, SampleType.UInt16);
        var lut = TestCube.Resample(TestCube.Read(TestEnvironment.SharedFile("luts", "creative", Luts[1])), 33);
        var cube = Path.Combine(dir, "lut.cube");
        TestCube.Write(cube, lut);
        var raw = FfmpegDecode.Raw(png, "rgb48le", out _, out _, "-vf", $"lut3d=file={cube}:interp={interp.ToString().ToLowerInvariant()}");
        var ours = new RgbImage(image.Width, image.Height, SampleType.UInt16);
        new LutApplier(lut, interp).Apply(image, ours);
        var o = ours.Samples<ushort>();
        int worst = 0;
        for (int i = 0; i < o.Length; i++) worst = Math.Max(worst, Math.Abs((raw[2 * i] | raw[2 * i + 1] << 8) - o[i]));
        Assert.True(worst <= 2, $"max difference {worst} of 65535");
    }
}
