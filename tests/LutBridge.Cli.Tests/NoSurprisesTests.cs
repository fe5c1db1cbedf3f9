using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>
/// Issue 19: the user's files, folders and earlier work are never changed behind their back.
/// Every test runs the real executable, the way a user would.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class NoSurprisesTests
{
    // LUTBRIDGE_TEST_CLI points at another build (e.g. the main branch's) to see these tests fail there.
    internal static string Cli => Environment.GetEnvironmentVariable("LUTBRIDGE_TEST_CLI") ?? Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");

    private static (int Code, string Out, string Err) Lutbridge(params string[] args) =>
        TestEnvironment.Run("dotnet", [Cli, .. args]);

    private static string Creative(string name) => TestEnvironment.SharedFile("luts", "creative", name);
    private static string Photo(string name) => TestEnvironment.SharedFile("photos", name);

    private static void AssertOneLineError(int code, string err, string mustName)
    {
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", err);
        Assert.Contains(mustName, err);
        Assert.DoesNotContain(".tmp", err);
    }

    [Fact]
    public void ApplyWithABadBeforeAfterPathWritesNothing()
    {
        var dir = TestEnvironment.NewTempDir("ns-apply-ba");
        var output = Path.Combine(dir, "graded.png");
        File.WriteAllText(Path.Combine(dir, "notafolder"), "x");
        var badCompare = Path.Combine(dir, "notafolder", "ba.png");
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", Photo("skimage_chelsea.png"),
            "--out", output, "--before-after", badCompare);
        AssertOneLineError(code, err, "notafolder");
        Assert.False(File.Exists(output), "the graded image was written although the command failed");
    }

    [Fact]
    public void DecomposeWithABadJsonPathWritesNoLook()
    {
        var dir = TestEnvironment.NewTempDir("ns-dec-json");
        var look = Path.Combine(dir, "film.look");
        File.WriteAllText(Path.Combine(dir, "file"), "x");
        var (code, _, err) = Lutbridge("decompose", Creative("bw__agfa_apx_100.cube"), "--out", look, "--json", Path.Combine(dir, "file", "r.json"), "--sliders-only");
        AssertOneLineError(code, err, "file");
        Assert.False(File.Exists(look), "the .look was written although the command failed");
    }

    [Fact]
    public void ConvertRefusesToRewriteItsInputUnlessForced()
    {
        var dir = TestEnvironment.NewTempDir("ns-convert-self");
        var lut = Path.Combine(dir, "look.cube");
        File.Copy(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"), lut);
        var before = File.ReadAllBytes(lut);
        var (code, _, err) = Lutbridge("convert", lut, lut);
        AssertOneLineError(code, err, "look.cube");
        Assert.Contains("--force", err);
        Assert.Equal(before, File.ReadAllBytes(lut));
        // Through another spelling of the same path (a symbolic link) too.
        var link = Path.Combine(dir, "link.cube");
        File.CreateSymbolicLink(link, lut);
        (code, _, err) = Lutbridge("convert", lut, link);
        Assert.Equal(2, code);
        Assert.Equal(before, File.ReadAllBytes(lut));
        (code, _, err) = Lutbridge("convert", lut, lut, "--force");
        Assert.True(code == 0, err);
    }

    [Fact]
    public void ApplyRefusesToOverwriteItsInput()
    {
        var dir = TestEnvironment.NewTempDir("ns-apply-self");
        var photo = Path.Combine(dir, "photo.png");
        File.Copy(Photo("skimage_chelsea.png"), photo);
        var before = File.ReadAllBytes(photo);
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", photo, "--out", photo);
        AssertOneLineError(code, err, "photo.png");
        Assert.Equal(before, File.ReadAllBytes(photo));
    }

    [Fact]
    public void StaleTemporariesOfDeadProcessesAreCleanedAndLiveOnesKept()
    {
        var dir = TestEnvironment.NewTempDir("ns-stale");
        // A process that has certainly exited: its pid is free (or reused, which the cleaner must also not mistake).
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        var stale = Path.Combine(dir, $".out.png.{dead.Id}.{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(dir, $".other.png.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var lookalike = Path.Combine(dir, ".notes.99999999.tmp"); // not ours: not our pattern
        foreach (var f in new[] { stale, live, lookalike }) File.WriteAllBytes(f, new byte[100]);
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", Photo("skimage_chelsea.png"),
            "--out", Path.Combine(dir, "out.png"));
        Assert.True(code == 0, err);
        Assert.False(File.Exists(stale), "a dead process's temporary was left behind");
        Assert.True(File.Exists(live), "the temporary of a running process was deleted");
        Assert.True(File.Exists(lookalike), "a file that is not a LutBridge temporary was deleted");
    }

    [Fact]
    public void AFolderAsInputSaysItIsAFolder()
    {
        var dir = TestEnvironment.NewTempDir("ns-folder-in");
        var folder = Path.Combine(dir, "shoot.png");
        Directory.CreateDirectory(folder);
        var lutFolder = Path.Combine(dir, "film.cube");
        Directory.CreateDirectory(lutFolder);
        var lookFolder = Path.Combine(dir, "film.look");
        Directory.CreateDirectory(lookFolder);
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", folder, "--out", Path.Combine(dir, "o.png"));
        AssertOneLineError(code, err, "is a folder");
        (code, _, err) = Lutbridge("info", lutFolder);
        AssertOneLineError(code, err, "is a folder");
        (code, _, err) = Lutbridge("show", lookFolder);
        AssertOneLineError(code, err, "is a folder");
        (code, _, err) = Lutbridge("convert", Creative("bw__agfa_apx_100.cube"), folder + "/../film.cube");
        AssertOneLineError(code, err, "is a folder");
    }

    [Fact]
    public void AWriteErrorNamesTheUsersFileNotTheTemporary()
    {
        // /proc/self takes no new files, not even from root: the write itself fails.
        const string target = "/proc/self/lutbridge-test.cube";
        var (code, _, err) = Lutbridge("convert", Creative("bw__agfa_apx_100.cube"), target);
        AssertOneLineError(code, err, target);
    }

    [Fact]
    public void AReadOnlyOutputIsRefusedAndAWritableOneKeepsItsMode()
    {
        var dir = TestEnvironment.NewTempDir("ns-mode");
        var readOnly = Path.Combine(dir, "keep.cube");
        File.WriteAllText(readOnly, "precious\n");
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (code, _, err) = Lutbridge("convert", Creative("bw__agfa_apx_100.cube"), readOnly);
        AssertOneLineError(code, err, "read-only");
        Assert.Equal("precious\n", File.ReadAllText(readOnly));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(readOnly));

        var privateFile = Path.Combine(dir, "private.cube");
        File.WriteAllText(privateFile, "old\n");
        File.SetUnixFileMode(privateFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (code, _, err) = Lutbridge("convert", Creative("bw__agfa_apx_100.cube"), privateFile);
        Assert.True(code == 0, err);
        Assert.NotEqual("old\n", File.ReadAllText(privateFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateFile));
    }

    [Fact]
    public void AMissingOutputFolderIsCreatedAndSaidOnce()
    {
        var dir = TestEnvironment.NewTempDir("ns-mkdir");
        var output = Path.Combine(dir, "new", "deeper", "graded.png");
        var compare = Path.Combine(dir, "new", "deeper", "ba.png");
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", Photo("skimage_chelsea.png"),
            "--out", output, "--before-after", compare);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(output) && File.Exists(compare));
        var notes = err.Split('\n').Where(l => l.Contains("created folder")).ToList();
        Assert.Single(notes);
        Assert.Contains(Path.Combine(dir, "new", "deeper"), notes[0]);
    }

    [Fact]
    public void DroppingAnAlphaChannelIsSaid()
    {
        var dir = TestEnvironment.NewTempDir("ns-alpha");
        var rgba = Path.Combine(dir, "rgba.png");
        var magick = TestEnvironment.RequireTool("convert");
        var (mc, _, merr) = TestEnvironment.Run(magick, ["-size", "16x8", "gradient:red-blue", "-alpha", "set", "-channel", "A", "-evaluate", "set", "50%", "+channel", "PNG32:" + rgba]);
        Assert.True(mc == 0, merr);
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", rgba, "--out", Path.Combine(dir, "o.png"));
        Assert.True(code == 0, err);
        Assert.Contains("alpha", err);
        Assert.Contains("rgba.png", err);
        // An opaque image gets no such note.
        (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", Photo("skimage_chelsea.png"), "--out", Path.Combine(dir, "o2.png"));
        Assert.True(code == 0, err);
        Assert.DoesNotContain("alpha", err);
    }
}
