using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Engines.Distil;

/// <summary>
/// A before/after pair → a Look that maps the before colours onto the after colours:
/// correspondences (the pixels themselves when the pair lines up, else <see cref="Registration"/>),
/// robust colour samples (<see cref="ColourSamples"/>), the dense 33³ reference
/// (<see cref="DenseReference"/>) and the Look (<see cref="LookFit"/>, decompose's fitter).
/// Deterministic: the same pair and options give the same bytes.
/// </summary>
public static class Distiller
{
    /// <summary>
    /// Matched pixels the scores are computed on at most (every k-th beyond that): the report's
    /// PSNR and mean ΔE00 are means, which 65 k pixels estimate to a few hundredths of a dB or ΔE,
    /// and CIEDE2000 costs about a microsecond a pixel.
    /// </summary>
    public const int ScoredPixels = 1 << 16;

    public static DistilResult Run(RgbImage before, RgbImage after, DistilOptions options, IProgress<DistilProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        options.Validate();
        var clock = Stopwatch.StartNew();
        progress?.Report(new DistilProgress(0, "reading the pair"));
        var matched = Correspondences.Find(before, after, options, progress, ct);
        ct.ThrowIfCancellationRequested();
        return Fit(matched, options, progress, ct, clock);
    }

    /// <summary>Fits a Look to given correspondences (what <see cref="Run"/> does once they are found).</summary>
    internal static DistilResult Fit(Correspondences matched, DistilOptions options, IProgress<DistilProgress>? progress, CancellationToken ct, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var pairs = matched.Pairs;
        if (pairs.Count == 0) throw new Core.InputException("the pair has no pixels in common to learn colours from");
        progress?.Report(new DistilProgress(0.5, "collecting colour samples"));
        var samples = ColourSamples.From(pairs);
        ct.ThrowIfCancellationRequested();
        // The dense reference and the sliders do not depend on each other: fitted side by side (each
        // uses both cores only part of the time: the coarse solves and the LM steps run on one).
        progress?.Report(new DistilProgress(0.55, "fitting the sliders and the dense reference"));
        using var stopDense = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var denseTask = Task.Run(() => DenseReference.Fit(samples, stopDense.Token), stopDense.Token);
        Look sliders;
        try
        {
            sliders = LookFit.Sliders(samples, options, ct);
        }
        catch
        {
            SideTask.StopAndWait(stopDense, denseTask);
            throw;
        }
        var dense = denseTask.GetAwaiter().GetResult();
        var (wIn, wOut) = samples.Weighted(LookFit.WeightedSamples);
        var denseOnSamples = PairScore.Of(dense, new PixelPairs(wIn, wOut));
        var fitted = LookFit.Fit(samples, sliders, dense, denseOnSamples.De2000Mean + options.MeanDeltaEMargin, options, progress, ct);
        progress?.Report(new DistilProgress(0.95, "scoring"));
        var scored = pairs.Strided(ScoredPixels);
        var look = fitted.Look;
        var score = PairScore.Of(look, scored);
        var denseScore = PairScore.Of(dense, scored);
        double slidersPsnr = PairScore.PsnrOf(fitted.SlidersOnly, scored);
        progress?.Report(new DistilProgress(1, "done"));
        var report = new DistilReport(
            clock.Elapsed.TotalSeconds,
            matched.Alignment,
            matched.MatchedFraction,
            samples.Coverage(),
            score.De2000Mean, score.PsnrDb,
            denseScore.PsnrDb, denseScore.De2000Mean,
            slidersPsnr,
            LookCodec.Encode(look).Length,
            look.Residual?.Size ?? 0,
            samples.Count,
            LookParameters.All.ToDictionary(p => p.Name, p => look[p.Index]));
        return new DistilResult(look, report) { DenseReference = dense };
    }
}
