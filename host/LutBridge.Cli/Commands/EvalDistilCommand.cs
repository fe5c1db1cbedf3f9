using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Distil;
using LutBridge.Looks;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge eval distil DIR`: distils every before/after pair in DIR on part of the frame and
/// scores the Look on the rest, next to a dense 33³ lattice fitted to the same pixels; with
/// --warp also after misaligning the "after"; with --known-luts a LUT's own output is distilled
/// and the Look compared with the LUT on another photo.
/// </summary>
[SubcommandOf("eval")]
internal static class EvalDistilCommand
{
    /// <summary>Side of the checkerboard blocks: the fit sees one colour of the board, the score the other.</summary>
    public const int Block = 32;

    internal sealed record WarpRow(string Alignment, double MatchedFraction, double PsnrDb, double De2000Mean, double LossDb, double De2000Increase, double Seconds)
    {
        /// <summary>With --diagnose: the registration against the synthetic warp's known geometry.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public RegistrationDiagnosis? Diagnosis { get; init; }
    }

    internal sealed record Row(string Pair, int SizeBytes, int ResidualSize, double PsnrDb, double DensePsnrDb, double GapDb,
        double De2000Mean, double DenseDe2000Mean, double Seconds, WarpRow? Warped);

    internal sealed record KnownLutRow(string Lut, string Photo, string OtherPhoto, double AlignedDe2000Mean, double WarpedDe2000Mean, string Alignment, int SizeBytes, double Seconds);

    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder of pairs: <id>__input.png (before) and <id>__expertC.png (after), the MIT-Adobe FiveK layout" };
        var json = new Option<bool>("--json") { Description = "Print the rows and medians as JSON" };
        var warp = new Option<bool>("--warp") { Description = "Also misalign each 'after' (shift 3%, rotate 2°, scale 1.05, crop 5%, elastic 4 px, a foreign object over 10%) and distil again" };
        var knownLuts = new Option<string?>("--known-luts") { Description = "Known-LUT mode: a folder of LUTs; each grades a photo of --photos, the result is misaligned and distilled, and the Look is compared with the LUT on the next photo" };
        var photos = new Option<string?>("--photos") { Description = "Photos for --known-luts" };
        var margin = RangeOptions.Number(DistilOptions.MarginRange, "As distil's --margin");
        var diagnose = new Option<bool>("--diagnose") { Description = "With --warp: compare each registration with the warp's known geometry (match errors, wrong and foreign-object matches) and refit on true correspondences, to show where the loss comes from" };
        var only = new Option<string?>("--only") { Description = "Only the pairs whose id contains this text (comma-separated alternatives)" };
        var count = new Option<int>("--count") { Description = "LUTs used in known-LUT mode (every k-th of the folder)", DefaultValueFactory = _ => 8 };
        var command = new Command("distil",
            "Distil every FiveK-style pair in a folder: the fit sees half of each frame (a 32-pixel checkerboard), the Look and a dense 33³ " +
            "lattice fitted to the same pixels are scored on the other half (PSNR, mean ΔE00); with --warp the same after misaligning the " +
            "'after', scored against the aligned pair's pixels. Ends with medians.\n" +
            "Examples:\n  lutbridge eval distil ../shared/data/pairs --warp\n" +
            "  lutbridge eval distil ../shared/data/pairs --known-luts ../shared/data/luts/creative --photos ../shared/data/photos");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.Options.Add(warp);
        command.Options.Add(knownLuts);
        command.Options.Add(photos);
        command.Options.Add(count);
        command.Options.Add(margin);
        command.Options.Add(only);
        command.Options.Add(diagnose);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var folder = pr.GetValue(dir)!;
            if (!Directory.Exists(folder)) throw new InputException($"{folder}: no such folder");
            bool asJson = pr.GetValue(json);
            var options = new DistilOptions
            {
                MeanDeltaEMargin = pr.GetValue(margin),
                Trace = Environment.GetEnvironmentVariable("LUTBRIDGE_DISTIL_DEBUG") == "1" ? Console.Error.WriteLine : null,
            };
            options.Validate();
            var lutDir = pr.GetValue(knownLuts);
            if (lutDir != null)
            {
                var photoDir = pr.GetValue(photos) ?? throw new InputException("--known-luts needs --photos DIR");
                var known = KnownLuts(lutDir, photoDir, pr.GetValue(count), options, asJson);
                if (asJson) Console.WriteLine(JsonSerializer.Serialize(new { Rows = known, Summary = SummariseKnown(known) }, LookJson.Options));
                else PrintKnown(known);
                return CliApp.ExitOk;
            }
            var ids = Directory.GetFiles(folder, "*__input.png").Select(f => Path.GetFileName(f)[..^"__input.png".Length])
                .Where(id => File.Exists(Path.Combine(folder, id + "__expertC.png")))
                .Where(id => pr.GetValue(only) is not { } o || o.Split(',').Any(id.Contains)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            if (ids.Count == 0) throw new InputException($"{folder}: no <id>__input.png / <id>__expertC.png pairs");
            var rows = new List<Row>();
            foreach (var id in ids)
            {
                if (!asJson) Console.Error.Write($"\r{rows.Count + 1}/{ids.Count} {id}".PadRight(80));
                rows.Add(EvaluatePair(Path.Combine(folder, id + "__input.png"), Path.Combine(folder, id + "__expertC.png"), id, pr.GetValue(warp), options, pr.GetValue(diagnose)));
            }
            if (!asJson) Console.Error.WriteLine();
            if (asJson) Console.WriteLine(JsonSerializer.Serialize(new { Rows = rows, Summary = Summarise(rows) }, LookJson.Options));
            else Print(rows);
            if (!asJson && rows.Any(r => r.Warped?.Diagnosis != null)) PrintDiagnosis(rows);
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>True for the pixels the fit may see (one colour of a checkerboard of <see cref="Block"/>-pixel squares).</summary>
    internal static bool[] FitHalf(int width, int height, bool fit = true)
    {
        var mask = new bool[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mask[y * width + x] = ((x / Block + y / Block) % 2 == 0) == fit;
        return mask;
    }

    internal static Row EvaluatePair(string beforePath, string afterPath, string id, bool warp, DistilOptions options, bool diagnose = false)
    {
        var before = ImageFile.Read(beforePath);
        var after = ImageFile.Read(afterPath);
        if (before.Width != after.Width || before.Height != after.Height)
            throw new InputException($"{afterPath}: {after.Width}×{after.Height}, but {beforePath} is {before.Width}×{before.Height}; the pairs must be pixel-aligned");
        var fitMask = FitHalf(before.Width, before.Height);
        var held = new PixelPairs(Pixels.ToFloats(before), Pixels.ToFloats(after)).Where(FitHalf(before.Width, before.Height, fit: false));
        var clock = Stopwatch.StartNew();
        var aligned = Distiller.Run(before, after, options with { Alignment = AlignmentMode.None, FitMask = fitMask }, null, CancellationToken.None);
        double seconds = clock.Elapsed.TotalSeconds;
        var score = PairScore.Of(aligned.Look, held);
        var dense = PairScore.Of(aligned.DenseReference!, held);
        WarpRow? warped = null;
        if (warp)
        {
            var (rgb, w, h, truth) = SyntheticWarp.Standard.ApplyWithTruth(Pixels.ToFloats(after), after.Width, after.Height);
            var misaligned = Pixels.ToImage(rgb, w, h);
            clock.Restart();
            var result = Distiller.Run(before, misaligned, options with { Alignment = AlignmentMode.Register, FitMask = fitMask }, null, CancellationToken.None);
            double ws = clock.Elapsed.TotalSeconds;
            var ws2 = PairScore.Of(result.Look, held);
            warped = new WarpRow(result.Report.Alignment.Kind, result.Report.MatchedFraction, ws2.PsnrDb, ws2.De2000Mean,
                score.PsnrDb - ws2.PsnrDb, ws2.De2000Mean - score.De2000Mean, ws)
            {
                Diagnosis = diagnose ? RegistrationDiagnosis.Of(before, misaligned, truth, options with { FitMask = fitMask }, held, CancellationToken.None) : null,
            };
        }
        return new Row(id, aligned.Report.SizeBytes, aligned.Report.ResidualSize, score.PsnrDb, dense.PsnrDb, dense.PsnrDb - score.PsnrDb,
            score.De2000Mean, dense.De2000Mean, seconds, warped);
    }

    internal static List<KnownLutRow> KnownLuts(string lutDir, string photoDir, int count, DistilOptions options, bool quiet)
    {
        if (!Directory.Exists(lutDir)) throw new InputException($"{lutDir}: no such folder");
        if (!Directory.Exists(photoDir)) throw new InputException($"{photoDir}: no such folder");
        var luts = Directory.GetFiles(lutDir).Where(f => LutFile.ReadableExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var photos = Directory.GetFiles(photoDir).Where(ImageFile.IsImagePath).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (luts.Count == 0) throw new InputException($"{lutDir}: no LUT files");
        if (photos.Count < 2) throw new InputException($"{photoDir}: known-LUT mode needs at least two photos");
        if (count < 1) throw new InputException("--count must be at least 1");
        int stride = Math.Max(1, luts.Count / count);
        var rows = new List<KnownLutRow>();
        for (int k = 0; k < count && k * stride < luts.Count; k++)
        {
            var lutPath = luts[k * stride];
            var lut = LutFile.Read(lutPath);
            string photo = photos[k % photos.Count], other = photos[(k + 1) % photos.Count];
            if (!quiet) Console.Error.Write($"\r{k + 1}/{count} {Path.GetFileName(lutPath)}".PadRight(80));
            var p = ImageFile.Read(photo);
            var q = ImageFile.Read(other);
            var pf = Pixels.ToFloats(p);
            var graded = ApplyLut(lut, pf);
            var clock = Stopwatch.StartNew();
            var aligned = Distiller.Run(p, Pixels.ToImage(graded, p.Width, p.Height), options with { Alignment = AlignmentMode.None }, null, CancellationToken.None);
            var (rgb, w, h) = SyntheticWarp.Standard.Apply(graded, p.Width, p.Height);
            clock.Restart();
            var warped = Distiller.Run(p, Pixels.ToImage(rgb, w, h), options with { Alignment = AlignmentMode.Register }, null, CancellationToken.None);
            double seconds = clock.Elapsed.TotalSeconds;
            var qf = Pixels.ToFloats(q);
            var truth = ApplyLut(lut, qf);
            var qPairs = new PixelPairs(qf, truth);
            rows.Add(new KnownLutRow(Path.GetFileName(lutPath), Path.GetFileName(photo), Path.GetFileName(other),
                PairScore.Of(aligned.Look, qPairs).De2000Mean, PairScore.Of(warped.Look, qPairs).De2000Mean,
                warped.Report.Alignment.Kind, warped.Report.SizeBytes, seconds));
        }
        if (!quiet) Console.Error.WriteLine();
        return rows;
    }

    /// <summary>A LUT's output for interleaved sRGB pixels (tetrahedral), clipped to [0, 1] and rounded to 8 bits as a file would be.</summary>
    internal static float[] ApplyLut(Lut lut, float[] rgb)
    {
        var output = new float[rgb.Length];
        Parallel.For(0, rgb.Length / 3, i =>
        {
            var v = lut.Evaluate(new Vector3(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
            output[3 * i] = MathF.Round(Math.Clamp(v.X, 0f, 1f) * 255) / 255;
            output[3 * i + 1] = MathF.Round(Math.Clamp(v.Y, 0f, 1f) * 255) / 255;
            output[3 * i + 2] = MathF.Round(Math.Clamp(v.Z, 0f, 1f) * 255) / 255;
        });
        return output;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static object Summarise(List<Row> rows) => new
    {
        Pairs = rows.Count,
        MedianPsnrDb = Median(rows.Select(r => r.PsnrDb)),
        MedianDensePsnrDb = Median(rows.Select(r => r.DensePsnrDb)),
        MedianGapDb = Median(rows.Select(r => r.GapDb)),
        WorstGapDb = rows.Max(r => r.GapDb),
        MedianSizeBytes = Median(rows.Select(r => (double)r.SizeBytes)),
        MedianSeconds = Median(rows.Select(r => r.Seconds)),
        MedianWarpLossDb = rows.Any(r => r.Warped != null) ? Median(rows.Where(r => r.Warped != null).Select(r => r.Warped!.LossDb)) : (double?)null,
        WorstWarpLossDb = rows.Any(r => r.Warped != null) ? rows.Where(r => r.Warped != null).Max(r => r.Warped!.LossDb) : (double?)null,
        MedianWarpDe2000Increase = rows.Any(r => r.Warped != null) ? Median(rows.Where(r => r.Warped != null).Select(r => r.Warped!.De2000Increase)) : (double?)null,
        MedianWarpSeconds = rows.Any(r => r.Warped != null) ? Median(rows.Where(r => r.Warped != null).Select(r => r.Warped!.Seconds)) : (double?)null,
    };

    private static void Print(List<Row> rows)
    {
        bool warp = rows.Any(r => r.Warped != null);
        Console.WriteLine($"{"pair",-34} {"bytes",6} {"res",4} {"psnr",7} {"dense",7} {"gap",6} {"ΔE00",6} {"dense",6} {"s",5}" + (warp ? $" | {"warped",-10} {"match",6} {"psnr",7} {"loss",6} {"+ΔE00",6} {"s",5}" : ""));
        foreach (var r in rows)
        {
            var line = $"{r.Pair,-34} {r.SizeBytes,6} {r.ResidualSize,4} {r.PsnrDb,7:0.00} {r.DensePsnrDb,7:0.00} {r.GapDb,6:0.00} {r.De2000Mean,6:0.00} {r.DenseDe2000Mean,6:0.00} {r.Seconds,5:0.00}";
            if (r.Warped is { } w) line += $" | {w.Alignment,-10} {w.MatchedFraction,6:P0} {w.PsnrDb,7:0.00} {w.LossDb,6:0.00} {w.De2000Increase,6:0.00} {w.Seconds,5:0.00}";
            Console.WriteLine(line);
        }
        var s = Summarise(rows);
        Console.WriteLine(JsonSerializer.Serialize(s, LookJson.Options));
    }

    /// <summary>Losses (dB against the aligned Look) of Looks fitted to true, cleaned and registered matches, and the registration's errors.</summary>
    private static void PrintDiagnosis(List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"pair",-34} {"kept",5} {"H err",6} {"err50",6} {"err90",6} {"wrong",6} {"object",6} {"missed",6} | loss dB: {"truth",6} {"+obj",6} {"flat",6} {"clean",6} {"reg",6} | dense: {"truth",6} {"reg",6}");
        foreach (var r in rows)
        {
            if (r.Warped?.Diagnosis is not { } d) continue;
            Console.WriteLine($"{r.Pair,-34} {d.KeptFraction,5:P0} {d.GlobalErrorMedianPx,6:0.00} {d.ErrorMedianPx,6:0.00} {d.ErrorP90Px,6:0.00} {d.WrongFraction,6:P1} {d.ObjectFraction,6:P1} {d.MissedFraction,6:P0} |          " +
                $"{r.PsnrDb - d.OraclePsnrDb,6:0.00} {r.PsnrDb - d.OracleWithObjectPsnrDb,6:0.00} {r.PsnrDb - d.OracleFlatPsnrDb,6:0.00} {r.PsnrDb - d.CleanedPsnrDb,6:0.00} {r.PsnrDb - d.RegisteredPsnrDb,6:0.00} |        {r.DensePsnrDb - d.OracleDensePsnrDb,6:0.00} {r.DensePsnrDb - d.RegisteredDensePsnrDb,6:0.00}");
        }
    }

    private static object SummariseKnown(List<KnownLutRow> rows) => new
    {
        Luts = rows.Count,
        MedianAlignedDe2000Mean = Median(rows.Select(r => r.AlignedDe2000Mean)),
        MedianWarpedDe2000Mean = Median(rows.Select(r => r.WarpedDe2000Mean)),
        WorstWarpedDe2000Mean = rows.Max(r => r.WarpedDe2000Mean),
        MedianSizeBytes = Median(rows.Select(r => (double)r.SizeBytes)),
        MedianSeconds = Median(rows.Select(r => r.Seconds)),
    };

    private static void PrintKnown(List<KnownLutRow> rows)
    {
        Console.WriteLine($"{"lut",-48} {"photo → other",-40} {"aligned",8} {"warped",8} {"align",-10} {"bytes",6} {"s",5}");
        foreach (var r in rows)
            Console.WriteLine($"{r.Lut,-48} {r.Photo + " → " + r.OtherPhoto,-40} {r.AlignedDe2000Mean,8:0.00} {r.WarpedDe2000Mean,8:0.00} {r.Alignment,-10} {r.SizeBytes,6} {r.Seconds,5:0.00}");
        Console.WriteLine(JsonSerializer.Serialize(SummariseKnown(rows), LookJson.Options));
    }
}
