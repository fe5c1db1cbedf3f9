using System.Text.Json;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>`lutbridge distil` as a user runs it: the bundled misaligned pair, the report, bad input.</summary>
public class DistilCommandTests
{
    private static readonly string Dir = TestEnvironment.NewTempDir("distilcli");

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        Assert.True(File.Exists(dll), $"{dll} missing");
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 300_000);
        Assert.DoesNotContain("   at ", stderr);
        return (code, stdout, stderr);
    }

    [Fact]
    public void TheBundledMisalignedPairDistilsToALookWithItsReport()
    {
        var look = Path.Combine(Dir, "pair.look");
        var report = Path.Combine(Dir, "pair.json");
        var (code, stdout, err) = Cli("distil", "--before", TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"),
            "--after", TestEnvironment.RepoFile("samples", "pairs", "coffee_amatorka_misaligned.jpg"), "--out", look, "--json", report);
        Assert.True(code == 0, err);
        Assert.Contains("alignment:", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        var r = doc.RootElement;
        Assert.Equal(new FileInfo(look).Length, r.GetProperty("size_bytes").GetInt32());
        // The bundled pair was rotated by 2°, cropped to 88% and scaled by 1.05 (ffmpeg rotate, crop, scale).
        var alignment = r.GetProperty("alignment");
        Assert.NotEqual("none", alignment.GetProperty("kind").GetString());
        Assert.True(Math.Abs(Math.Abs(alignment.GetProperty("rotation_degrees").GetDouble()) - 2) < 0.3, alignment.ToString());
        Assert.True(Math.Abs(alignment.GetProperty("scale_factor").GetDouble() - 1.05) < 0.02, alignment.ToString());
        foreach (var key in new[] { "seconds", "matched_fraction", "coverage", "de2000_mean", "psnr_db", "dense_psnr_db" })
            Assert.True(r.TryGetProperty(key, out _), key);
        // JPEG compression and the registration's leftovers: still a close fit on the matched pixels.
        Assert.True(r.GetProperty("psnr_db").GetDouble() > 28, r.ToString());
    }

    [Fact]
    public void AMissingAfterImageIsOneLineNamingItAndExitTwo()
    {
        var (code, _, err) = Cli("distil", "--before", TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"),
            "--after", Path.Combine(Dir, "nope.png"), "--out", Path.Combine(Dir, "x.look"));
        Assert.Equal(2, code);
        Assert.Contains("nope.png", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(Dir, "x.look")));
    }

    [Fact]
    public void PixelAlignmentOfDifferentSizesIsRefused()
    {
        var (code, _, err) = Cli("distil", "--before", TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"),
            "--after", TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png"), "--align", "none", "--out", Path.Combine(Dir, "y.look"));
        Assert.Equal(2, code);
        Assert.Contains("differ in size", err);
    }
}
