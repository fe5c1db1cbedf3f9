using LutBridge.Core.Imaging;
using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>`lutbridge install|uninstall|export rawtherapee`, run as the real executable on files RawTherapee wrote.</summary>
public class RawTherapeeCommandsTests
{
    private static (int Code, string Out, string Err) Lutbridge(params string[] args) =>
        TestEnvironment.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lutbridge.dll"), .. args]);

    private static string Creative(string name) => TestEnvironment.SharedFile("luts", "creative", name);

    /// <summary>
    /// rawtherapee-cli converts a copy of a photo: it writes its options file, and with -O the profile it used,
    /// which becomes the photo's sidecar .pp3.
    /// </summary>
    private static (string Settings, string Image) RunRawTherapee(string dir)
    {
        var cli = TestEnvironment.RequireTool("rawtherapee-cli");
        var settings = Path.Combine(dir, "settings");
        var image = Path.Combine(dir, "rocket.jpg");
        File.Copy(TestEnvironment.SharedFile("photos", "skimage_rocket.jpg"), image);
        var (rc, so, se) = TestEnvironment.Run(cli, ["-O", Path.Combine(dir, "out.jpg"), "-Y", "-c", image],
            env: new Dictionary<string, string> { ["RT_SETTINGS"] = settings, ["RT_CACHE"] = Path.Combine(dir, "cache") });
        Assert.True(rc == 0, so + se);
        Assert.True(File.Exists(Path.Combine(settings, "options")), "rawtherapee-cli wrote no options file");
        File.Copy(Path.Combine(dir, "out.jpg.pp3"), image + ".pp3");
        return (settings, image);
    }

    [Fact]
    public void InstallSetsAnAbsoluteClutFolderAndUninstallPutsTheOldValueBack()
    {
        var dir = TestEnvironment.NewTempDir("cli-rtinstall");
        var (settings, _) = RunRawTherapee(dir);
        var options = Path.Combine(settings, "options");
        var original = File.ReadAllText(options);
        Assert.Contains("ClutsDirectory=./cluts\n", original);

        var (code, stdout, err) = Lutbridge("install", "rawtherapee", "--settings", settings);
        Assert.True(code == 0, err);
        Assert.Contains("Restart RawTherapee", stdout);
        var folder = Path.Combine(settings, "cluts", "LutBridge");
        Assert.True(Directory.Exists(folder));
        Assert.Equal(Path.Combine(settings, "cluts"), KeyFile.Load(options).Get("Color Management", "ClutsDirectory"));

        // export without --cluts-dir uses the installed folder
        (code, stdout, err) = Lutbridge("export", "rawtherapee", "--lut", Creative("bw__agfa_apx_100.cube"), "--settings", settings, "--level", "8", "--bits", "8");
        Assert.True(code == 0, err);
        var clut = Path.Combine(folder, "agfa_apx_100.png"); // named after the LUT's TITLE
        Assert.Contains(clut, stdout);
        Assert.True(File.Exists(clut));

        (code, stdout, err) = Lutbridge("uninstall", "rawtherapee", "--settings", settings);
        Assert.True(code == 0, err);
        // Photos edited in RawTherapee name the CLUT relative to the CLUT folder (LutBridge/NAME.png):
        // while LutBridge CLUTs exist, the folder setting stays so those photos keep their look (issue 19).
        Assert.Equal(Path.Combine(settings, "cluts"), KeyFile.Load(options).Get("Color Management", "ClutsDirectory"));
        Assert.Contains($"kept {folder}", stdout);
        Assert.True(File.Exists(clut));

        File.Delete(clut);
        (code, _, err) = Lutbridge("uninstall", "rawtherapee", "--settings", settings);
        Assert.True(code == 0, err);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(original, File.ReadAllText(options));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ExportWritesTheHaldClutAPartialProfileAndMergesTheSidecar()
    {
        var dir = TestEnvironment.NewTempDir("cli-rtexport");
        var (_, image) = RunRawTherapee(dir);
        var sidecar = image + ".pp3";
        var before = File.ReadAllLines(sidecar);
        Assert.Contains("[Film Simulation]", before);
        var cluts = Path.Combine(dir, "my cluts");
        var pp3 = Path.Combine(dir, "look.pp3");

        var (code, _, err) = Lutbridge("export", "rawtherapee", "--lut", Creative("negative_new__kodak_portra_800.cube"),
            "--cluts-dir", cluts, "--pp3", pp3, "--sidecar", image, "--level", "9", "--bits", "16", "--strength", "0.8");
        Assert.True(code == 0, err);

        var clut = Path.Combine(cluts, "kodak_portra_800.png");
        var hald = ImageFile.Read(clut);
        Assert.Equal((729, 729, SampleType.UInt16), (hald.Width, hald.Height, hald.Type));

        var partial = KeyFile.Load(pp3);
        Assert.Equal(["Version", "Film Simulation"], partial.Groups);
        Assert.Equal("true", partial.Get("Film Simulation", "Enabled"));
        Assert.Equal(clut, partial.Get("Film Simulation", "ClutFilename"));
        Assert.Equal("80", partial.Get("Film Simulation", "Strength"));

        // The sidecar RawTherapee wrote keeps every line but the three Film Simulation keys.
        var after = File.ReadAllLines(sidecar);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).Select(i => after[i]).ToList();
        Assert.Subset(new HashSet<string> { "Enabled=true", $"ClutFilename={clut}", "Strength=80" }, changed.ToHashSet());
        var merged = KeyFile.Load(sidecar);
        Assert.Equal(clut, merged.Get("Film Simulation", "ClutFilename"));
        Assert.Equal("true", merged.Get("Film Simulation", "Enabled"));
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("--level", "17")]
    [InlineData("--bits", "12")]
    [InlineData("--strength", "1.5")]
    [InlineData("--format", "cube")]
    [InlineData("--sidecar", "missing.jpg")]
    [InlineData("--cluts-dir", "")]
    public void BadInputIsExitTwoWithAOneLineMessage(string option, string value)
    {
        var dir = TestEnvironment.NewTempDir("cli-rtbad");
        var args = new Dictionary<string, string>
        {
            ["--lut"] = Creative("bw__agfa_apx_100.cube"),
            ["--cluts-dir"] = Path.Combine(dir, "cluts"),
            ["--settings"] = Path.Combine(dir, "no-rawtherapee"),
        };
        if (value.Length == 0) args.Remove(option);
        else args[option] = option == "--sidecar" ? Path.Combine(dir, value) : value;
        var (code, _, err) = Lutbridge(["export", "rawtherapee", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", err);
        Assert.StartsWith("lutbridge:", err.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir, "cluts")) && Directory.EnumerateFiles(Path.Combine(dir, "cluts")).Any());
    }
}
