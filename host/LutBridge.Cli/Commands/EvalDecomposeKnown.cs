using System.Globalization;
using System.Text.Json;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge eval decompose --known N`: Looks with known sliders (<see cref="KnownLooks"/>),
/// each baked to a 33³ LUT and decomposed, against the sliders that made them.
/// </summary>
internal static class EvalDecomposeKnown
{
    /// <summary>Sliders alone count as reproducing a LUT within these (CIEDE2000 over its lattice and between its nodes).</summary>
    public const double ExactMean = 0.3, ExactMax = 1.5;

    internal sealed record Row(int Seed, IReadOnlyList<KnownLooks.SliderCheck> Generating, IReadOnlyList<string> Extra,
        double SlidersDe2000Mean, double SlidersDe2000Max, double SlidersLatticeDe2000Mean, double SlidersLatticeDe2000Max,
        double GeneratingDe2000Mean, double GeneratingDe2000Max, bool SlidersAloneExact, int ResidualSize, int SizeBytes,
        bool MeetsTarget, double Seconds);

    public static int Run(int count, int firstSeed, DecomposeOptions options, bool json)
    {
        var rows = new List<Row>();
        for (int seed = firstSeed; seed < firstSeed + count; seed++)
        {
            if (!json) Console.Error.Write($"\r{seed - firstSeed + 1}/{count} seed {seed}".PadRight(40));
            var known = KnownLooks.Generate(seed);
            var lut = new Lut(LookBaker.Bake(known.Look, 33));
            var r = Decomposer.Run(lut, options, null, CancellationToken.None);
            var cmp = KnownLooks.Compare(known, r.Look);
            var rep = r.Report;
            // The LUT is the Look only at its nodes (between them it is an interpolation, which the
            // generating Look itself misses by up to ~2 ΔE00 at clipping edges): exact is judged there.
            var sliders = Decomposer.Measure(r.Look.WithResidual(null), lut).Lattice;
            var floor = Decomposer.Measure(known.Look, lut).Combined;
            bool exact = sliders.Mean <= ExactMean && sliders.Max <= ExactMax && rep.ResidualSize == 0;
            rows.Add(new Row(seed, cmp.Generating, cmp.Extra, rep.ParametricOnlyDe2000Mean, rep.ParametricOnlyDe2000Max,
                sliders.Mean, sliders.Max, floor.Mean, floor.Max, exact,
                rep.ResidualSize, rep.SizeBytes, rep.MeetsTarget, rep.Seconds));
        }
        if (!json) Console.Error.WriteLine();
        var summary = Summarise(rows);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { Rows = rows, Summary = summary }, LookJson.Options));
            return CliApp.ExitOk;
        }
        string F(double v, string f = "0.###") => v.ToString(f, CultureInfo.InvariantCulture);
        foreach (var row in rows)
        {
            var gen = string.Join(", ", row.Generating.Select(c => $"{c.Name} {F(c.Want)}→{F(c.Got)}{(c.Recovered ? "" : " ✗")}"));
            var extra = row.Extra.Count == 0 ? "none" : string.Join(", ", row.Extra);
            Console.WriteLine($"seed {row.Seed}: sliders alone ΔE00 nodes {F(row.SlidersLatticeDe2000Mean, "0.000")}/{F(row.SlidersLatticeDe2000Max, "0.00")}, " +
                $"nodes and between {F(row.SlidersDe2000Mean, "0.000")}/{F(row.SlidersDe2000Max, "0.00")}" +
                $"{(row.SlidersAloneExact ? " exact" : "")} (generating Look {F(row.GeneratingDe2000Mean, "0.000")}/{F(row.GeneratingDe2000Max, "0.00")}), residual {row.ResidualSize}³, {row.SizeBytes} B, {F(row.Seconds, "0.00")} s");
            Console.WriteLine($"  generating: {gen}");
            Console.WriteLine($"  extra: {extra}");
        }
        foreach (var (k, v) in summary)
            Console.WriteLine($"{k,-40} {F(v)}");
        Console.WriteLine($"(exact: sliders alone within mean ΔE00 {ExactMean} and max {ExactMax} on the LUT's nodes, no residual; " +
            "recovered: within 25% of the generating value, split-toning hues within 10°)");
        return CliApp.ExitOk;
    }

    internal static Dictionary<string, double> Summarise(List<Row> rows)
    {
        int sliders = rows.Sum(r => r.Generating.Count);
        var withResidual = rows.Where(r => r.ResidualSize > 0).ToList();
        return new Dictionary<string, double>
        {
            ["looks"] = rows.Count,
            ["sliders_alone_exact"] = rows.Count(r => r.SlidersAloneExact),
            ["sliders_alone_exact_fraction"] = rows.Count(r => r.SlidersAloneExact) / (double)rows.Count,
            ["sliders_alone_exact_between_nodes_too"] = rows.Count(r => r.SlidersAloneExact && r.SlidersDe2000Mean <= ExactMean && r.SlidersDe2000Max <= ExactMax),
            ["generating_look_within_max_between_nodes"] = rows.Count(r => r.GeneratingDe2000Max <= ExactMax),
            ["generating_sliders"] = sliders,
            ["generating_recovered"] = rows.Sum(r => r.Generating.Count(c => c.Recovered)),
            ["generating_recovered_fraction"] = rows.Sum(r => r.Generating.Count(c => c.Recovered)) / (double)Math.Max(1, sliders),
            ["extra_sliders_per_look"] = rows.Sum(r => r.Extra.Count) / (double)rows.Count,
            ["looks_with_residual"] = withResidual.Count,
            ["largest_residual"] = withResidual.Count == 0 ? 0 : withResidual.Max(r => r.ResidualSize),
            ["median_bytes"] = Median(rows.Select(r => (double)r.SizeBytes)),
            ["total_bytes"] = rows.Sum(r => r.SizeBytes),
            ["meets_target"] = rows.Count(r => r.MeetsTarget),
            ["median_sliders_de2000_mean"] = Median(rows.Select(r => r.SlidersDe2000Mean)),
            ["median_sliders_de2000_max"] = Median(rows.Select(r => r.SlidersDe2000Max)),
            ["median_sliders_nodes_de2000_max"] = Median(rows.Select(r => r.SlidersLatticeDe2000Max)),
            ["median_generating_de2000_max"] = Median(rows.Select(r => r.GeneratingDe2000Max)),
            ["median_seconds"] = Median(rows.Select(r => r.Seconds)),
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }
}
