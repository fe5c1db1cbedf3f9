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

        // A look whose content changed renders everything again (touching it alone does not: outputs record its content).
        File.SetLastWriteTimeUtc(lut, DateTime.UtcNow.AddSeconds(10));
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--format", "png");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*0\s*│\s*3\s*│\s*0\s*│", stdout);
        File.Copy(TestEnvironment.SharedFile("luts", "creative", "bw__agfa_apx_100.cube"), lut, overwrite: true);
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--format", "png");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*3\s*│\s*3\s*│\s*0\s*│\s*0\s*│", stdout);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void OutputsMadeWithOtherSettingsAreRedoneAndFilesLutBridgeDidNotWriteAreKept()
    {
        var dir = TestEnvironment.NewTempDir("cli-batch-settings");
        var input = Path.Combine(dir, "in");
        Directory.CreateDirectory(input);
        foreach (var name in new[] { "skimage_chelsea.png", "skimage_coffee.png" })
            File.Copy(Photo(name), Path.Combine(input, name));
        var output = Path.Combine(dir, "out");
        Directory.CreateDirectory(output);
        var usersOwn = Path.Combine(output, "skimage_coffee.jpg");
        File.WriteAllText(usersOwn, "the user's own file, not an image LutBridge made");

        string[] batch = ["batch", "--lut", Lut, "--in", input, "--out", output, "--format", "jpg"];
        var (code, stdout, err) = Lutbridge([.. batch, "--quality", "95"]);
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*2\s*│\s*1\s*│\s*1\s*│\s*0\s*│", stdout);
        Assert.Contains("skimage_coffee.jpg", err);
        Assert.Contains("--force", err);
        Assert.Equal("the user's own file, not an image LutBridge made", File.ReadAllText(usersOwn));
        var chelsea = Path.Combine(output, "skimage_chelsea.jpg");
        long at95 = new FileInfo(chelsea).Length;

        // Same settings: nothing to do. Another quality: made again, and said why.
        (code, stdout, err) = Lutbridge([.. batch, "--quality", "95"]);
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*2\s*│\s*0\s*│\s*2\s*│\s*0\s*│", stdout);
        (code, stdout, err) = Lutbridge([.. batch, "--quality", "40"]);
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*2\s*│\s*1\s*│\s*1\s*│\s*0\s*│", stdout);
        Assert.Contains("--quality 95 → 40", err);
        Assert.True(new FileInfo(chelsea).Length < at95 * 3 / 4, "the quality-40 JPEG is not smaller: it was not made again");

        // Another look (same file name, new content): made again.
        var lut = Path.Combine(dir, "look.cube");
        File.Copy(Lut, lut);
        (code, _, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--quality", "40");
        Assert.True(code == 0, err);
        File.Copy(TestEnvironment.SharedFile("luts", "creative", "bw__agfa_apx_100.cube"), lut, overwrite: true);
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--quality", "40");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*2\s*│\s*1\s*│\s*1\s*│\s*0\s*│", stdout);
        Assert.Contains("the look", err);

        // --force replaces everything, the user's file included.
        (code, stdout, err) = Lutbridge("batch", "--lut", lut, "--in", input, "--out", output, "--quality", "40", "--force");
        Assert.True(code == 0, err);
        Assert.Matches(@"host\s*│\s*2\s*│\s*2\s*│\s*0\s*│\s*0\s*│", stdout);
        Assert.Equal(SampleType.UInt8, ImageFile.Read(usersOwn).Type);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, ".lutbridge-batch"), "*.json").Length);
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

    [Fact]
    public void DarktableEngineFailsTheUndecodablePhotoAloneAndKeepsTheOthers()
    {
        TestEnvironment.RequireTool("darktable-cli");
        var dir = TestEnvironment.NewTempDir("cli-batch-dtfail");
        // darktable's rawspeed refuses this CinemaDNG ("Not a valid RAW file"); the PNG is fine.
        var dng = TestEnvironment.SharedFile("raw", "imageio_Blackmagic_PocketCinema4K.dng");
        var output = Path.Combine(dir, "out");
        var (code, stdout, err) = Lutbridge("batch", "--lut", Lut, "--engine", "darktable", "--in", dng, Photo("skimage_chelsea.png"), "--out", output, "--format", "png");
        Assert.Equal(1, code);
        Assert.DoesNotContain("internal error", err);
        Assert.DoesNotContain("One or more errors", err);
        Assert.Contains("1 of 2 image(s) failed", err);
        Assert.Contains($"  {dng}: ", err);
        Assert.Matches(@"darktable\s*│\s*2\s*│\s*1\s*│\s*0\s*│\s*1\s*│", stdout);
        var cat = ImageFile.Read(Path.Combine(output, "skimage_chelsea.png"));
        Assert.NotEqual(ImageFile.Read(Photo("skimage_chelsea.png")).Data, cat.Data);
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
