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
        var staleRender = Path.Combine(dir, $".photo.lutbridge-{dead.Id}-{Guid.NewGuid():N}.jpg"); // a renderer's temporary
        File.WriteAllBytes(staleRender, new byte[100]);
        var staleWork = Path.Combine(dir, $".lutbridge-work-{dead.Id}-{Guid.NewGuid():N}"); // an editor export's work folder
        Directory.CreateDirectory(Path.Combine(staleWork, "look-0"));
        File.WriteAllBytes(Path.Combine(staleWork, "look-0", "big.png"), new byte[100]);
        var (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", Photo("skimage_chelsea.png"),
            "--out", Path.Combine(dir, "out.png"));
        Assert.True(code == 0, err);
        Assert.False(File.Exists(stale), "a dead process's temporary was left behind");
        Assert.False(File.Exists(staleRender), "a dead renderer's temporary was left behind");
        Assert.False(Directory.Exists(staleWork), "a dead export's work folder was left behind");
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

    private static string ClutOf(string pp3) =>
        File.ReadAllLines(pp3).Single(l => l.StartsWith("ClutFilename=", StringComparison.Ordinal))["ClutFilename=".Length..];

    [Fact]
    public void ExportingAnEditedLookNeverChangesTheClutOfTheLookItCameFrom()
    {
        var dir = TestEnvironment.NewTempDir("ns-rt-names");
        var cluts = Path.Combine(dir, "cluts");
        var look = TestEnvironment.RepoFile("tests", "vectors", "look", "bands.look");
        var (code, _, err) = Lutbridge("export", "rawtherapee", "--look", look, "--cluts-dir", cluts, "--pp3", Path.Combine(dir, "a.pp3"), "--level", "8");
        Assert.True(code == 0, err);
        var first = ClutOf(Path.Combine(dir, "a.pp3"));
        var firstBytes = File.ReadAllBytes(first);

        var edited = Path.Combine(dir, "edited.look");
        (code, _, err) = Lutbridge("edit", look, "--set", "saturation=0.4", "--out", edited);
        Assert.True(code == 0, err);
        (code, _, err) = Lutbridge("export", "rawtherapee", "--look", edited, "--cluts-dir", cluts, "--pp3", Path.Combine(dir, "b.pp3"), "--level", "8");
        Assert.True(code == 0, err);
        var second = ClutOf(Path.Combine(dir, "b.pp3"));
        Assert.NotEqual(first, second);
        Assert.Equal(firstBytes, File.ReadAllBytes(first)); // a.pp3 still shows the look it was made with
        Assert.NotEqual(firstBytes, File.ReadAllBytes(second));

        // Exporting the first look again reuses its CLUT (same content, same file).
        (code, _, err) = Lutbridge("export", "rawtherapee", "--look", look, "--cluts-dir", cluts, "--pp3", Path.Combine(dir, "c.pp3"), "--level", "8");
        Assert.True(code == 0, err);
        Assert.Equal(first, ClutOf(Path.Combine(dir, "c.pp3")));
        Assert.Equal(2, Directory.GetFiles(cluts).Length);

        // An explicit --name that holds a different CLUT is refused unless --force.
        var name = Path.GetFileNameWithoutExtension(first);
        (code, _, err) = Lutbridge("export", "rawtherapee", "--look", edited, "--cluts-dir", cluts, "--name", name, "--level", "8");
        AssertOneLineError(code, err, name);
        Assert.Equal(firstBytes, File.ReadAllBytes(first));

        // edit --title gives the edited Look its own name.
        var titled = Path.Combine(dir, "titled.look");
        (code, _, err) = Lutbridge("edit", edited, "--title", "Bands punchy", "--out", titled);
        Assert.True(code == 0, err);
        (code, _, err) = Lutbridge("export", "rawtherapee", "--look", titled, "--cluts-dir", cluts, "--pp3", Path.Combine(dir, "d.pp3"), "--level", "8");
        Assert.True(code == 0, err);
        Assert.Equal(Path.Combine(cluts, "Bands punchy.png"), ClutOf(Path.Combine(dir, "d.pp3")));
    }

    [Fact]
    public void ALookIsAcceptedWhereverALutIs()
    {
        var dir = TestEnvironment.NewTempDir("ns-look-as-lut");
        var look = TestEnvironment.RepoFile("tests", "vectors", "look", "bands.look");
        var cube = Path.Combine(dir, "bands.cube");
        var (code, _, err) = Lutbridge("bake", look, "--out", cube, "--size", "65");
        Assert.True(code == 0, err);
        var photo = Photo("skimage_chelsea.png");
        var viaLook = Path.Combine(dir, "via-look.png");
        var viaCube = Path.Combine(dir, "via-cube.png");
        (code, _, err) = Lutbridge("apply", "--lut", look, "--in", photo, "--out", viaLook);
        Assert.True(code == 0, err);
        (code, _, err) = Lutbridge("apply", "--lut", cube, "--in", photo, "--out", viaCube);
        Assert.True(code == 0, err);
        // The same Look baked independently by 'bake' (65³ .cube, written as text) gives the same pixels within rounding.
        var a = ImageFile.Read(viaLook).Data;
        var b = ImageFile.Read(viaCube).Data;
        Assert.True(a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1), "apply --lut X.look differs from the baked .cube");
        Assert.NotEqual(ImageFile.Read(photo).Data, a);

        (code, _, err) = Lutbridge("batch", "--lut", look, "--in", photo, "--out", Path.Combine(dir, "batch"), "--format", "png");
        Assert.True(code == 0, err);
        Assert.Equal(a, ImageFile.Read(Path.Combine(dir, "batch", "skimage_chelsea.png")).Data);

        (code, _, err) = Lutbridge("export", "rawtherapee", "--lut", look, "--cluts-dir", Path.Combine(dir, "cluts"), "--level", "8");
        Assert.True(code == 0, err);
        (code, _, err) = Lutbridge("convert", look, Path.Combine(dir, "bands.3dl"));
        Assert.True(code == 0, err);
        (code, var info, err) = Lutbridge("info", look);
        Assert.True(code == 0, err);
        Assert.Contains("65", info);
    }

    [Fact]
    public void ApplyShowsProgressInATerminal()
    {
        var dir = TestEnvironment.NewTempDir("ns-progress");
        var script = TestEnvironment.RequireTool("script");
        // script(1) gives the command a real terminal; its output is what the user would see.
        string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
        var apply = $"dotnet {Quote(Cli)} apply --lut {Quote(Creative("bw__agfa_apx_100.cube"))} --in {Quote(Photo("skimage_chelsea.png"))} --out {Quote(Path.Combine(dir, "o.png"))}";
        var (code, tty, err) = TestEnvironment.Run(script, ["-qefc", apply, "/dev/null"]);
        Assert.True(code == 0, tty + err);
        Assert.Contains("applying", tty);
        // Piped, stderr stays clean.
        (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", Photo("skimage_chelsea.png"), "--out", Path.Combine(dir, "o2.png"));
        Assert.True(code == 0, err);
        Assert.Equal("", err.Trim());

        // (decompose's own bar, shown once a fit takes a second, is tested with decompose.)
    }

    private const string WideProfile = "/usr/share/rawtherapee/iccprofiles/output/RTv4_Large.icc";

    /// <summary>The tags a photographer would miss, as exiftool (an independent reader) reports them.</summary>
    private static string[] Tags(string exiftool, string file)
    {
        var (code, stdout, err) = TestEnvironment.Run(exiftool, ["-s", "-s", "-s", "-n", "-Orientation", "-Make", "-Model", "-XMP-dc:Title", "-ICC_Profile:ProfileDescription", file]);
        Assert.True(code == 0, err);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static byte[] Icc(string exiftool, string file) => BinaryTag(exiftool, "ICC_Profile", file);

    /// <summary>A binary tag's bytes as exiftool extracts them (-b).</summary>
    private static byte[] BinaryTag(string exiftool, string tag, string file)
    {
        var psi = new ProcessStartInfo(exiftool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-b", "-" + tag, file }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        return ms.ToArray();
    }

    [Theory]
    [InlineData("jpg", "jpg")]
    [InlineData("tif", "tif")]
    public void ApplyAndBatchKeepOrientationCameraXmpAndIcc(string inExt, string outExt)
    {
        var exiftool = TestEnvironment.RequireTool("exiftool");
        var dir = TestEnvironment.NewTempDir("ns-meta");
        var photo = Path.Combine(dir, $"photo.{inExt}");
        if (inExt == "jpg") File.Copy(Photo("skimage_rocket.jpg"), photo);
        else
        {
            var (mc, _, merr) = TestEnvironment.Run(TestEnvironment.RequireTool("convert"), [Photo("skimage_rocket.jpg"), photo]);
            Assert.True(mc == 0, merr);
        }
        var (code, _, err) = TestEnvironment.Run(exiftool, ["-overwrite_original", "-n", "-Orientation=6", "-Make=LutBridge Cam", "-Model=Test 1",
            "-XMP-dc:Title=Launch", $"-ICC_Profile<={WideProfile}", photo]);
        Assert.True(code == 0, err);
        var expected = Tags(exiftool, photo);
        Assert.Equal(5, expected.Length); // all five are there to lose

        var output = Path.Combine(dir, $"graded.{outExt}");
        (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", photo, "--out", output);
        Assert.True(code == 0, err);
        Assert.Equal(expected, Tags(exiftool, output));
        Assert.Equal(File.ReadAllBytes(WideProfile), Icc(exiftool, output));
        Assert.NotEqual(ImageFile.Read(photo).Data, ImageFile.Read(output).Data); // and it was graded

        (code, _, err) = Lutbridge("batch", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", photo, "--out", Path.Combine(dir, "batch"), "--format", outExt);
        Assert.True(code == 0, err);
        Assert.Equal(expected, Tags(exiftool, Path.Combine(dir, "batch", $"photo.{outExt}")));
    }

    [Theory]
    [InlineData("II")]
    [InlineData("MM")]
    public void TheExifThumbnailShowsTheGradedPhotoNotTheOriginal(string byteOrder)
    {
        var exiftool = TestEnvironment.RequireTool("exiftool");
        var dir = TestEnvironment.NewTempDir("ns-thumb");
        var photo = Path.Combine(dir, "photo.jpg");
        File.Copy(Photo("skimage_rocket.jpg"), photo);
        // A camera-style thumbnail of the colour original, in the given EXIF byte order.
        var thumb = Path.Combine(dir, "thumb.jpg");
        var (code, _, err) = TestEnvironment.Run(TestEnvironment.RequireTool("convert"), [photo, "-resize", "160x120", thumb]);
        Assert.True(code == 0, err);
        (code, _, err) = TestEnvironment.Run(exiftool, ["-overwrite_original", $"-ExifByteOrder={byteOrder}", "-n", "-Orientation=6",
            "-Make=LutBridge Cam", $"-ThumbnailImage<={thumb}", photo]);
        Assert.True(code == 0, err);
        Assert.True(Chroma(ThumbnailOf(exiftool, photo, dir)) > 10, "the original's thumbnail should be in colour");

        var output = Path.Combine(dir, "graded.jpg");
        (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", photo, "--out", output);
        Assert.True(code == 0, err);
        var graded = ThumbnailOf(exiftool, output, dir);
        Assert.True(Chroma(graded) < 3, $"the graded (black and white) photo's thumbnail has chroma {Chroma(graded):0.0}");
        Assert.True(graded.Width <= 160 && graded.Height <= 120);
        // Same picture: its mean level matches the graded image's.
        Assert.True(Math.Abs(MeanLevel(graded) - MeanLevel(ImageFile.Read(output))) < 4);
        var (_, tags, _) = TestEnvironment.Run(exiftool, ["-s", "-s", "-s", "-n", "-Orientation", "-Make", "-ExifByteOrder", output]);
        Assert.Equal(["6", "LutBridge Cam", byteOrder], tags.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static RgbImage ThumbnailOf(string exiftool, string file, string dir)
    {
        var bytes = BinaryTag(exiftool, "ThumbnailImage", file);
        Assert.True(bytes.Length > 0, $"{file} has no EXIF thumbnail");
        var path = Path.Combine(dir, $"thumb-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, bytes);
        return ImageFile.Read(path);
    }

    /// <summary>Mean of max−min over the channels, in 8-bit levels.</summary>
    private static double Chroma(RgbImage image)
    {
        var s = ImageConvert.ToType(image, SampleType.UInt8).Samples<byte>();
        double sum = 0;
        for (int i = 0; i < s.Length; i += 3) sum += Math.Max(s[i], Math.Max(s[i + 1], s[i + 2])) - Math.Min(s[i], Math.Min(s[i + 1], s[i + 2]));
        return sum / (s.Length / 3);
    }

    private static double MeanLevel(RgbImage image)
    {
        var s = ImageConvert.ToType(image, SampleType.UInt8).Samples<byte>();
        double sum = 0;
        foreach (var v in s) sum += v;
        return sum / s.Length;
    }

    [Fact]
    public void JpegToTiffKeepsTheProfileAndSaysEXIFStayedBehind()
    {
        var exiftool = TestEnvironment.RequireTool("exiftool");
        var dir = TestEnvironment.NewTempDir("ns-meta-cross");
        var photo = Path.Combine(dir, "photo.jpg");
        File.Copy(Photo("skimage_rocket.jpg"), photo);
        var (code, _, err) = TestEnvironment.Run(exiftool, ["-overwrite_original", "-n", "-Orientation=6", $"-ICC_Profile<={WideProfile}", photo]);
        Assert.True(code == 0, err);
        var output = Path.Combine(dir, "graded.tif");
        (code, _, err) = Lutbridge("apply", "--lut", Creative("bw__agfa_apx_100.cube"), "--in", photo, "--out", output);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(WideProfile), Icc(exiftool, output));
        Assert.Contains("EXIF", err);
    }
}
