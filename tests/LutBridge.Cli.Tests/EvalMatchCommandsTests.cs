using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LutBridge.Engines.Match;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

public class EvalMatchCommandsTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        Assert.True(File.Exists(dll), $"{dll} missing");
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 300_000);
        Assert.DoesNotContain("   at ", stderr);
        return (code, stdout, stderr);
    }

    [Fact]
    public void SeveralPhotoFoldersGiveMediansPerFolderAndOverAllCases()
    {
        // Two folders of two photos, 2 cases each (no G'MIC): each folder's medians are its own
        // cases' (recomputed here from the per-case rows), and the top-level medians pool all four.
        var dir = TestEnvironment.NewTempDir("eval-match");
        var a = Directory.CreateDirectory(Path.Combine(dir, "a")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(dir, "b")).FullName;
        foreach (var (folder, name) in new[] { (a, "kodak_kodim13.png"), (a, "skimage_coffee.png"), (b, "kodak_kodim23.png"), (b, "skimage_chelsea.png") })
            File.Copy(TestEnvironment.SharedFile("photos", name), Path.Combine(folder, name));
        var json = Path.Combine(dir, "report.json");
        var (code, stdout, err) = Cli("eval", "match", a, b, "--luts", TestEnvironment.SharedFile("luts", "creative"), "--cases", "2", "--offset", "1", "--no-gmic", "--json", json);
        Assert.True(code == 0, err);
        Assert.Contains("all 4 cases: median ΔE ours", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => (Ours: c.GetProperty("de2000").GetProperty("ours").GetDouble(), Ref: c.GetProperty("reference").GetString())).ToList();
        Assert.Equal(4, cases.Count);
        static double Median(IEnumerable<double> v) { var x = v.Order().ToArray(); return x.Length % 2 == 1 ? x[x.Length / 2] : 0.5 * (x[x.Length / 2 - 1] + x[x.Length / 2]); }
        Assert.Equal(Math.Round(Median(cases.Select(c => c.Ours)), 3), doc.RootElement.GetProperty("medians").GetProperty("de2000_ours").GetDouble(), 6);
        var sets = doc.RootElement.GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal(2, sets.Count);
        Assert.Equal(a, sets[0].GetProperty("folder").GetString());
        Assert.Equal(Math.Round(Median(cases.Take(2).Select(c => c.Ours)), 3), sets[0].GetProperty("medians").GetProperty("de2000_ours").GetDouble(), 6);
        Assert.Equal(Math.Round(Median(cases.Skip(2).Select(c => c.Ours)), 3), sets[1].GetProperty("medians").GetProperty("de2000_ours").GetDouble(), 6);
        // Each case names its folder, and the first folder's cases use its own photos only.
        var setNames = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("set").GetString()).ToList();
        Assert.Equal([a, a, b, b], setNames);
        Assert.All(cases.Take(2), c => Assert.True(File.Exists(Path.Combine(a, c.Ref!)), c.Ref));

        var (missing, _, missingErr) = Cli("eval", "match", a, Path.Combine(dir, "nope"), "--luts", TestEnvironment.SharedFile("luts", "creative"), "--no-gmic");
        Assert.Equal(2, missing);
        Assert.Contains("nope: no such folder", missingErr);
        var (twice, _, twiceErr) = Cli("eval", "match", a, a, "--luts", TestEnvironment.SharedFile("luts", "creative"), "--no-gmic");
        Assert.Equal(2, twice);
        Assert.Contains("named twice", twiceErr);
    }

    [Fact]
    public void WithALibraryTheStyleSetIsMeasuredBesideOursAndKeepsTheStructure()
    {
        // Two cases (--offset 1 takes LUTs 1 and 31 of 60); the library holds three other film LUTs
        // and case 1's own, which must be left out of that case's style set (it would be the answer).
        var dir = TestEnvironment.NewTempDir("eval-match-library");
        var photos = Directory.CreateDirectory(Path.Combine(dir, "photos")).FullName;
        foreach (var name in new[] { "kodak_kodim13.png", "skimage_coffee.png" })
            File.Copy(TestEnvironment.SharedFile("photos", name), Path.Combine(photos, name));
        var lutDir = TestEnvironment.SharedFile("luts", "creative");
        var all = Directory.GetFiles(lutDir).Order(StringComparer.Ordinal).ToArray();
        var library = Directory.CreateDirectory(Path.Combine(dir, "library")).FullName;
        foreach (var i in new[] { 0, 1, 2, 40 }) File.Copy(all[i], Path.Combine(library, Path.GetFileName(all[i])));
        Assert.Equal(0, Cli("library", "add", library).Code);
        var json = Path.Combine(dir, "report.json");

        var (code, _, err) = Cli("eval", "match", photos, "--luts", lutDir, "--cases", "2", "--offset", "1", "--no-gmic", "--library", library, "--json", json);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(Path.GetFileName(all[1]), cases[0].GetProperty("lut").GetString());
        var none = cases.Select(c => c.GetProperty("de2000").GetProperty("none").GetDouble()).ToList();
        var withLibrary = cases.Select(c => c.GetProperty("de2000").GetProperty("library").GetDouble()).ToList();
        // Case 1's own LUT was left out: the same library without it gives case 1 the same result.
        var without = Directory.CreateDirectory(Path.Combine(dir, "without")).FullName;
        foreach (var i in new[] { 0, 2, 40 }) File.Copy(all[i], Path.Combine(without, Path.GetFileName(all[i])));
        Assert.Equal(0, Cli("library", "add", without).Code);
        var json2 = Path.Combine(dir, "report-without.json");
        Assert.Equal(0, Cli("eval", "match", photos, "--luts", lutDir, "--cases", "2", "--offset", "1", "--no-gmic", "--library", without, "--json", json2).Code);
        using var doc2 = JsonDocument.Parse(File.ReadAllText(json2));
        Assert.Equal(withLibrary[0], doc2.RootElement.GetProperty("cases")[0].GetProperty("de2000").GetProperty("library").GetDouble());
        // The structure guard holds the library's Look too (these photos are guarded at full size).
        Assert.All(cases, c => Assert.InRange(c.GetProperty("ssim").GetProperty("library").GetDouble(), 0.9595, 1));
        static double Median(IEnumerable<double> v) { var x = v.Order().ToArray(); return x.Length % 2 == 1 ? x[x.Length / 2] : 0.5 * (x[x.Length / 2 - 1] + x[x.Length / 2]); }
        var medians = doc.RootElement.GetProperty("medians");
        Assert.Equal(Math.Round(Median(withLibrary), 3), medians.GetProperty("de2000_library").GetDouble(), 6);
        Assert.Equal(Math.Round(Math.Round(Median(withLibrary), 3) / Math.Round(Median(none), 3), 3), medians.GetProperty("ratio_library_over_none").GetDouble(), 6);
    }

    [Fact]
    public void FitsAPriorAndPrintsTheTypicalFilmGradeWithoutTheHeldOutLooks()
    {
        // 24 LUTs: eval match's 12 cases take every 2nd, so --offset 1's (odd indices) are held out and 12 kept.
        var dir = TestEnvironment.NewTempDir("match-prior");
        var luts = Directory.CreateDirectory(Path.Combine(dir, "luts")).FullName;
        var all = Directory.GetFiles(TestEnvironment.SharedFile("luts", "creative")).Order(StringComparer.Ordinal).Take(24).ToArray();
        foreach (var f in all) File.Copy(f, Path.Combine(luts, Path.GetFileName(f)));
        var kept = all.Where((_, i) => i % 2 == 0).Select(Path.GetFileName).ToList();
        var photos = new[] { "kodak_kodim13.png", "skimage_coffee.png" }.Select(p => TestEnvironment.SharedFile("photos", p)).ToArray();
        var output = Path.Combine(dir, "prior.json");

        var (code, stdout, err) = Cli(["eval", "match-prior", .. photos, "--luts", luts, "--looks", "0", "--ridge", "0.2", "--out", output]);
        Assert.True(code == 0, err);
        Assert.Contains("2 photos × (12 LUTs + none), 12 LUTs held out", err);
        var prior = LearnedPrior.FromJson(File.ReadAllText(output));
        Assert.Contains("held out: the LUTs of eval match --offset 1", prior.About);

        // Each photo is 8 contents (whole, 4 quadrants, centre, ±½ stop); the black-and-white LUTs among
        // the kept ones (bw__*, *mono*: all grey) do not count toward the typical film grade.
        int colour = kept.Count(f => !f!.StartsWith("bw__", StringComparison.Ordinal) && !f.Contains("mono", StringComparison.Ordinal));
        var line = Regex.Match(stdout, @"typical film grade \(mean graded − ungraded over (\d+) colour-LUT gradings; [^)]*\): \[([^\]]+)\]");
        Assert.True(line.Success, stdout);
        // A muted colour LUT on a grey crop can fall under the black-and-white chroma too: at most a few.
        Assert.InRange(int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), 2 * 8 * (colour - 1) + 1, 2 * 8 * colour);
        var shift = line.Groups[2].Value.Split(", ").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(LearnedPrior.Length, shift.Length);
        Assert.True(shift[0] > 0, $"film LUTs lift the black on average: {shift[0]}");

        // A bad ridge is refused before any work.
        var (bad, _, badErr) = Cli(["eval", "match-prior", .. photos, "--luts", luts, "--ridge", "x"]);
        Assert.Equal(2, bad);
        Assert.Contains("ridge", badErr);
    }
}
