using System.Text.RegularExpressions;
using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>`lutbridge apply` and `lutbridge bench apply`, run as the real executable.</summary>
public class ApplyCommandTests
{
    private static (int Code, string Out, string Err) Lutbridge(params string[] args) =>
        TestEnvironment.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lutbridge.dll"), .. args]);

    private static string Creative(string name) => TestEnvironment.SharedFile("luts", "creative", name);

    [Fact]
    public void AppliesLikeFfmpegLut3dAndKeepsEightBits()
    {
        var dir = TestEnvironment.NewTempDir("cli-apply");
        var photo = TestEnvironment.SharedFile("photos", "kodak_kodim22.png");
        var lut = Creative("negative_new__kodak_portra_800.cube");
        var output = Path.Combine(dir, "out.png");
        var compare = Path.Combine(dir, "ba.png");
        var (code, _, err) = Lutbridge("apply", "--lut", lut, "--in", photo, "--out", output, "--before-after", compare);
        Assert.True(code == 0, err);

        var ffmpeg = TestEnvironment.RequireTool("ffmpeg");
        var expected = Path.Combine(dir, "ffmpeg.png");
        var (fc, _, ferr) = TestEnvironment.Run(ffmpeg, ["-v", "error", "-i", photo, "-vf", $"lut3d=file={lut}:interp=tetrahedral", expected]);
        Assert.True(fc == 0, ferr);
        var ours = ImageFile.Read(output);
        var theirs = ImageFile.Read(expected);
        Assert.Equal(SampleType.UInt8, ours.Type);
        int worst = 0;
        for (int i = 0; i < ours.Data.Length; i++) worst = Math.Max(worst, Math.Abs(ours.Data[i] - theirs.Data[i]));
        Assert.True(worst <= 1, $"max difference to ffmpeg lut3d: {worst}");

        var sideBySide = ImageFile.Read(compare);
        Assert.Equal((2 * ours.Width + 8, ours.Height), (sideBySide.Width, sideBySide.Height));
    }

    [Fact]
    public void SixteenBitInputGivesSixteenBitOutputAndStrengthZeroIsIdentity()
    {
        var dir = TestEnvironment.NewTempDir("cli-apply16");
        var input = Path.Combine(dir, "in16.tif");
        var image = new RgbImage(64, 32, SampleType.UInt16);
        var s = image.Samples<ushort>();
        for (int i = 0; i < s.Length; i++) s[i] = (ushort)(i * 977 % 65536);
        ImageFile.Write(input, image);
        var output = Path.Combine(dir, "out.tif");
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", input, "--out", output, "--strength", "0");
        Assert.True(code == 0, err);
        var result = ImageFile.Read(output);
        Assert.Equal(SampleType.UInt16, result.Type);
        Assert.Equal(image.Data, result.Data);
    }

    [Theory]
    [InlineData("--lut", "missing.cube")]
    [InlineData("--in", "missing.png")]
    [InlineData("--out", "out.bmp")]
    [InlineData("--strength", "1.5")]
    [InlineData("--interp", "cubic")]
    public void BadInputIsExitTwoWithAOneLineMessage(string option, string value)
    {
        var dir = TestEnvironment.NewTempDir("cli-bad");
        var args = new Dictionary<string, string>
        {
            ["--lut"] = Creative("bw__agfa_apx_100.cube"),
            ["--in"] = TestEnvironment.SharedFile("photos", "skimage_chelsea.png"),
            ["--out"] = Path.Combine(dir, "out.png"),
        };
        args[option] = option is "--lut" or "--in" or "--out" ? Path.Combine(dir, value) : value;
        var (code, _, err) = Lutbridge(["apply", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", err);
        Assert.StartsWith("lutbridge:", err.Trim());
        Assert.False(File.Exists(Path.Combine(dir, "out.png")));
    }

    [Fact]
    public void CorruptImageIsExitTwoNamingTheFile()
    {
        var dir = TestEnvironment.NewTempDir("cli-corrupt");
        var bad = Path.Combine(dir, "bad.png");
        File.WriteAllBytes(bad, File.ReadAllBytes(TestEnvironment.SharedFile("photos", "skimage_chelsea.png"))[..5000]);
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", bad, "--out", Path.Combine(dir, "o.png"));
        Assert.Equal(2, code);
        Assert.Contains(bad, err);
    }

    [Fact]
    public void BenchApplyJsonHasExactlyTheThreeRates()
    {
        var (code, output, err) = Lutbridge("bench", "apply", "--megapixels", "0.3", "--runs", "1", "--json");
        Assert.True(code == 0, err);
        var match = Regex.Match(output.Trim(), @"^\{""rgb8_mpix_s"":([0-9.]+),""rgb16_mpix_s"":([0-9.]+),""float_mpix_s"":([0-9.]+)\}$");
        Assert.True(match.Success, output);
        for (int i = 1; i <= 3; i++) Assert.True(double.Parse(match.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void BenchApplyComparesKernelPathsAndRejectsUnknownOnes()
    {
        var (code, output, err) = Lutbridge("bench", "apply", "--megapixels", "0.2", "--runs", "1", "--simd", "scalar", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("1 threads, Scalar kernels", output);
        (code, _, err) = Lutbridge("bench", "apply", "--megapixels", "0.2", "--simd", "neon");
        Assert.Equal(2, code);
        Assert.Contains("--simd must be", err);
    }
}
