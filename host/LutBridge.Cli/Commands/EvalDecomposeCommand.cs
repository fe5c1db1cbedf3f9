using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using Spectre.Console;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge eval decompose DIR`: decomposes every LUT in DIR and, when G'MIC is installed,
/// runs its compress_clut / decompress_clut on the same LUTs at the same targets, side by side.
/// </summary>
[SubcommandOf("eval")]
internal static class EvalDecomposeCommand
{
    internal sealed record GmicRow(bool Ok, int SizeBytes, double De2000Mean, double De2000Max, double Seconds, string? Note);

    /// <summary>One LUT's result; <paramref name="Error"/> is set (and the numbers 0) when the fit failed.</summary>
    internal sealed record Row(string Lut, int SizeBytes, int ResidualSize, double De2000Mean, double De2000Max,
        double ParametricOnlyDe2000Mean, bool MeetsTarget, double Seconds, double CpuSeconds, GmicRow? Gmic, string? Error = null, int StageSize = 0);

    /// <summary>The LUTs of one folder, reported apart from the others.</summary>
    internal sealed record Group(string Folder, List<Row> Rows);

    public static Command Create()
    {
        var dir = new Argument<string[]>("dir") { Description = "Folders of LUTs (every readable LUT file in each, sorted by name), each reported apart; none with --known", Arity = ArgumentArity.ZeroOrMore };
        var known = new Option<int>("--known") { Description = "Instead of folders: N Looks with known sliders (seeds --seed … --seed+N−1), each baked to a 33³ LUT and decomposed; reports how many the sliders alone reproduce, how many generating sliders came back, the extra sliders moved and the residual sizes" };
        var seed = new Option<int>("--seed") { Description = "First seed of --known", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the rows and totals as JSON" };
        var noGmic = new Option<bool>("--no-gmic") { Description = "Do not run G'MIC even when it is installed" };
        var gmicTimeout = new Option<double>("--gmic-timeout") { Description = "Seconds G'MIC may spend on one LUT before it is stopped", DefaultValueFactory = _ => 60 };
        var maxDe = RangeOptions.Number(DecomposeOptions.MaxDeltaERange, "Largest CIEDE2000 allowed");
        var meanDe = RangeOptions.Number(DecomposeOptions.MeanDeltaERange, "Mean CIEDE2000 allowed");
        var command = new Command("decompose",
            "Decompose every LUT in a folder: Look size, ΔE00 mean/max over the lattice and between nodes, seconds. " +
            "With gmic on PATH, G'MIC's compress_clut runs on the same LUTs at the same targets: keypoints saved as uint8 " +
            "zlib (.cimgz) size, ΔE00 of decompress_clut's result, time. Ends each folder with totals, medians, " +
            "95th percentiles and the largest Look; times are wall clock and CPU (both cores count).\n" +
            "Examples:\n  lutbridge eval decompose ../shared/data/luts/creative --gmic-timeout 30\n" +
            "  lutbridge eval decompose ../shared/data/luts/creative ../shared/data/luts/gpuimage --no-gmic --json\n" +
            "  lutbridge eval decompose --known 40 --seed 1001");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.Options.Add(noGmic);
        command.Options.Add(gmicTimeout);
        command.Options.Add(maxDe);
        command.Options.Add(meanDe);
        command.Options.Add(known);
        command.Options.Add(seed);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var folders = pr.GetValue(dir) ?? [];
            if (pr.GetValue(known) is int count and not 0)
            {
                if (folders.Length > 0) throw new InputException("give either folders or --known N, not both");
                if (count < 0) throw new InputException($"--known must be a positive number of Looks, got {count}");
                var knownOptions = new DecomposeOptions { MaxDeltaE = pr.GetValue(maxDe), MeanDeltaE = pr.GetValue(meanDe) };
                knownOptions.Validate();
                return EvalDecomposeKnown.Run(count, pr.GetValue(seed), knownOptions, pr.GetValue(json));
            }
            if (folders.Length == 0) throw new InputException("give a folder of LUTs (or --known N)");
            foreach (var folder in folders)
                if (!Directory.Exists(folder)) throw new InputException($"{folder}: no such folder");
            var timeout = pr.GetValue(gmicTimeout);
            if (!(timeout > 0)) throw new InputException("--gmic-timeout must be positive");
            var options = new DecomposeOptions { MaxDeltaE = pr.GetValue(maxDe), MeanDeltaE = pr.GetValue(meanDe) };
            options.Validate();
            string? gmic = pr.GetValue(noGmic) ? null : FindOnPath("gmic");
            bool quiet = pr.GetValue(json);
            var groups = new List<Group>();
            foreach (var folder in folders)
            {
                var files = Directory.GetFiles(folder)
                    .Where(f => LutFile.ReadableExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .OrderBy(f => f, StringComparer.Ordinal).ToList();
                if (files.Count == 0) throw new InputException($"{folder}: no LUT files");
                groups.Add(new Group(folder, Evaluate(files, options, gmic, timeout, quiet)));
            }
            if (!quiet) Console.Error.WriteLine();
            if (quiet)
                Console.WriteLine(JsonSerializer.Serialize(groups.Select(g => new { g.Folder, g.Rows, Summary = Summarise(g.Rows) }), LookJson.Options));
            else
                foreach (var g in groups)
                {
                    Console.WriteLine($"== {g.Folder} ({g.Rows.Count} LUTs)");
                    Print(g.Rows, gmic != null);
                }
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>Decomposes each file (a failure is a row with its error, not the end of the run), G'MIC beside it.</summary>
    private static List<Row> Evaluate(List<string> files, DecomposeOptions options, string? gmic, double timeout, bool quiet)
    {
        var rows = new List<Row>();
        using var self = Process.GetCurrentProcess();
        foreach (var file in files)
        {
            Lut lut;
            try { lut = LutFile.Read(file); }
            catch (InputException e) { Console.Error.WriteLine($"skipped: {e.Message}"); continue; }
            if (!quiet) Console.Error.Write($"\r{rows.Count + 1}/{files.Count} {Path.GetFileName(file)}".PadRight(80));
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            DecomposeResult result;
            try
            {
                result = Decomposer.Run(lut, options with { Source = file }, null, CancellationToken.None);
            }
            catch (Exception e) when (e is InputException or InvalidOperationException)
            {
                Console.Error.WriteLine($"\nfailed: {e.Message}");
                rows.Add(new Row(Path.GetFileName(file), 0, 0, 0, 0, 0, false, clock.Elapsed.TotalSeconds, 0, null, e.Message));
                continue;
            }
            self.Refresh();
            double cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
            var r = result.Report;
            var g = gmic != null && lut.IsPlainLattice ? RunGmic(gmic, lut, options, timeout) : null;
            rows.Add(new Row(Path.GetFileName(file), r.SizeBytes, r.ResidualSize, r.De2000Mean, r.De2000Max,
                r.ParametricOnlyDe2000Mean, r.MeetsTarget, r.Seconds, cpuSeconds, g, StageSize: result.Look.Stage?.Size ?? 0));
        }
        return rows;
    }

    internal static Dictionary<string, double> Summarise(List<Row> all)
    {
        var rows = all.Where(r => r.Error == null).ToList();
        var s = new Dictionary<string, double>
        {
            ["luts"] = all.Count,
            ["failed"] = all.Count - rows.Count,
            ["meets_target"] = rows.Count(r => r.MeetsTarget),
            ["camera_stage"] = rows.Count(r => r.StageSize > 0),
            ["total_bytes"] = rows.Sum(r => r.SizeBytes),
            ["median_bytes"] = Median(rows.Select(r => (double)r.SizeBytes)),
            ["p95_bytes"] = Percentile(rows.Select(r => (double)r.SizeBytes), 0.95),
            ["largest_bytes"] = rows.Count == 0 ? double.NaN : rows.Max(r => r.SizeBytes),
            ["median_de2000_mean"] = Median(rows.Select(r => r.De2000Mean)),
            ["largest_de2000_mean"] = rows.Count == 0 ? double.NaN : rows.Max(r => r.De2000Mean),
            ["median_de2000_max"] = Median(rows.Select(r => r.De2000Max)),
            ["largest_de2000_max"] = rows.Count == 0 ? double.NaN : rows.Max(r => r.De2000Max),
            ["median_parametric_only_de2000_mean"] = Median(rows.Select(r => r.ParametricOnlyDe2000Mean)),
            ["total_seconds"] = rows.Sum(r => r.Seconds),
            ["median_seconds"] = Median(rows.Select(r => r.Seconds)),
            ["p95_seconds"] = Percentile(rows.Select(r => r.Seconds), 0.95),
            ["slowest_seconds"] = rows.Count == 0 ? double.NaN : rows.Max(r => r.Seconds),
            ["median_cpu_seconds"] = Median(rows.Select(r => r.CpuSeconds)),
            ["p95_cpu_seconds"] = Percentile(rows.Select(r => r.CpuSeconds), 0.95),
        };
        var g = rows.Where(r => r.Gmic is { Ok: true }).Select(r => r.Gmic!).ToList();
        if (g.Count > 0)
        {
            s["gmic_luts"] = g.Count;
            s["gmic_failed"] = rows.Count(r => r.Gmic is { Ok: false });
            s["gmic_total_bytes"] = g.Sum(x => x.SizeBytes);
            s["gmic_median_bytes"] = Median(g.Select(x => (double)x.SizeBytes));
            s["gmic_median_de2000_mean"] = Median(g.Select(x => x.De2000Mean));
            s["gmic_median_de2000_max"] = Median(g.Select(x => x.De2000Max));
            s["gmic_total_seconds"] = g.Sum(x => x.Seconds);
            s["gmic_median_seconds"] = Median(g.Select(x => x.Seconds));
            s["size_ratio_median_ours_over_gmic"] = Median(rows.Where(r => r.Gmic is { Ok: true }).Select(r => r.SizeBytes / (double)Math.Max(1, r.Gmic!.SizeBytes)));
        }
        return s;
    }

    /// <summary>The q-quantile by linear interpolation between order statistics (numpy's default).</summary>
    internal static double Percentile(IEnumerable<double> values, double q)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        double at = q * (v.Length - 1);
        int lo = (int)Math.Floor(at), hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + (at - lo) * (v[hi] - v[lo]);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static void Print(List<Row> rows, bool withGmic)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in new[] { "LUT", "bytes", "res", "ΔE mean", "ΔE max", "sliders ΔE", "s", "cpu s" }) table.AddColumn(h);
        if (withGmic) foreach (var h in new[] { "gmic bytes", "gmic ΔE mean", "gmic ΔE max", "gmic s" }) table.AddColumn(h);
        string F(double v, string f = "0.000") => v.ToString(f, CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            if (r.Error != null)
            {
                var failed = new List<string> { Markup.Escape(r.Lut), "FAILED", "", "", "", "", F(r.Seconds), "" };
                if (withGmic) failed.AddRange(["", "", "", ""]);
                table.AddRow(failed.ToArray());
                continue;
            }
            var cells = new List<string> { Markup.Escape(r.Lut), r.SizeBytes.ToString(CultureInfo.InvariantCulture) + (r.MeetsTarget ? "" : "!"),
                r.ResidualSize.ToString(CultureInfo.InvariantCulture) + (r.StageSize > 0 ? " +cam" : ""), F(r.De2000Mean), F(r.De2000Max), F(r.ParametricOnlyDe2000Mean), F(r.Seconds), F(r.CpuSeconds) };
            if (withGmic)
            {
                var g = r.Gmic;
                if (g is { Ok: true }) cells.AddRange([g.SizeBytes.ToString(CultureInfo.InvariantCulture), F(g.De2000Mean), F(g.De2000Max), F(g.Seconds, "0.00")]);
                else cells.AddRange([Markup.Escape(g?.Note ?? "-"), "", "", g == null ? "" : F(g.Seconds, "0.00")]);
            }
            table.AddRow(cells.ToArray());
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings());
        console.Profile.Width = Math.Max(console.Profile.Width, 170);
        console.Write(table);
        foreach (var (k, v) in Summarise(rows))
            Console.WriteLine($"{k,-40} {v.ToString("0.###", CultureInfo.InvariantCulture)}");
        if (rows.Where(r => r.Error == null).MaxBy(r => r.SizeBytes) is { } largest)
            Console.WriteLine($"{"largest_look",-40} {largest.Lut} ({largest.SizeBytes} B)");
        if (rows.Where(r => r.Error == null).MaxBy(r => r.Seconds) is { } slowest)
            Console.WriteLine($"{"slowest_lut",-40} {slowest.Lut} ({slowest.Seconds:0.00} s)");
        Console.WriteLine("('!' marks a LUT whose Look misses the ΔE targets; G'MIC sizes are its keypoints saved as uint8 .cimgz)");
    }

    /// <summary>G'MIC compress_clut at the same targets (ΔE2000 metric), keypoints saved as uint8 zlib, then decompress_clut at the LUT's size.</summary>
    private static GmicRow RunGmic(string gmic, Lut lut, DecomposeOptions options, double timeoutSeconds)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lutbridge-eval-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            int n = lut.Lattice!.Size;
            var input = Path.Combine(dir, "in.cube");
            LutFile.Write(input, lut);
            var keypoints = Path.Combine(dir, "kp.cimgz");
            var clock = Stopwatch.StartNew();
            var args = string.Create(CultureInfo.InvariantCulture, $"{options.MaxDeltaE},{options.MeanDeltaE},2048,2");
            var (ok, note) = Run(gmic, ["-v", "-1", input, "compress_clut", args, "-o", keypoints + ",uchar"], timeoutSeconds);
            double seconds = clock.Elapsed.TotalSeconds;
            if (!ok || !File.Exists(keypoints)) return new GmicRow(false, 0, 0, 0, seconds, note ?? "failed");
            int bytes = (int)new FileInfo(keypoints).Length;
            var output = Path.Combine(dir, "out.cube");
            (ok, note) = Run(gmic, ["-v", "-1", keypoints, "decompress_clut", $"{n},{n},{n}", "-o", output], timeoutSeconds);
            if (!ok || !File.Exists(output)) return new GmicRow(false, bytes, 0, 0, seconds, note ?? "decompress failed");
            var back = LutFile.Read(output);
            var a = lut.Lattice.Data;
            var b = back.Lattice?.Size == n ? back.Lattice.Data : back.Resample(n).Data;
            var clamped = a.Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
            var stats = DeltaE.Ciede2000SrgbStats(clamped, b.Select(v => Math.Clamp(v, 0f, 1f)).ToArray());
            return new GmicRow(true, bytes, stats.Mean, stats.Max, seconds, null);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static (bool Ok, string? Note) Run(string exe, string[] args, double timeoutSeconds)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            return (false, $"timeout {timeoutSeconds:0}s");
        }
        p.WaitForExit();
        _ = so.Result; _ = se.Result;
        return (p.ExitCode == 0, p.ExitCode == 0 ? null : $"exit {p.ExitCode}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
