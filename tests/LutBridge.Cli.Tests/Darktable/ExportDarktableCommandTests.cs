using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests.Darktable;

/// <summary>`lutbridge export darktable` run as the real executable against the real darktable-cli.</summary>
public class ExportDarktableCommandTests
{
    private static (int Code, string Out, string Err) Lutbridge(IDictionary<string, string>? env, params string[] args) =>
        TestEnvironment.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lutbridge.dll"), .. args], env: env);

    private static string Photos(string dir, params string[] names)
    {
        var inDir = Path.Combine(dir, "in");
        Directory.CreateDirectory(inDir);
        foreach (var name in names)
        {
            var source = ImageConvert.ToType(ImageFile.Read(TestEnvironment.SharedFile("photos", name)), SampleType.UInt8);
            var small = new RgbImage(64, 48, SampleType.UInt8);
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 64; x++)
                    Array.Copy(source.Data, ((y * source.Height / 48) * source.Width + x * source.Width / 64) * 3, small.Data, (y * 64 + x) * 3, 3);
            ImageFile.Write(Path.Combine(inDir, Path.ChangeExtension(name, ".png")), small);
        }
        return inDir;
    }

    private static string Lut => TestEnvironment.SharedFile("luts", "creative", "colorslide__fuji_velvia_100_generic.cube");

    [Fact]
    public void ExportsJpegsWithTwoWorkersAndReportsEachCheck()
    {
        TestEnvironment.RequireTool("darktable-cli");
        var dir = TestEnvironment.NewTempDir("cli-dtexport");
        var inDir = Photos(dir, "kodak_kodim04.png", "kodak_kodim23.png");
        var outDir = Path.Combine(dir, "out");
        var (code, stdout, stderr) = Lutbridge(null, "export", "darktable", "--lut", Lut, "--in", inDir, "--out", outDir, "--jobs", "2", "--format", "jpg");
        Assert.True(code == 0, stderr);
        Assert.Equal(["kodak_kodim04.jpg", "kodak_kodim23.jpg"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2, stdout.Split('\n').Count(l => l.Contains("distance to LUT")));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void FailsWithExit2AndWritesNothingWhenDarktableSilentlyDropsTheLut()
    {
        // The real darktable-cli, told to look for LUTs in an empty folder: it exports the photo
        // unchanged and exits 0, exactly as when a user's LUT folder setting is wrong.
        var real = TestEnvironment.RequireTool("darktable-cli");
        var dir = TestEnvironment.NewTempDir("cli-dtexport-missing");
        var bin = Path.Combine(dir, "bin");
        var empty = Path.Combine(dir, "empty");
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(empty);
        var wrapper = Path.Combine(bin, "darktable-cli");
        File.WriteAllText(wrapper,
            "#!/usr/bin/env bash\nargs=()\nfor a in \"$@\"; do\n" +
            $"  case \"$a\" in plugins/darkroom/lut3d/def_path=*) args+=(\"plugins/darkroom/lut3d/def_path={empty}\");; *) args+=(\"$a\");; esac\n" +
            $"done\nexec {real} \"${{args[@]}}\"\n");
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("darktable-cli tests need Linux");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var inDir = Photos(dir, "kodak_kodim04.png");
        var outDir = Path.Combine(dir, "out");
        var env = new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };

        var (code, _, stderr) = Lutbridge(env, "export", "darktable", "--lut", Lut, "--in", inDir, "--out", outDir, "--format", "png");

        Assert.Equal(2, code);
        Assert.Contains("without the look", stderr);
        Assert.DoesNotContain("   at ", stderr); // a message, not a stack trace
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
        Directory.Delete(dir, true);
    }
}
