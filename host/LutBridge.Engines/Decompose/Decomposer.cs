using System.Diagnostics;
using LutBridge.Core.Luts;
using LutBridge.Engines.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Any LUT → a compact, editable Look: the named sliders first (<see cref="ParametricFit"/>),
/// then the smallest residual lattice that brings the CIEDE2000 error on the LUT's lattice
/// nodes and on a dense sample between them under the targets (<see cref="ResidualFit"/>).
/// Errors are measured on the Look exactly as stored (quantised through the .look codec).
/// Deterministic: the same LUT and options give the same bytes.
/// </summary>
public static class Decomposer
{
    /// <summary>Nodes per axis the residual search samples on larger LUTs (the final check uses up to 33).</summary>
    public const int SearchAxis = 17;

    /// <summary>Grid the sliders are fitted on (8³ points through the LUT).</summary>
    public const int SliderGrid = 8;

    private static readonly bool Debug = Environment.GetEnvironmentVariable("LUTBRIDGE_DECOMPOSE_DEBUG") == "1";

    public static DecomposeResult Run(Lut lut, DecomposeOptions options, IProgress<DecomposeProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lut);
        options.Validate();
        var clock = Stopwatch.StartNew();
        progress?.Report(new DecomposeProgress(0, "sampling the LUT"));
        var lattice = SampleSets.Lattice(lut);
        var dense = SampleSets.Dense(lut);
        var grid = SampleSets.Grid(lut, SliderGrid);
        // Large LUTs: the residual search fits and measures on a coarser sample (every k-th node,
        // at most SearchAxis per axis); a size that meets the targets there is then checked on the
        // full sets, and only a size that passes that check is kept.
        bool strided = SampleSets.Strided(lut, SearchAxis);
        var searchLattice = strided ? SampleSets.Lattice(lut, SearchAxis) : lattice;
        var searchDense = strided ? SampleSets.Dense(lut, SearchAxis) : dense;
        ct.ThrowIfCancellationRequested();

        progress?.Report(new DecomposeProgress(0.1, "fitting the sliders"));
        var values = ParametricFit.Fit(grid, ct);
        var parametric = LookCodec.RoundTrip(new Look(values, title: options.Title ?? lut.Title));
        var best = Trial.Measure(parametric, lattice, dense, options);
        var parametricOnly = best;
        if (Debug) Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0.000}s sliders: lattice {best.Lattice.Mean:0.000}/{best.Lattice.Max:0.000} dense {best.Dense.Mean:0.000}/{best.Dense.Max:0.000}");
        if (Debug) Worst(best, lattice);

        if (!best.Meets && options.AllowResidual)
        {
            progress?.Report(new DecomposeProgress(0.4, "fitting the residual"));
            var search = new ResidualSearch(parametric, lattice, dense, searchLattice, searchDense, options, progress,
                Debug ? line => Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0.000}s {line}") : null, ct);
            search.Run(ResidualSearch.Sizes);
            if (search.Best != null) best = search.Best;
            else if (search.Closest is { } closest)
            {
                var full = Trial.Measure(closest.Look, lattice, dense, options);
                if (full.Violation < best.Violation) best = full;
            }
        }

        progress?.Report(new DecomposeProgress(1, "done"));
        var bytes = LookCodec.Encode(best.Look).Length;
        var report = new DecomposeReport(
            bytes,
            best.Combined.Mean, best.Combined.Max, best.Combined.P99,
            best.Lattice, best.Dense,
            parametricOnly.Combined.Mean, parametricOnly.Combined.Max,
            best.Look.Residual?.Size ?? 0,
            best.Meets,
            clock.Elapsed.TotalSeconds,
            LookParameters.All.ToDictionary(p => p.Name, p => best.Look[p.Index]));
        return new DecomposeResult(best.Look, report);
    }

    private static void Worst(Trial t, SampleSet lattice)
    {
        var p = new LookProcessor(t.Look);
        var order = Enumerable.Range(0, t.LatticeErrors.Length).OrderByDescending(i => t.LatticeErrors[i]).Take(8);
        foreach (var i in order)
        {
            var x = lattice.Inputs.AsSpan(3 * i, 3).ToArray();
            var y = lattice.Targets.AsSpan(3 * i, 3).ToArray();
            var o = p.Apply(x[0], x[1], x[2]);
            Console.Error.WriteLine($"    de {t.LatticeErrors[i]:0.00} in ({x[0]:0.000} {x[1]:0.000} {x[2]:0.000}) lut ({y[0]:0.000} {y[1]:0.000} {y[2]:0.000}) look ({o.R:0.000} {o.G:0.000} {o.B:0.000})");
        }
    }
}
