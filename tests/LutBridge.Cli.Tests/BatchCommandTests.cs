using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>`lutbridge batch` with the host engine, run as the real executable; results checked against ffmpeg's lut3d.</summary>
public class BatchCommandTests
{
    private static (int Code, string Out, string Err) Lutbridge(params string[] args) =>
        TestEnvironment.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lutbridge.dll"), .. args]);

    private static readonly string Lut = TestEnvironment.SharedFile("luts", "creative", "negative_new__kodak_portra_800.cube");

    private static string Photo(string name) => TestEnvironment.SharedFile("photos", name);

    [Fact]
    public void HostEngineMatchesFfmpegLut3dResumesAndRerendersWhenTheLookChanges()
    {
        var dir = TestEnvironment.NewTempDir("cli-batch");
        var input = Path.Combine(dir, "in");
        Directory.CreateDirectory(input);
        foreach (var name in new[] { "kodak_kodim23.png", "skimage_chelsea.png", "skimage_coffee.png" })
            File.Copy(Photo(name), Path.Combine(input, name));
        var lut = Path.Combine(dir, "look.cube");
        File.Copy(Lut, lut);
        var output = Path.Combine(dir, "out");

        var (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--format", "png", "--jobs", "2");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*3\s*│\s*0\s*│\s*0\s*│", stdout);

        var ffmpeg = TestEnvironment.RequireTool("ffmpeg");
        var expected = Path.Combine(dir, "ffmpeg.png");
        var (fc, _, ferr) = TestEnvironment.Run(ffmpeg, ["-v", "error", "-i", Path.Combine(input, "kodak_kodim23.png"), "-vf", $"lut3d=file={lut}:interp=tetrahedral", expected]);
        Assert.True(fc == 0, ferr);
        var ours = ImageFile.Read(Path.Combine(output, "kodak_kodim23.png"));
        var theirs = ImageFile.Read(expected);
        int worst = 0;
        for (int i = 0; i < ours.Data.Length; i++) worst = Math.Max(worst, Math.Abs(ours.Data[i] - theirs.Data[i]));
        Assert.True(worst <= 1, $"max difference to ffmpeg lut3d: {worst}");
        Assert.Equal(3, Directory.GetFiles(output).Length); // no temporary files left behind

        // Resume: nothing to do; then one input changes and only it is rendered again.
        var coffee = Path.Combine(output, "skimage_coffee.png");
        var firstWrite = File.GetLastWriteTimeUtc(coffee);
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--format", "png");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*0\s*│\s*3\s*│\s*0\s*│", stdout);
        File.SetLastWriteTimeUtc(Path.Combine(input, "skimage_chelsea.png"), DateTime.UtcNow.AddSeconds(5));
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--format", "png");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*1\s*│\s*2\s*│\s*0\s*│", stdout);
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(coffee));

        // A newer look renders everything again.
        File.SetLastWriteTimeUtc(lut, DateTime.UtcNow.AddSeconds(10));
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--format", "png");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*3\s*│\s*0\s*│\s*0\s*│", stdout);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ABrokenImageFailsAloneWithExitOneAndIsListed()
    {
        var dir = TestEnvironment.NewTempDir("cli-batchfail");
        var broken = Path.Combine(dir, "broken.jpg");
        var bytes = File.ReadAllBytes(Photo("skimage_rocket.jpg"));
        File.WriteAllBytes(broken, bytes[..(bytes.Length / 3)]);
        var raw = TestEnvironment.SharedFile("raw", "rawpy_RAW_KODAK_DC50.KDC");
        var output = Path.Combine(dir, "out");

        var (code, stdout, err) = Lutbridge("batch", "--lut", Lut, "--in", broken, Photo("skimage_chelsea.png"), raw, "--out", output, "--quality", "90");
        Assert.Equal(1, code);
        Assert.Contains("1 of 3 image(s) failed", err);
        Assert.Contains($"  {broken}: ", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*2\s*│\s*0\s*│\s*1\s*│", stdout);
        var cat = ImageFile.Read(Path.Combine(output, "skimage_chelsea.jpg"));
        Assert.Equal((451, 300), (cat.Width, cat.Height));
        var fromRaw = ImageFile.Read(Path.Combine(output, "rawpy_RAW_KODAK_DC50.jpg")); // decoded by LibRaw
        Assert.Equal(SampleType.UInt8, fromRaw.Type);
        Assert.Equal(["rawpy_RAW_KODAK_DC50.jpg", "skimage_chelsea.jpg"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("darktable", "darktable-cli")]
    [InlineData("rawtherapee", "rawtherapee-cli")]
    public void EditorEnginesRenderTheLookLikeTheHostEngine(string engine, string tool)
    {
        TestEnvironment.RequireTool(tool);
        var dir = TestEnvironment.NewTempDir("cli-batch-" + engine);
        var look = TestEnvironment.RepoFile("tests", "vectors", "look", "lut_kodak_portra_800.look");
        var photo = Photo("kodak_kodim23.png");
        var (code, stdout, err) = Lutbridge("batch", "--look", look, "--in", photo, "--out", Path.Combine(dir, engine), "--engine", engine, "--format", "png");
        Assert.True(code == 0, err);
        Assert.Matches($@"{engine}\s*│\s*1\s*│\s*1\s*│", stdout);
        (code, _, err) = Lutbridge("batch", "--look", look, "--in", photo, "--out", Path.Combine(dir, "host"), "--format", "png");
        Assert.True(code == 0, err);

        var editor = ImageFile.Read(Path.Combine(dir, engine, "kodak_kodim23.png"));
        var host = ImageFile.Read(Path.Combine(dir, "host", "kodak_kodim23.png"));
        var toHost = Editors.ImageDifference.Ciede2000(editor, host);
        var toInput = Editors.ImageDifference.Ciede2000(editor, ImageFile.Read(photo));
        Assert.True(toHost.Mean <= 1.5, $"{engine} vs host: mean ΔE00 {toHost.Mean:0.000}");
        Assert.True(toInput.Mean >= 3, $"{engine} left the photo nearly unchanged: mean ΔE00 {toInput.Mean:0.000}");
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("--engine", "gimp")]
    [InlineData("--format", "webp")]
    [InlineData("--quality", "0")]
    [InlineData("--jobs", "0")]
    [InlineData("--in", "missing.png")]
    public void BadInputIsExitTwoWithAOneLineMessage(string option, string value)
    {
        var dir = TestEnvironment.NewTempDir("cli-batchbad");
        var args = new Dictionary<string, string>
        {
            ["--lut"] = Lut,
            ["--in"] = Photo("skimage_chelsea.png"),
            ["--out"] = Path.Combine(dir, "out"),
        };
        args[option] = option == "--in" ? Path.Combine(dir, value) : value;
        var (code, _, err) = Lutbridge(["batch", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", err);
        Assert.StartsWith("lutbridge:", err.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir, "out")) && Directory.EnumerateFiles(Path.Combine(dir, "out")).Any());
    }
}
