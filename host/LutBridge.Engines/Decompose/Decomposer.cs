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
    /// <summary>Residual sizes tried in order; the first that meets the targets wins.</summary>
    public static readonly int[] ResidualSizes = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 21, 25, 33, 45, 65];

    /// <summary>Nodes per axis the residual search samples on larger LUTs (the final check uses up to 33).</summary>
    public const int SearchAxis = 17;

    /// <summary>Grid the sliders are fitted on (8³ points through the LUT).</summary>
    public const int SliderGrid = 8;

    /// <summary>Sizes tried beyond the first that meets the targets (a larger lattice at a coarser step can store smaller).</summary>
    private const int ExtraSizesAfterSuccess = 1;

    /// <summary>
    /// Quantisation steps of the residual, coarse to fine, tied to the mean error target:
    /// 1/64 of the sRGB range at the default 0.45 (a step moves a colour by about 1 ΔE00), down to 1/512.
    /// </summary>
    public static float[] ResidualSteps(DecomposeOptions options)
    {
        double baseStep = Math.Min(1.0 / 16, options.MeanDeltaE / 0.45 / 64);
        return [(float)baseStep, (float)(baseStep / 2), (float)(baseStep / 4), (float)(baseStep / 8)];
    }

    /// <summary>Re-weighting rounds per residual size when the largest error misses its target.</summary>
    private const int ReweightRounds = 2;

    /// <summary>Re-weighting is tried only when the worse target is missed by at most this ratio.</summary>
    private const double MaxViolationToReweight = 1.6;

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
        var best = Measure(parametric, lattice, dense, options);
        var parametricOnly = best;
        if (Debug) Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0.000}s sliders: lattice {best.Lattice.Mean:0.000}/{best.Lattice.Max:0.000} dense {best.Dense.Mean:0.000}/{best.Dense.Max:0.000}");
        if (Debug) Worst(best, lattice);

        if (!best.Meets && options.AllowResidual)
        {
            progress?.Report(new DecomposeProgress(0.4, "fitting the residual"));
            var (inputs, offsets) = ResidualTargets(parametric, searchLattice, searchDense);
            var steps = ResidualSteps(options);
            // Sizes in increasing order until one meets the targets, then one size further (a larger
            // lattice at a coarser step can store smaller). Small lattices cost little to try; the
            // error is not monotonic in the size, so bisecting would miss small ones that meet.
            var tried = new Dictionary<int, (Trial? Met, int Bytes)>();
            Trial? closest = null; // on the search sets: the least miss, kept when no size meets the targets
            bool escalate = false;
            (Trial? Met, int Bytes) Try(int k)
            {
                if (tried.TryGetValue(k, out var known)) return known;
                ct.ThrowIfCancellationRequested();
                int size = ResidualSizes[k];
                progress?.Report(new DecomposeProgress(0.4 + 0.6 * k / ResidualSizes.Length, $"residual {size}³"));
                (Trial? Met, int Bytes) outcome = (null, int.MaxValue);
                var weights = Enumerable.Repeat(1.0, offsets.Length / 3).ToArray();
                for (int round = 0; round <= ReweightRounds && outcome.Met == null; round++)
                {
                    var data = ResidualFit.Solve(size, inputs, offsets, weights, ct);
                    Trial? finest = null;
                    // Coarse steps first: the first step that meets the targets stores smallest.
                    foreach (var step in steps)
                    {
                        var trial = Measure(LookCodec.RoundTrip(parametric.WithResidual(new LookResidual(size, data, step))), searchLattice, searchDense, options);
                        finest = trial;
                        if (Debug) Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:0.000}s size {size} round {round} step 1/{1 / step:0}: lattice {trial.Lattice.Mean:0.000}/{trial.Lattice.Max:0.000} dense {trial.Dense.Mean:0.000}/{trial.Dense.Max:0.000} bytes {LookCodec.Encode(trial.Look).Length}");
                        if (trial.Meets)
                        {
                            var verdict = strided ? Measure(trial.Look, lattice, dense, options) : trial;
                            if (verdict.Meets)
                            {
                                outcome = (verdict, LookCodec.Encode(verdict.Look).Length);
                                break;
                            }
                            // The coarse sample misses detail the full sets see: search on the full sets from here on.
                            escalate = true;
                            return outcome;
                        }
                        if (!trial.MeanMeets && trial.Violation > 3) break; // finer steps cannot rescue a lattice this coarse
                    }
                    if (outcome.Met == null && (closest == null || finest!.Violation < closest.Violation)) closest = finest;
                    // Re-weighting moves error between samples; it cannot rescue a lattice far off the max target.
                    if (outcome.Met != null || !finest!.MeanMeets || finest.Violation > MaxViolationToReweight) break;
                    Reweight(weights, finest, options.MaxDeltaE);
                }
                tried[k] = outcome;
                return outcome;
            }
            int found = -1;
            for (int k = 0; k < ResidualSizes.Length && found < 0; k++)
            {
                if (Try(k).Met != null) found = k;
                else if (escalate)
                {
                    (escalate, strided, searchLattice, searchDense) = (false, false, lattice, dense);
                    (inputs, offsets) = ResidualTargets(parametric, lattice, dense);
                    closest = null;
                    tried.Remove(k);
                    k--;
                }
            }
            Trial? smallest = null;
            if (found >= 0)
            {
                for (int k = found + 1; k <= Math.Min(found + ExtraSizesAfterSuccess, ResidualSizes.Length - 1); k++) Try(k);
                int smallestBytes = int.MaxValue;
                foreach (var (k, outcome) in tried.OrderBy(t => t.Key))
                    if (outcome.Met != null && outcome.Bytes < smallestBytes) (smallest, smallestBytes) = (outcome.Met, outcome.Bytes);
            }
            if (smallest != null) best = smallest;
            else if (closest != null)
            {
                var full = strided ? Measure(closest.Look, lattice, dense, options) : closest;
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

    /// <summary>A candidate Look and its errors.</summary>
    private sealed record Trial(Look Look, ErrorStats Lattice, ErrorStats Dense, ErrorStats Combined, double[] LatticeErrors, double[] DenseErrors, DecomposeOptions Options)
    {
        public bool MeanMeets => Lattice.Mean <= Options.MeanDeltaE && Dense.Mean <= Options.MeanDeltaE;
        public bool Meets => MeanMeets && Lattice.Max <= Options.MaxDeltaE && Dense.Max <= Options.MaxDeltaE;

        /// <summary>How far the worse of the two targets is missed (ratio; ≤ 1 when met).</summary>
        public double Violation => Math.Max(Math.Max(Lattice.Mean, Dense.Mean) / Options.MeanDeltaE, Math.Max(Lattice.Max, Dense.Max) / Options.MaxDeltaE);
    }

    private static Trial Measure(Look look, SampleSet lattice, SampleSet dense, DecomposeOptions options)
    {
        var le = lattice.DeltaE2000(look);
        var de = dense.DeltaE2000(look);
        return new Trial(look, SampleSet.Stats(le), SampleSet.Stats(de), SampleSet.Stats([.. le, .. de]), le, de, options);
    }

    /// <summary>
    /// The offsets the residual must add to the unclipped parametric output at every lattice
    /// and dense sample. Where the LUT sits on the gamut boundary and the sliders already
    /// overshoot it, clipping does the work and the offset only reaches the boundary.
    /// </summary>
    private static (float[] Inputs, double[] Offsets) ResidualTargets(Look look, SampleSet lattice, SampleSet dense)
    {
        var inputs = new float[lattice.Inputs.Length + dense.Inputs.Length];
        lattice.Inputs.CopyTo(inputs, 0);
        dense.Inputs.CopyTo(inputs, lattice.Inputs.Length);
        var targets = new float[inputs.Length];
        lattice.Targets.CopyTo(targets, 0);
        dense.Targets.CopyTo(targets, lattice.Targets.Length);
        var processor = new LookProcessor(look);
        var offsets = new double[inputs.Length];
        int count = inputs.Length / 3;
        Parallel.For(0, (count + 1023) / 1024, chunk =>
        {
            int end = Math.Min(count, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                var (sr, sg, sb) = processor.Shape(inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]);
                (inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]) = ((float)sr, (float)sg, (float)sb);
                var (r, g, b) = processor.ApplyParametric(sr, sg, sb);
                offsets[3 * i] = Offset(targets[3 * i], r);
                offsets[3 * i + 1] = Offset(targets[3 * i + 1], g);
                offsets[3 * i + 2] = Offset(targets[3 * i + 2], b);
            }
        });
        return (inputs, offsets);
    }

    private static double Offset(double target, double value)
    {
        const double edge = 1e-4;
        if (target >= 1 - edge && value > 1) return target - 1;
        if (target <= edge && value < 0) return target;
        return target - value;
    }

    /// <summary>Raises the weight of samples whose error is large compared with the max target.</summary>
    private static void Reweight(double[] weights, Trial trial, double maxDe)
    {
        int n = trial.LatticeErrors.Length;
        for (int i = 0; i < weights.Length; i++)
        {
            double e = i < n ? trial.LatticeErrors[i] : trial.DenseErrors[i - n];
            double ratio = e / (0.6 * maxDe);
            if (ratio > 1) weights[i] *= 1 + 4 * ratio * ratio;
        }
    }
}
