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
    /// <summary>
    /// Samples the slider fit sees at most (its cost grows with them; the residual sees all). 800 before
    /// 2026-12-06: with the error-weighted residual, 400 gave the same or better Looks on the 8 FiveK pairs
    /// (median 44.57 → 44.84 dB on held-out pixels) for about half the slider fit's CPU time. Renders of
    /// an edit keep 800 (<see cref="EditDistiller.SliderSamples"/>).
    /// </summary>
    public const int SliderSamples = 400;

    /// <summary>Weighted samples (<see cref="ColourSamples.Weighted"/>) the residual is fitted and measured on.</summary>
    public const int WeightedSamples = 6000;

    /// <summary>Max ΔE00 is not a target here: single pixels' colours are noisy; the mean decides.</summary>
    private const double NoMaxTarget = 1000;

    /// <summary>Size of the smooth fit that says what a Look can reach on the samples.</summary>
    public const int ReachSize = 9;

    /// <summary>
    /// Relative residuals at which the search's solves stop (decompose's own: 1e-6). The anchored
    /// solves start from the dense reference (<see cref="StartFrom"/>); the additive ones fit what the
    /// sliders leave, offsets about a tenth of the anchored ones, so the same absolute accuracy is a
    /// ten times looser relative one. On a4232 the conjugate-gradient work went 764 → 400 M
    /// stencil products (the Look 1830 → 1826 bytes); over the eight pairs the aligned Looks scored
    /// the same or better (median 44.56 → 44.60 dB) and the misaligned ones within ±0.1 dB but one
    /// (a4723 −0.08). Tighter than 1e-4 anchored changed nothing measurable; 1e-3 anchored stored
    /// 40% more (3.2–3.4 KB against 2.3 KB on a4232), a rougher lattice.
    /// </summary>
    public const double AnchoredTolerance = 1e-4, AdditiveTolerance = 1e-3;

    /// <summary>
    /// Lattices from 9³ solve on both cores: the additive search, the longer of the two, runs alone
    /// once the anchored one is done (bit-identical results either way).
    /// </summary>
    public const int ParallelNodes = 9 * 9 * 9;

    /// <summary>
    /// A size whose finest step misses the mean target by more than this ratio skips its coarser steps
    /// (<see cref="ResidualSearch.SkipSizeMissingBy"/>). Over the 16 searches of `eval distil --warp`
    /// (2026-12-06), no size whose finest step missed the target at all met it at a coarser step (the
    /// sizes that met: finest step at most 0.999× the target); 199 of 282 sizes miss by more than 1.1×,
    /// and skipping their coarser steps drops 476 of the 983 measured candidates.
    /// </summary>
    public const double SkipSizeMissingBy = 1.1;

    private static double[] Offsets(SampleSet set)
    {
        var o = new double[set.Inputs.Length];
        for (int i = 0; i < o.Length; i++) o[i] = set.Targets[i] - set.Inputs[i];
        return o;
    }

    public sealed record Fitted(Look Look, Look SlidersOnly);

    /// <summary>The named sliders alone, fitted to at most <see cref="DistilOptions.SliderSamples"/> of the weighted samples (stored form).</summary>
    public static Look Sliders(ColourSamples samples, DistilOptions options, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (wIn, wOut) = samples.Weighted(WeightedSamples);
        var (sIn, sOut) = Strided(wIn, wOut, options.SliderSamples);
        var values = ParametricFit.Fit(new SampleSet(sIn, sOut), ct);
        options.Trace?.Invoke($"  {clock.Elapsed.TotalSeconds:0.000}s sliders fitted on {sIn.Length / 3} of {wIn.Length / 3} weighted samples");
        return LookCodec.RoundTrip(new Look(values, title: options.Title));
    }

    /// <summary>
    /// The Look: the <paramref name="sliders"/> and, when it takes the samples' mean ΔE00 down to
    /// <paramref name="targetMeanDe"/> (or what a smooth lattice reaches, if more), the smallest residual.
    /// <paramref name="dense"/>, the dense reference, is where the anchored solves start.
    /// </summary>
    public static Fitted Fit(ColourSamples samples, Look sliders, Look dense, double targetMeanDe, DistilOptions options, IProgress<DistilProgress>? progress, CancellationToken ct)
    {
        if (!options.AllowResidual) return new Fitted(sliders, sliders);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Each sample once, weighted by how often Weighted repeats it: the same fits and means, a third of the work.
        var measured = samples.WeightedSet(WeightedSamples);
        progress?.Report(new DistilProgress(0.75, "fitting the residual"));
        var unseen = samples.UnseenPoints();
        var pinned = unseen.Length > 0 ? new SampleSet(unseen, LookBaker.Evaluate(sliders, unseen).Select(v => Math.Clamp(v, 0f, 1f)).ToArray()) : measured;
        // What a Look can reach: an unquantised anchored cubic B-spline of ReachSize³ fitted to the same
        // samples. The dense reference fits the samples' noise too (a misregistered pair's especially),
        // so the target is the dense one's plus the margin, or what this smooth fit reaches if that is more.
        var reach = ResidualFit.Solve(ReachSize, ResidualKernel.CubicBSpline, measured.Inputs, Offsets(measured), measured.Weights!, null, ct);
        var reachLook = Look.Neutral.WithResidual(new LookResidual(ReachSize, reach, kernel: ResidualKernel.CubicBSpline));
        double reachMean = measured.StatsOf(measured.DeltaE2000(reachLook)).Mean;
        if (options.SmoothReachFloor) targetMeanDe = Math.Max(targetMeanDe, reachMean);
        options.Trace?.Invoke($"  {clock.Elapsed.TotalSeconds:0.000}s a smooth {ReachSize}³ reaches {reachMean:0.000}: target {targetMeanDe:0.000}");
        var decompose = new DecomposeOptions { MeanDeltaE = targetMeanDe, MaxDeltaE = NoMaxTarget, Title = options.Title };
        var slidersTrial = Trial.Measure(sliders, measured, pinned, decompose);
        if (slidersTrial.Meets) return new Fitted(sliders, sliders);

        // Both forms, as decompose does: anchored (the residual reproduces the after colours by
        // itself, offsets from the input) and additive (it adds what the sliders leave); the smaller wins.
        var start = StartFrom(dense, sliders, samples.Near());
        // Both searches solve at the same samples and weights: each size's normal matrix is assembled once.
        var stencils = new ResidualFit.StencilCache();
        using var stopAnchored = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var anchoredTask = Task.Run(() => Search(anchored: true, stopAnchored.Token), stopAnchored.Token);
        ResidualSearch additive;
        try
        {
            additive = Search(anchored: false, ct, (f, stage) => progress?.Report(new DistilProgress(0.75 + 0.2 * f, "fitting the residual")));
        }
        catch
        {
            // Leave nothing running behind a failure or a cancel.
            SideTask.StopAndWait(stopAnchored, anchoredTask);
            throw;
        }
        var anchored = anchoredTask.GetAwaiter().GetResult();
        options.Trace?.Invoke($"  {clock.Elapsed.TotalSeconds:0.000}s residuals: anchored {anchored.Best?.Bytes} additive {additive.Best?.Bytes} (target mean {targetMeanDe:0.000}, sliders {slidersTrial.Lattice.Mean:0.000})");
        Trial? best = null;
        if (anchored.Best is { } a) best = a with { Look = sliders.WithResidual(a.Look.Residual!.WithAnchor(sliders.Values)) };
        if (additive.Best is { } b && (best == null || b.Bytes < best.Bytes)) best = b;
        if (best == null)
        {
            var closest = new[] { anchored.Closest, additive.Closest }.Where(t => t != null).OrderBy(t => t!.Violation).FirstOrDefault();
            if (closest != null && closest.Violation < slidersTrial.Violation)
                best = closest.Look.Residual!.Anchor != null ? closest with { Look = sliders.WithResidual(closest.Look.Residual.WithAnchor(sliders.Values)) } : closest;
        }
        return new Fitted(best?.Look ?? sliders, sliders);

        // Progress comes from the search on this thread only (the other one runs beside it), so it stays monotone.
        ResidualSearch Search(bool anchored, CancellationToken token, Action<double, string>? report = null)
        {
            var search = new ResidualSearch(sliders, anchored, measured, pinned, measured, pinned, decompose, null, token, report)
            {
                Start = anchored ? start : null,
                SolveTolerance = anchored ? AnchoredTolerance : AdditiveTolerance,
                SolveParallelNodes = ParallelNodes,
                SkipSizeMissingBy = SkipSizeMissingBy,
                Stencils = stencils,
            };
            search.Run(ResidualSearch.Lattices.Where(l => l.Size <= 17).ToArray());
            return search;
        }
    }

    private static (float[], float[]) Strided(float[] inp, float[] tgt, int max)
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

    /// <summary>
    /// Where the anchored search's solves start: the dense reference's offsets from the input at each
    /// node, and where no sample comes near (<see cref="ColourSamples.Near"/>) the sliders' clipped
    /// output, as the pinned points ask. A cubic B-spline's control points are not its values, but near
    /// them for a smooth mapping: conjugate gradients start about a tenth of the way from the answer
    /// instead of from zero. (The additive residual fits what the sliders leave, mostly the samples'
    /// own detail, which the dense reference does not predict: from it the solves started further off than from zero.)
    /// </summary>
    internal static Func<int, ResidualKernel, bool, float[]?> StartFrom(Look dense, Look sliders, bool[] near)
    {
        var reference = dense.Residual ?? throw new ArgumentException("the dense reference has no lattice", nameof(dense));
        var processor = new LookProcessor(sliders);
        return (size, kernel, anchored) =>
        {
            if (!anchored) return null;
            var data = new float[size * size * size * 3];
            Span<double> offset = stackalloc double[3];
            for (int b = 0, i = 0; b < size; b++)
                for (int g = 0; g < size; g++)
                    for (int r = 0; r < size; r++, i += 3)
                    {
                        double x = r / (size - 1.0), y = g / (size - 1.0), z = b / (size - 1.0);
                        offset.Clear();
                        if (near[ColourSamples.BinOf((float)x, (float)y, (float)z)]) reference.AddTo(x, y, z, offset);
                        else
                        {
                            var (pr, pg, pb) = processor.ApplyParametric(x, y, z);
                            (offset[0], offset[1], offset[2]) = (Math.Clamp(pr, 0, 1) - x, Math.Clamp(pg, 0, 1) - y, Math.Clamp(pb, 0, 1) - z);
                        }
                        for (int c = 0; c < 3; c++) data[i + c] = (float)offset[c];
                    }
            return data;
        };
    }
}
