using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Library;
using LutBridge.Engines.Match;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge eval match PHOTOS --luts LUTS`: the known-look setting. Case i: a LUT X, a reference
/// photo B and an input photo A of other content; the reference is X(B), the truth X(A). Ours
/// (match --ref X(B) --in A), doing nothing and G'MIC's transfer_pca, transfer_histogram and
/// transfer_rgb are measured by mean CIEDE2000 to the truth and luma SSIM to A.
/// </summary>
[SubcommandOf("eval")]
internal static class EvalMatchCommand
{
    private static readonly string[] GmicMethods = ["transfer_pca", "transfer_histogram", "transfer_rgb"];

    public static Command Create()
    {
        var photos = new Argument<string[]>("photos") { Description = "Folder(s) of ungraded photos (.png .jpg .tif); each folder is a set of cases, and with several the medians are given per folder and pooled", Arity = ArgumentArity.OneOrMore };
        var luts = new Option<string>("--luts") { Description = "Folder of LUTs that play the known looks", Required = true };
        var cases = new Option<int>("--cases") { Description = "Number of cases (LUTs spread evenly over the folder)", DefaultValueFactory = _ => 12 };
        var offset = new Option<int>("--offset") { Description = "Shift of the LUT and photo choice: tune on one offset, report on another", DefaultValueFactory = _ => 0 };
        var noGmic = new Option<bool>("--no-gmic") { Description = "Do not run G'MIC" };
        var cache = new Option<string?>("--gmic-cache") { Description = "Folder keeping G'MIC's outputs between runs (keyed by the SHA-256 of its inputs)" };
        var tuning = new Option<string?>("--tuning") { Description = "Tuning experiments: overrides of the match tuning, name=value,… ; several separated by ';' re-estimate on the same cases; the word oracle uses the ungraded reference's own statistics as the prior (an upper bound). Tune on the shared photos and scripts/match-heldout-photos.sh's (--offset 0, 2, 3, 4); the held-out sets are scripts/match-fresh2-photos.sh's two halves and scripts/match-fresh-photos.sh, each with --offset 1 (docs/match.md)" };
        var priorFile = new Option<string?>("--prior") { Description = "A learned prior (from `eval match-prior`) instead of the shipped one, for the tunings that use it (learned=…)" };
        var library = new Option<string?>("--library") { Description = "Also measure `match --library DIR` (column 'library': the steadied Look of the style set, k = 3, guarded like ours); a library item made from the case's own LUT (same file name) is left out" };
        var json = new Option<string?>("--json") { Description = "Write the per-case table and medians as JSON to this file ('-' for stdout)" };
        var command = new Command("match",
            "Measure `match` in the known-look setting: reference = photo B graded by LUT X, input = photo A, truth = X(A). " +
            "Prints per case mean CIEDE2000 to the truth and luma SSIM to the input for doing nothing, ours and G'MIC's " +
            "transfer_pca, transfer_histogram and transfer_rgb (gmic on PATH), then the medians (per folder and, with several, over all their cases).\n" +
            "Example:\n  lutbridge eval match ../shared/data/photos --luts ../shared/data/luts/creative --cases 12 --gmic-cache /tmp/gmic-cache\n" +
            "  lutbridge eval match /tmp/match-fresh2/a /tmp/match-fresh2/b /tmp/match-fresh --luts ../shared/data/luts/creative --offset 1   # 36 held-out cases");
        command.Arguments.Add(photos);
        foreach (var o in new Option[] { luts, cases, offset, noGmic, cache, tuning, priorFile, library, json }) command.Options.Add(o);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var folders = pr.GetValue(photos)!;
            var photoSets = folders.Select(f => Directory.Exists(f) ? Directory.GetFiles(f).Where(ImageFile.IsImagePath).Order(StringComparer.Ordinal).ToArray()
                : throw new InputException($"{f}: no such folder")).ToArray();
            var lutDir = pr.GetValue(luts)!;
            var lutFiles = Directory.Exists(lutDir) ? Directory.GetFiles(lutDir).Where(f => LutFile.FormatOf(f) != LutFormat.Unknown).Order(StringComparer.Ordinal).ToArray()
                : throw new InputException($"{lutDir}: no such folder");
            if (folders.Distinct().Count() < folders.Length) throw new InputException("a photo folder is named twice");
            for (int f = 0; f < folders.Length; f++)
                if (photoSets[f].Length < 2) throw new InputException($"{folders[f]}: needs at least two photos");
            if (lutFiles.Length == 0) throw new InputException($"{lutDir}: no LUTs");
            int n = Math.Clamp(pr.GetValue(cases), 1, lutFiles.Length), shift = pr.GetValue(offset);
            string? gmic = pr.GetValue(noGmic) ? null : FindTool("gmic");
            if (gmic == null && !pr.GetValue(noGmic)) Console.Error.WriteLine("lutbridge: gmic is not on PATH; G'MIC columns are skipped");
            // "oracle" in a tuning experiment: the prior is the ungraded reference's own statistics (an upper bound for any prior).
            var tuningTexts = (pr.GetValue(tuning) ?? "").Split(';');
            var oracle = tuningTexts.Select(t => t.Split(',').Any(p => p.Trim() == "oracle")).ToList();
            var model = pr.GetValue(priorFile) is { } pf ? ReadPrior(pf) : null;
            var tunings = tuningTexts.Select(t => MatchTuningParser.Parse(string.Join(',', t.Split(',').Where(p => p.Trim() != "oracle"))) with { PriorModel = model }).ToList();
            var options = new MatchOptions { Tuning = tunings[0] };
            var styles = pr.GetValue(library) is { } libraryDir ? LibraryIndex.Load(libraryDir) : null;
            var rows = new List<Row>();
            var prepared = new List<Prepared>();
            int stride = lutFiles.Length / n;
            for (int f = 0; f < photoSets.Length; f++)
            {
                var photoFiles = photoSets[f];
                int p = photoFiles.Length;
                for (int i = 0; i < n; i++)
                {
                    var lutPath = lutFiles[(shift + i * stride) % lutFiles.Length];
                    var refPath = photoFiles[(i + shift) % p];
                    var inPath = photoFiles[(i + shift + 1 + i / p % (p - 1)) % p];
                    Console.Error.WriteLine($"[{f * n + i + 1}/{photoSets.Length * n}] {Path.GetFileName(lutPath)}: {Path.GetFileName(refPath)} → {Path.GetFileName(inPath)}");
                    var (row, data) = RunCase(folders[f], lutPath, refPath, inPath, options, gmic, pr.GetValue(cache), styles);
                    rows.Add(row);
                    prepared.Add(data);
                }
            }
            if (tunings.Count > 1 || oracle[0])
            {
                // Tuning experiments: the cases are prepared once, each tuning only re-estimates and re-measures ours.
                var texts = pr.GetValue(tuning)!.Split(';');
                var none = rows.Select(r => r.De2000["none"]).ToList();
                Console.WriteLine($"doing nothing: median ΔE {Median(none):0.000} mean {none.Average():0.000} | " + string.Join(" ", none.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture))));
                for (int t = 0; t < tunings.Count; t++)
                {
                    var de = new List<double>(); var ss = new List<double>();
                    foreach (var d in prepared)
                    {
                        var look = Matcher.FromStatistics([d.RefStats], d.InStats, new MatchOptions { Tuning = tunings[t] }, null, d.Thumb, oracle[t] ? d.UngradedRefStats : null).Look;
                        var ours = MatchMetrics.ApplyLook(look, d.Input);
                        de.Add(MatchMetrics.MeanDeltaE(ours, d.Truth));
                        ss.Add(MatchMetrics.LumaSsim(ours, d.Input, d.Width, d.Height));
                    }
                    Console.WriteLine($"tuning [{texts[t]}]: median ΔE {Median(de):0.000} ({Median(de) / Math.Max(1e-9, Median(none)):0.000}× nothing) mean {de.Average():0.000} min SSIM {ss.Min():0.000} | " + string.Join(" ", de.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture))));
                }
                return CliApp.ExitOk;
            }
            // Medians over all cases; with several folders, each folder's too.
            var medians = Medians(rows);
            var sets = folders.Length < 2 ? null : folders.Select(folder => new { folder, medians = Medians(rows.Where(r => r.Set == folder).ToList()) }).ToList();
            var jsonPath = pr.GetValue(json);
            var report = sets == null ? JsonSerializer.Serialize(new { cases = rows, medians }, LookJson.Options)
                : JsonSerializer.Serialize(new { cases = rows, medians, sets }, LookJson.Options);
            if (jsonPath == "-") Console.WriteLine(report);
            else
            {
                if (jsonPath != null) AtomicFile.WriteAllText(jsonPath, report + "\n");
                Print(rows, medians);
                foreach (var set in sets ?? [])
                    Console.WriteLine($"{set.folder}: median ΔE ours {Number(set.medians["de2000_ours"])}, doing nothing {Number(set.medians["de2000_none"])} ({Number(set.medians["ratio_ours_over_none"])}×)");
                if (sets != null) Console.WriteLine($"all {rows.Count} cases: median ΔE ours {Number(medians["de2000_ours"])}, doing nothing {Number(medians["de2000_none"])} ({Number(medians["ratio_ours_over_none"])}×)");
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static LearnedPrior ReadPrior(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: no such file");
        try { return LearnedPrior.FromJson(File.ReadAllText(path)); }
        catch (Exception e) when (e is JsonException or InvalidDataException) { throw new InputException($"{path}: not a learned match prior ({e.Message})"); }
    }

    internal sealed record Row(string Set, string Lut, string Reference, string Input, double Seconds, Dictionary<string, double> De2000, Dictionary<string, double> Ssim);

    private sealed record Prepared(ImageStatistics RefStats, ImageStatistics UngradedRefStats, ImageStatistics InStats, Thumbnail Thumb, float[] Input, float[] Truth, int Width, int Height);

    private static (Row, Prepared) RunCase(string set, string lutPath, string refPath, string inPath, MatchOptions options, string? gmic, string? cacheDir, LibraryIndex? styles)
    {
        var lut = LutFile.Read(lutPath);
        var b = ImageFile.Read(refPath);
        var a = ImageFile.Read(inPath);
        var reference = MatchMetrics.FromFloats(MatchMetrics.ApplyLut(lut, MatchMetrics.ToFloats(b)), b.Width, b.Height);
        var input = MatchMetrics.ToFloats(a);
        var truth = MatchMetrics.ApplyLut(lut, input);
        var clock = Stopwatch.StartNew();
        var result = Matcher.Run([reference], a, options);
        double seconds = clock.Elapsed.TotalSeconds;
        var outputs = new Dictionary<string, float[]>
        {
            ["none"] = input,
            ["ours"] = MatchMetrics.ApplyLook(result.Look, input),
        };
        if (styles != null)
        {
            // The case's own LUT would be the answer: a library that holds it is measured without it.
            var others = new LibraryIndex(styles.Directory, styles.Items.Where(item => Path.GetFileName(item.File) != Path.GetFileName(lutPath)).ToList());
            var steadied = StyleSet.Build(result.Look, others, StyleSet.KRange.Default, 1, CancellationToken.None, (Thumbnail.ForGuard(a), options.Tuning.MinSsim))[0].Look;
            outputs["library"] = MatchMetrics.ApplyLook(steadied, input);
        }
        if (gmic != null)
        {
            var dir = Path.Combine(Path.GetTempPath(), $"lutbridge-eval-match-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            try
            {
                var refFile = Path.Combine(dir, "reference.png");
                ImageFile.Write(refFile, reference);
                foreach (var method in GmicMethods)
                    if (RunGmic(gmic, method, inPath, refFile, dir, cacheDir) is { } image && image.Width == a.Width && image.Height == a.Height)
                        outputs[method] = MatchMetrics.ToFloats(image);
            }
            finally { Directory.Delete(dir, recursive: true); }
        }
        var de = outputs.ToDictionary(o => o.Key, o => Math.Round(MatchMetrics.MeanDeltaE(o.Value, truth), 3));
        var ssim = outputs.Where(o => o.Key != "none").ToDictionary(o => o.Key, o => Math.Round(MatchMetrics.LumaSsim(o.Value, input, a.Width, a.Height), 4));
        ssim["truth"] = Math.Round(MatchMetrics.LumaSsim(truth, input, a.Width, a.Height), 4);
        var prepared = new Prepared(result.Report.Reference, ImageStatistics.Of(b), ImageStatistics.Of(a), Thumbnail.ForGuard(a), input, truth, a.Width, a.Height);
        return (new Row(set, Path.GetFileName(lutPath), Path.GetFileName(refPath), Path.GetFileName(inPath), Math.Round(seconds, 3), de, ssim), prepared);
    }

    private static RgbImage? RunGmic(string gmic, string method, string inPath, string refFile, string dir, string? cacheDir)
    {
        string? cached = null;
        if (cacheDir != null)
        {
            Directory.CreateDirectory(cacheDir);
            var key = Convert.ToHexStringLower(SHA256.HashData([.. File.ReadAllBytes(inPath), .. File.ReadAllBytes(refFile), .. System.Text.Encoding.UTF8.GetBytes(method)]));
            cached = Path.Combine(cacheDir, key + ".png");
            if (File.Exists(cached)) return ImageFile.Read(cached);
        }
        var output = Path.Combine(dir, method + ".png");
        var psi = new ProcessStartInfo(gmic) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-v", "-1", inPath, refFile, $"{method}[0]", "[1]", "rm[1]", "o", output }) psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {gmic}");
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { try { p.Kill(true); } catch (InvalidOperationException) { } Console.Error.WriteLine($"lutbridge: gmic {method} timed out"); return null; }
        if (p.ExitCode != 0 || !File.Exists(output)) { Console.Error.WriteLine($"lutbridge: gmic {method} failed: {stderr.Result.Trim()}"); return null; }
        if (cached != null) File.Copy(output, cached, overwrite: true);
        return ImageFile.Read(output);
    }

    private static Dictionary<string, double> Medians(List<Row> rows)
    {
        var m = new Dictionary<string, double>();
        foreach (var key in rows.SelectMany(r => r.De2000.Keys).Distinct())
            m["de2000_" + key] = Math.Round(Median(rows.Where(r => r.De2000.ContainsKey(key)).Select(r => r.De2000[key])), 3);
        foreach (var key in rows.SelectMany(r => r.Ssim.Keys).Distinct())
        {
            m["ssim_" + key] = Math.Round(Median(rows.Where(r => r.Ssim.ContainsKey(key)).Select(r => r.Ssim[key])), 4);
            m["ssim_min_" + key] = rows.Where(r => r.Ssim.ContainsKey(key)).Min(r => r.Ssim[key]);
        }
        m["ratio_ours_over_none"] = Math.Round(m["de2000_ours"] / Math.Max(1e-9, m["de2000_none"]), 3);
        if (m.TryGetValue("de2000_library", out var withLibrary)) m["ratio_library_over_none"] = Math.Round(withLibrary / Math.Max(1e-9, m["de2000_none"]), 3);
        m["median_seconds"] = Math.Round(Median(rows.Select(r => r.Seconds)), 3);
        return m;
    }

    private static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static void Print(List<Row> rows, Dictionary<string, double> medians)
    {
        var methods = rows.SelectMany(r => r.De2000.Keys).Distinct().ToList();
        var table = new Table().AddColumns("LUT", "reference → input");
        foreach (var m in methods) table.AddColumn("ΔE " + m);
        table.AddColumn("SSIM ours");
        table.AddColumn("SSIM truth");
        foreach (var r in rows)
            table.AddRow([Markup.Escape(r.Lut), Markup.Escape($"{r.Reference} → {r.Input}"),
                .. methods.Select(m => r.De2000.TryGetValue(m, out var v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-"),
                r.Ssim["ours"].ToString("0.000", CultureInfo.InvariantCulture), r.Ssim["truth"].ToString("0.000", CultureInfo.InvariantCulture)]);
        CliApp.TableConsole().Write(table);
        Console.WriteLine("medians: " + string.Join(", ", medians.Select(kv => $"{kv.Key} {kv.Value.ToString("0.###", CultureInfo.InvariantCulture)}")));
    }

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
