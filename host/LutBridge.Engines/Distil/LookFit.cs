using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Engines.Distil;

/// <summary>
/// Colour samples → a Look, with decompose's own fitter: the named sliders by its
/// Levenberg-Marquardt fit (<see cref="ParametricFit"/>) on the samples, then the smallest
/// residual (anchored or additive, <see cref="ResidualSearch"/>) whose stored Look comes within
/// a margin of the dense reference's mean ΔE00 on the samples. Colours the pair never shows are
/// pinned to the sliders (points far from every sample whose target is the sliders' output), so
/// there the Look follows the sliders smoothly rather than whatever the residual extrapolates.
/// </summary>
internal static class LookFit
{
    /// <summary>Samples the slider fit sees at most (its cost grows with them; the residual sees all).</summary>
    public const int SliderSamples = 800;

    /// <summary>Weighted samples (<see cref="ColourSamples.Weighted"/>) the residual is fitted and measured on.</summary>
    public const int WeightedSamples = 6000;


    /// <summary>Max ΔE00 is not a target here: single pixels' colours are noisy; the mean decides.</summary>
    private const double NoMaxTarget = 1000;

    /// <summary>Size of the smooth fit that says what a Look can reach on the samples.</summary>
    public const int ReachSize = 9;

    private static double[] Offsets(SampleSet set)
    {
        var o = new double[set.Inputs.Length];
        for (int i = 0; i < o.Length; i++) o[i] = set.Targets[i] - set.Inputs[i];
        return o;
    }

    public sealed record Fitted(Look Look, Look SlidersOnly);

    public static Fitted Fit(ColourSamples samples, double targetMeanDe, DistilOptions options, IProgress<DistilProgress>? progress, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (wIn, wOut) = samples.Weighted(WeightedSamples);
        var measured = new SampleSet(wIn, wOut);
        var (sIn, sOut) = Strided(wIn, wOut, SliderSamples);
        var values = ParametricFit.Fit(new SampleSet(sIn, sOut), ct);
        options.Trace?.Invoke($"  {clock.Elapsed.TotalSeconds:0.000}s sliders fitted on {sIn.Length / 3} of {wIn.Length / 3} weighted samples");
        var sliders = LookCodec.RoundTrip(new Look(values, title: options.Title));
        if (!options.AllowResidual) return new Fitted(sliders, sliders);

        progress?.Report(new DistilProgress(0.75, "fitting the residual"));
        var unseen = samples.UnseenPoints();
        var pinned = unseen.Length > 0 ? new SampleSet(unseen, LookBaker.Evaluate(sliders, unseen).Select(v => Math.Clamp(v, 0f, 1f)).ToArray()) : measured;
        // What a Look can reach: an unquantised anchored cubic B-spline of ReachSize³ fitted to the same
        // samples. The dense reference fits the samples' noise too (a misregistered pair's especially),
        // so the target is the dense one's plus the margin, or what this smooth fit reaches if that is more.
        var reach = ResidualFit.Solve(ReachSize, ResidualKernel.CubicBSpline, measured.Inputs, Offsets(measured), Enumerable.Repeat(1.0, measured.Count).ToArray(), null, ct);
        var reachLook = Look.Neutral.WithResidual(new LookResidual(ReachSize, reach, kernel: ResidualKernel.CubicBSpline));
        double reachMean = SampleSet.Stats(measured.DeltaE2000(reachLook)).Mean;
        if (options.SmoothReachFloor) targetMeanDe = Math.Max(targetMeanDe, reachMean);
        options.Trace?.Invoke($"  {clock.Elapsed.TotalSeconds:0.000}s a smooth {ReachSize}³ reaches {reachMean:0.000}: target {targetMeanDe:0.000}");
        var decompose = new DecomposeOptions { MeanDeltaE = targetMeanDe, MaxDeltaE = NoMaxTarget, Title = options.Title };
        var slidersTrial = Trial.Measure(sliders, measured, pinned, decompose);
        if (slidersTrial.Meets) return new Fitted(sliders, sliders);

        // Both forms, as decompose does: anchored (the residual reproduces the after colours by
        // itself, offsets from the input) and additive (it adds what the sliders leave); the smaller wins.
        var anchoredTask = Task.Run(() => Search(sliders, anchored: true), ct);
        var additive = Search(sliders, anchored: false, (f, stage) => progress?.Report(new DistilProgress(0.75 + 0.2 * f, "fitting the residual")));
        var anchored = anchoredTask.GetAwaiter().GetResult();
        if (anchored == null && additive == null) return new Fitted(sliders, sliders);
        options.Trace?.Invoke($"  {clock.Elapsed.TotalSeconds:0.000}s residuals: anchored {anchored?.Best?.Bytes} additive {additive?.Best?.Bytes} (target mean {targetMeanDe:0.000}, sliders {slidersTrial.Lattice.Mean:0.000})");
        Trial? best = null;
        if (anchored?.Best is { } a) best = a with { Look = sliders.WithResidual(a.Look.Residual!.WithAnchor(sliders.Values)) };
        if (additive?.Best is { } b && (best == null || b.Bytes < best.Bytes)) best = b;
        if (best == null)
        {
            var closest = new[] { anchored?.Closest, additive?.Closest }.Where(t => t != null).OrderBy(t => t!.Violation).FirstOrDefault();
            if (closest != null && closest.Violation < slidersTrial.Violation)
                best = closest.Look.Residual!.Anchor != null ? closest with { Look = sliders.WithResidual(closest.Look.Residual.WithAnchor(sliders.Values)) } : closest;
        }
        return new Fitted(best?.Look ?? sliders, sliders);

        static (float[], float[]) Strided(float[] inp, float[] tgt, int max)
        {
            int n = inp.Length / 3;
            if (n <= max) return (inp, tgt);
            int stride = (n + max - 1) / max, m = (n + stride - 1) / stride;
            var a = new float[3 * m];
            var b = new float[3 * m];
            for (int j = 0; j < m; j++)
            {
                Array.Copy(inp, 3 * j * stride, a, 3 * j, 3);
                Array.Copy(tgt, 3 * j * stride, b, 3 * j, 3);
            }
            return (a, b);
        }

        // Progress comes from the search on this thread only (the other one runs beside it), so it stays monotone.
        ResidualSearch? Search(Look start, bool anchored, Action<double, string>? report = null)
        {
            var search = new ResidualSearch(start, anchored, measured, pinned, measured, pinned, decompose, null, ct, report);
            search.Run(ResidualSearch.Lattices.Where(l => l.Size <= 17).ToArray());
            return search;
        }
    }
}
