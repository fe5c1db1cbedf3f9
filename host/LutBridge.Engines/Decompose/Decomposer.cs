using System.Diagnostics;
using LutBridge.Core.Luts;
using LutBridge.Looks;

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

    /// <summary>
    /// The additive residual is also searched when the sliders alone come within this mean
    /// ΔE00; it is always searched when no anchored residual meets the targets. With version 3
    /// it was smaller on 6 of the 60 creative LUTs (1.4 KB of 73 KB) within 1.1; since the
    /// canonical sliders it wins on none of them (37,908 B with 1.1 or 0) and cost 10% of the CPU
    /// (`bench decompose --every 1 --additive-within 0`: 47.2 s against 42.3 s), so it is no
    /// longer searched beside the anchored form.
    /// </summary>
    public const double AdditiveWithinDeltaE = 0;


    public static DecomposeResult Run(Lut lut, DecomposeOptions options, IProgress<DecomposeProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lut);
        options.Validate();
        try
        {
            return RunCore(lut, options, progress, ct);
        }
        catch (InvalidOperationException e)
        {
            // A bug of the fitter (e.g. a Look its own reader refuses): say which input met it.
            throw new InvalidOperationException($"{options.Source ?? lut.Title ?? "the LUT"}: decompose failed: {e.Message}", e);
        }
    }

    private static DecomposeResult RunCore(Lut lut, DecomposeOptions options, IProgress<DecomposeProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var fitProgress = new FitProgress(progress, options.Trace);
        fitProgress.Stage(0, "sampling the LUT");
        var lattice = SampleSets.Lattice(lut);
        var dense = SampleSets.Dense(lut);
        var grid = SampleSets.Grid(lut, SliderGrid);
        // Large LUTs: the residual search fits and measures on a coarser sample (every k-th node,
        // at most SearchAxis per axis); a size that meets the targets there is then checked on the
        // full sets, and only a size that passes that check is kept.
        bool strided = SampleSets.Strided(lut, SearchAxis);
        var exact = ExactLattice.Of(lut);
        var searchLattice = strided ? SampleSets.Lattice(lut, SearchAxis) : lattice;
        var searchDense = strided ? SampleSets.Dense(lut, SearchAxis) : dense;
        ct.ThrowIfCancellationRequested();
        Trial best, parametricOnly;

        Action<string>? debug = options.Trace is { } trace ? line => trace($"  {clock.Elapsed.TotalSeconds:0.000}s {line}") : null;
        // A camera-log LUT whose input side is a published encoding: the stage takes the camera
        // transform and the sliders and residual only the film part (kept when it meets the targets).
        if (options.AllowResidual && CameraStageFit.Detect(lut, debug) is { } stage)
        {
            fitProgress.Stage(FitProgress.ResidualFrom, "fitting the film look after the camera stage");
            var (stagedBest, stagedSliders) = FitStaged(lut, stage, lattice, dense, options, fitProgress.Anchored, debug, ct);
            debug?.Invoke($"camera stage: {(stagedBest.Meets ? "meets" : "misses")} the targets, {stagedBest.Bytes} bytes");
            if (stagedBest.Meets)
            {
                ct.ThrowIfCancellationRequested();
                fitProgress.Stage(1, "done");
                return Result(stagedBest, stagedSliders, clock);
            }
        }
        fitProgress.Stage(FitProgress.ResidualFrom, "fitting the sliders");
        // The anchored residual approximates the LUT itself, so its search does not wait for the sliders.
        using var stopAnchored = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var anchoredSearch = options.AllowResidual
            ? Task.Run(() => Search(Look.Neutral, anchored: true, stopAnchored.Token, fitProgress.Anchored, exact))
            : null;
        Trial? met = null, closest = null;
        try
        {
            var values = ParametricFit.Fit(grid, ct, debug);
            var parametric = LookCodec.RoundTrip(new Look(values, title: options.Title ?? lut.Title));
            best = Trial.Measure(parametric, lattice, dense, options);
            parametricOnly = best;
            debug?.Invoke($"sliders: lattice {best.Lattice.Mean:0.000}/{best.Lattice.Max:0.000} dense {best.Dense.Mean:0.000}/{best.Dense.Max:0.000}");
            if (debug != null) Worst(best, lattice, debug);
            if (!best.Meets && anchoredSearch != null)
            {
                // Where the sliders already come close, a residual added to them is often smaller;
                // it is searched here while the anchored search may still be running.
                // Not on large LUTs, where each trial costs several times more (the anchored form wins there too).
                ResidualSearch? additive = parametricOnly.Combined.Mean <= options.AdditiveWithinDeltaE && !strided ? Search(parametric, anchored: false, ct, fitProgress.Additive) : null;
                var anchored = anchoredSearch.GetAwaiter().GetResult();
                // Re-anchor the winner at the fitted sliders: at its anchor the Look is the residual alone
                // (strength is 1 in both), so its measured errors stand; only the stored sliders add bytes.
                if (anchored.Best is { } a) met = a with { Look = parametric.WithResidual(a.Look.Residual!.WithAnchor(parametric.Values)) };
                if (anchored.Closest is { } c) closest = c with { Look = parametric.WithResidual(c.Look.Residual!.WithAnchor(parametric.Values)) };
                debug?.Invoke($"anchored: {met?.Bytes.ToString() ?? "none"} bytes");
                if (additive == null && met == null) additive = Search(parametric, anchored: false, ct, fitProgress.Additive);
                if (additive != null)
                {
                    if (additive.Best is { } b && (met == null || b.Bytes < met.Bytes)) met = b;
                    if (closest == null || additive.Closest is { } d && d.Violation < closest.Violation) closest = additive.Closest;
                    debug?.Invoke($"additive: {additive.Best?.Bytes.ToString() ?? "none"} bytes");
                }
            }
        }
        finally
        {
            if (anchoredSearch != null && !anchoredSearch.IsCompleted) SideTask.StopAndWait(stopAnchored, anchoredSearch);
        }
        if (met != null) best = met;
        else if (closest != null)
        {
            var full = Trial.Measure(closest.Look, lattice, dense, options);
            if (full.Violation < best.Violation) best = full;
        }

        ResidualSearch Search(Look sliders, bool anchored, CancellationToken token, Action<double, string> report, ExactLattice? exactLattice = null)
        {
            var search = new ResidualSearch(sliders, anchored, lattice, dense, searchLattice, searchDense, options, debug, token, report, exactLattice);
            search.Run(ResidualSearch.Lattices);
            return search;
        }

        ct.ThrowIfCancellationRequested();
        fitProgress.Stage(1, "done");
        return Result(best, parametricOnly, clock);
    }

    private static DecomposeResult Result(Trial best, Trial parametricOnly, Stopwatch clock)
    {
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

    /// <summary>
    /// The Look with a camera stage: sliders and an anchored spline residual fitted to the LUT's
    /// nodes as a function of the stage's display colours there (the Look is exact between nodes
    /// when it is exact on them: it interpolates them as the LUT does), then measured with the
    /// stage on the LUT's own sets. Returns the best Look (or the closest) and its sliders alone.
    /// </summary>
    private static (Trial Best, Trial SlidersOnly) FitStaged(Lut lut, LookCameraStage stage, SampleSet lattice, SampleSet dense,
        DecomposeOptions options, Action<double, string> progress, Action<string>? debug, CancellationToken ct)
    {
        int n = stage.Size;
        var display = CameraStageFit.Display(stage);
        var data = lut.Lattice!.Data;
        SampleSet Nodes(int first, int stride)
        {
            var axis = new List<int>();
            for (int k = first; k < n; k += stride) axis.Add(k);
            if (first == 0 && axis[^1] != n - 1) axis.Add(n - 1);
            var inputs = new List<float>(axis.Count * axis.Count * axis.Count * 3);
            var targets = new List<float>(inputs.Capacity);
            foreach (var b in axis)
                foreach (var g in axis)
                    foreach (var r in axis)
                    {
                        int i = 3 * (r + n * (g + n * b));
                        for (int c = 0; c < 3; c++)
                        {
                            inputs.Add(display[i + c]);
                            targets.Add(Math.Clamp(data[i + c], 0f, 1f));
                        }
                    }
            return new SampleSet(inputs.ToArray(), targets.ToArray());
        }
        int full = Math.Max(1, (int)Math.Ceiling((n - 1) / (SampleSets.MaxLatticeAxis - 1.0)));
        var nodes = Nodes(0, full);
        var others = Nodes(1, 3 * full);
        var searchNodes = Nodes(0, 2 * full);
        var grid = Nodes(0, Math.Max(1, (int)Math.Ceiling((n - 1) / (double)(SliderGrid - 1))));
        // The anchored residual does not depend on the sliders: searched on a second thread while they are fitted.
        using var stopSearch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var search = new ResidualSearch(Look.Neutral, anchored: true, nodes, others, searchNodes, others, options, debug, stopSearch.Token, progress);
        var searching = Task.Run(() => search.Run(ResidualSearch.Lattices.Where(l => l.Kernel == ResidualKernel.CubicBSpline).ToArray()), stopSearch.Token);
        double[] values;
        try
        {
            values = ParametricFit.Fit(grid, ct, debug);
        }
        catch
        {
            // The slider fit failed or was cancelled: stop the search too, and let it finish before leaving.
            SideTask.StopAndWait(stopSearch, searching);
            throw;
        }
        searching.GetAwaiter().GetResult();
        var parametric = LookCodec.RoundTrip(new Look(values, title: options.Title ?? lut.Title));
        var slidersOnly = Trial.Measure(LookCodec.RoundTrip(parametric.WithStage(stage)), lattice, dense, options);
        var found = search.Best ?? search.Closest;
        if (found == null) return (slidersOnly, slidersOnly);
        Trial Staged(Trial t) =>
            Trial.Measure(LookCodec.RoundTrip(parametric.WithResidual(t.Look.Residual!.WithAnchor(parametric.Values)).WithStage(stage)), lattice, dense, options);
        var best = Staged(found);
        // The search judged its winner on the stage's nodes (every other one on a 65³ LUT); on the
        // LUT's own sets it can still miss by a hair (acescct, clip, Velvia at 65³: by 0.01 ΔE00 of the
        // max). Search again with targets 10%, then 20% tighter, rather than give the stage up.
        for (int round = 1; !best.Meets && search.Best != null && round <= StagedTighterRounds; round++)
        {
            ct.ThrowIfCancellationRequested();
            double factor = 1 - 0.1 * round;
            var strict = options with { MaxDeltaE = options.MaxDeltaE * factor, MeanDeltaE = options.MeanDeltaE * factor };
            var again = new ResidualSearch(Look.Neutral, anchored: true, nodes, others, searchNodes, others, strict, debug, ct);
            again.Run(ResidualSearch.Lattices.Where(l => l.Kernel == ResidualKernel.CubicBSpline).ToArray());
            if (again.Best is not { } tighter) break;
            var trial = Staged(tighter);
            debug?.Invoke($"camera stage, targets ×{factor:0.0}: {(trial.Meets ? "meets" : "misses")}, {trial.Bytes} bytes");
            if (trial.Meets || trial.Violation < best.Violation) best = trial;
        }
        return (best, slidersOnly);
    }

    /// <summary>Searches with tighter targets after a staged winner misses on the LUT's own sets.</summary>
    private const int StagedTighterRounds = 2;

    /// <summary>A Look's CIEDE2000 against a LUT on the sets decompose measures: the LUT's lattice nodes, and those with the points between them.</summary>
    public static (ErrorStats Lattice, ErrorStats Combined) Measure(Look look, Lut lut)
    {
        var t = Trial.Measure(look, SampleSets.Lattice(lut), SampleSets.Dense(lut), DecomposeOptions.Default);
        return (t.Lattice, t.Combined);
    }

    /// <summary>
    /// The whole fit's progress, monotone and thread-safe (the anchored search reports from its own
    /// thread): sampling 0, then the residual searches over [<see cref="ResidualFrom"/>, <see cref="ResidualTo"/>]
    /// by their fraction of planned trials (the sliders are fitted meanwhile), then 1. When the additive
    /// search joins at anchored fraction a₀, the two share what is left: a₀ + ((a − a₀) + (1 − a₀)·b) / 2.
    /// </summary>
    private sealed class FitProgress(IProgress<DecomposeProgress>? sink, Action<string>? trace)
    {
        public const double ResidualFrom = 0.05, ResidualTo = 0.98;
        private readonly Lock _lock = new();
        private double _reported = -1, _anchored, _anchoredAtJoin, _additive;
        private bool _joined;

        public void Stage(double fraction, string stage)
        {
            lock (_lock) Publish(fraction, stage);
        }

        public void Anchored(double fraction, string stage)
        {
            lock (_lock)
            {
                _anchored = fraction;
                Publish(Residual(), stage);
            }
        }

        public void Additive(double fraction, string stage)
        {
            lock (_lock)
            {
                if (!_joined) (_joined, _anchoredAtJoin) = (true, _anchored);
                _additive = fraction;
                Publish(Residual(), stage);
            }
        }

        private double Residual()
        {
            double f = _joined ? _anchoredAtJoin + (_anchored - _anchoredAtJoin + (1 - _anchoredAtJoin) * _additive) / 2 : _anchored;
            return ResidualFrom + (ResidualTo - ResidualFrom) * f;
        }

        private void Publish(double fraction, string stage)
        {
            if (fraction <= _reported) return;
            _reported = fraction;
            trace?.Invoke($"  progress {fraction:0.000} {stage}");
            if (sink == null) return;
            sink.Report(new DecomposeProgress(fraction, stage));
        }
    }

    private static void Worst(Trial t, SampleSet lattice, Action<string> trace)
    {
        var p = new LookProcessor(t.Look);
        var order = Enumerable.Range(0, t.LatticeErrors.Length).OrderByDescending(i => t.LatticeErrors[i]).Take(8);
        foreach (var i in order)
        {
            var x = lattice.Inputs.AsSpan(3 * i, 3).ToArray();
            var y = lattice.Targets.AsSpan(3 * i, 3).ToArray();
            var o = p.Apply(x[0], x[1], x[2]);
            trace($"    de {t.LatticeErrors[i]:0.00} in ({x[0]:0.000} {x[1]:0.000} {x[2]:0.000}) lut ({y[0]:0.000} {y[1]:0.000} {y[2]:0.000}) look ({o.R:0.000} {o.G:0.000} {o.B:0.000})");
        }
    }
}
