using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Editors.RawTherapee;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

/// <summary>Exported HaldCLUTs checked with ffmpeg's own haldclut filter against ffmpeg's lut3d on the source .cube.</summary>
public class HaldClutExporterTests
{
    public const string CreativeLut = "colorslide__fuji_velvia_100_generic.cube";

    [Theory]
    [InlineData(8, 8, "png")]
    [InlineData(12, 16, "png")]
    [InlineData(8, 16, "tif")]
    public void FfmpegHaldclutOfTheExportMatchesFfmpegLut3dOfTheCube(int level, int bits, string format)
    {
        var cube = CreativeCube();
        var dir = TestEnvironment.NewTempDir("hald");
        var (path, report) = HaldClutExporter.Export(LookSource.Open(null, cube), dir,
            new HaldClutOptions { Level = level, Bits = bits, Format = format, Name = "velvia" });

        Assert.Equal(Path.Combine(dir, $"velvia.{format}"), path);
        var image = ImageFile.Read(path);
        Assert.Equal((level * level * level, level * level * level), (image.Width, image.Height));
        Assert.Equal(bits == 8 ? SampleType.UInt8 : SampleType.UInt16, image.Type);
        Assert.Equal(level * level, report.WrittenSize);

        var photo = TestEnvironment.SharedFile("photos", "kodak_kodim23.png");
        var viaHald = Ffmpeg(dir, "hald.png", ["-i", photo, "-i", path, "-filter_complex", "[0:v]format=rgb48le[a];[1:v]format=rgb48le[b];[a][b]haldclut=interp=tetrahedral"]);
        var viaCube = Ffmpeg(dir, "cube.png", ["-i", photo, "-vf", $"format=rgb48le,lut3d=file='{cube}':interp=tetrahedral"]);
        var stats = ImageDifference.Ciede2000(viaHald, viaCube);
        // 8-bit HaldCLUTs quantise each node to 1/255: still far below a visible difference.
        Assert.True(stats.Mean < (bits == 8 ? 0.3 : 0.1), $"mean ΔE00 {stats.Mean:F3}, max {stats.Max:F3}");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void LookIsBakedAtTheHaldLatticeSize()
    {
        var look = Look.Neutral.With("saturation", -1.0).WithTitle("mono test");
        var dir = TestEnvironment.NewTempDir("hald");
        var (path, _) = HaldClutExporter.Export(LookSource.FromLook(look, Path.Combine(dir, "mono.look")), dir,
            new HaldClutOptions { Level = 8 });
        Assert.Equal(Path.Combine(dir, "mono test.png"), path);
        // Fully desaturated: every node of the HaldCLUT is grey (R = G = B within rounding).
        var samples = ImageFile.Read(path).Samples<ushort>();
        int worst = 0;
        for (int i = 0; i < samples.Length; i += 3)
            worst = Math.Max(worst, Math.Max(Math.Abs(samples[i] - samples[i + 1]), Math.Abs(samples[i + 1] - samples[i + 2])));
        Assert.True(worst <= 2 * 257, $"largest channel spread {worst}");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(17)]
    public void LevelOutsideEightToSixteenIsRejected(int level) =>
        Assert.Throws<LutBridge.Core.InputException>(() => new HaldClutOptions { Level = level }.Validate());

    [Theory]
    [InlineData("a/b", "a_b")]
    [InlineData("Portra ProPhoto", "Portra ProPhoto sRGB")]
    [InlineData("  ", "LutBridge look")]
    [InlineData("Warm sRGB", "Warm sRGB")]
    public void FileNamesAreSafeForRawTherapee(string name, string expected) =>
        Assert.Equal(expected, HaldClutExporter.SafeFileName(name));

    public static string CreativeCube() => TestEnvironment.SharedFile("luts", "creative", CreativeLut);

    private static RgbImage Ffmpeg(string dir, string name, string[] args)
    {
        var output = Path.Combine(dir, name);
        var (rc, _, stderr) = TestEnvironment.Run(TestEnvironment.RequireTool("ffmpeg"),
            ["-v", "error", "-y", .. args, "-pix_fmt", "rgb48be", "-frames:v", "1", output]);
        Assert.True(rc == 0, stderr);
        return ImageFile.Read(output);
    }

}
