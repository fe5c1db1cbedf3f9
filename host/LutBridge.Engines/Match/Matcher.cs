using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Looks;

namespace LutBridge.Engines.Match;

/// <summary>What `match` is asked for.</summary>
public sealed record MatchOptions
{
    public static readonly NumberRange AmountRange = new("amount", 0, 1, 1);

    /// <summary>How much of the estimated grade the Look applies (its strength slider), 0..1.</summary>
    public double Amount { get; init; } = AmountRange.Default;
    public string? Title { get; init; }
    public MatchTuning Tuning { get; init; } = MatchTuning.Default;

    public void Validate()
    {
        AmountRange.Check(Amount);
    }
}

/// <summary>What `match` found: the Look, the sliders it moved and why, and the statistics it compared.</summary>
public sealed record MatchReport(
    int Bytes,
    double Seconds,
    int References,
    bool AdaptedToInput,
    IReadOnlyList<SliderReason> Moved,
    ImageStatistics Reference,
    ImageStatistics Prior,
    double? InputSsim);

public sealed record MatchResult(Look Look, MatchReport Report);

/// <summary>
/// Reference photo(s) → a Look that carries their grade, not their content. The grade is the
/// difference between the references' colour statistics and those an ungraded photo would have
/// (<see cref="GradeEstimator"/>); with an input photo the prior leans on that photo's own
/// statistics, so the Look is adapted to it. The Look is sliders only (tone, cast, saturation):
/// smooth functions of colour, so gradients stay gradients.
/// </summary>
public static class Matcher
{
    public static MatchResult Run(IReadOnlyList<RgbImage> references, RgbImage? input, MatchOptions options)
    {
        if (references.Count == 0) throw new InputException("match needs at least one reference photo");
        options.Validate();
        var clock = Stopwatch.StartNew();
        var stats = references.AsParallel().AsOrdered().Select(ImageStatistics.Of).ToList();
        var inputStats = input == null ? null : ImageStatistics.Of(input);
        var thumbnail = input == null ? null : Thumbnail.ForGuard(input);
        return FromStatistics(stats, inputStats, options, clock, thumbnail);
    }

    /// <summary>The match from statistics already computed (the library keeps them for its photos).</summary>
    public static MatchResult FromStatistics(IReadOnlyList<ImageStatistics> references, ImageStatistics? input, MatchOptions options, Stopwatch? clock = null, Thumbnail? thumbnail = null, ImageStatistics? knownPrior = null)
    {
        clock ??= Stopwatch.StartNew();
        var reference = ImageStatistics.Average(references);
        // knownPrior: the ungraded reference's own statistics, known only in evaluation (the oracle that bounds what a prior can give).
        var prior = knownPrior ?? GradeEstimator.Prior(input, options.Tuning, reference);
        var (values, reasons) = GradeEstimator.Estimate(reference, prior, options.Tuning);
        double? ssim = null;
        // A clear plain slider grade (faded black, strong cast) is not weak evidence: the dead zone shrinks only the rest.
        if (thumbnail != null && options.Tuning.LookDeadZone > 0 && knownPrior == null)
            values = ShrinkWeakGrade(values, thumbnail, options.Tuning.LookDeadZone * (1 - GradeEstimator.PlainGradeStrength(reference, input, options.Tuning)), reasons);
        if (thumbnail != null) (values, ssim) = KeepStructure(values, thumbnail, options.Tuning.MinSsim, reasons);
        values[LookParameters.Strength] = LookParameters.All[LookParameters.Strength].RoundTrip(options.Amount);
        var look = LookCodec.RoundTrip(new Look(values, title: options.Title ?? "match"));
        var bytes = LookCodec.Encode(look).Length;
        return new MatchResult(look, new MatchReport(bytes, clock.Elapsed.TotalSeconds, references.Count, input != null, reasons, reference, prior, ssim));
    }

    /// <summary>
    /// Evidence shrink: the Look moves the photo's colours by a mean ΔE00 E; only the part beyond
    /// <paramref name="deadZone"/> (what content alone makes the estimate do) is kept, by scaling
    /// every slider toward neutral by (E − deadZone) / E. A black-and-white reference's saturation −1 stays.
    /// </summary>
    private static double[] ShrinkWeakGrade(double[] values, Thumbnail thumb, double deadZone, List<SliderReason> reasons)
    {
        if (deadZone <= 0) return values;
        double effect = MatchMetrics.MeanDeltaE(thumb.Rgb, MatchMetrics.ApplyLook(new Look(values), thumb.Rgb));
        if (effect <= 1e-9) return values;
        double f = Math.Max(0, effect - deadZone) / effect;
        var v = (double[])values.Clone();
        for (int i = 0; i < v.Length; i++)
        {
            if (i == LookParameters.Strength || (i == LookParameters.Saturation && values[i] <= -1)) continue;
            var p = LookParameters.All[i];
            v[i] = p.RoundTrip(p.Neutral + f * (values[i] - p.Neutral));
        }
        reasons.Add(new SliderReason("all", f, $"scaled to {f:0.00}: the grade moves the photo's colours by mean ΔE00 {effect:0.0}, of which {deadZone:0.0} is what content alone gives"));
        return v;
    }

    /// <summary>
    /// The structure guard (<see cref="KeepStructure"/>) on a finished Look, e.g. a style set's
    /// variant: its sliders shrunk toward neutral until the luma SSIM to the photo is at least
    /// <paramref name="minSsim"/> (strength untouched). Returns the Look and the SSIM it reaches.
    /// </summary>
    public static (Look Look, double Ssim) KeepStructure(Look look, Thumbnail thumb, double minSsim)
    {
        var values = look.Values.ToArray();
        var (kept, ssim) = KeepStructure(values, thumb, minSsim, []);
        return (ReferenceEquals(kept, values) ? look : look.WithValues(kept), ssim);
    }

    /// <summary>
    /// Structure guard: a tone map steep or flat enough to change the photo's local contrast
    /// (luma SSIM to the input below <paramref name="minSsim"/>, measured on a thumbnail) is
    /// shrunk toward neutral, the tone sliders first, then all, by bisection on one factor.
    /// Returns the values and the SSIM they reach.
    /// </summary>
    private static (double[] Values, double Ssim) KeepStructure(double[] values, Thumbnail thumb, double minSsim, List<SliderReason> reasons)
    {
        double Ssim(double[] v) => MatchMetrics.LumaSsim(MatchMetrics.ApplyLook(new Look(v), thumb.Rgb), thumb.Rgb, thumb.Width, thumb.Height);
        double full = Ssim(values);
        if (full >= minSsim) return (values, full);
        int[] tone = [LookParameters.Black, LookParameters.White, .. Enumerable.Range(LookParameters.Curve1, LookParameters.CurveKnots)];
        int[] all = Enumerable.Range(0, LookParameters.Count).Where(i => i != LookParameters.Strength).ToArray();
        foreach (var set in new[] { tone, all })
        {
            double[] Shrunk(double f)
            {
                var v = (double[])values.Clone();
                foreach (var i in set) v[i] = LookParameters.All[i].RoundTrip(LookParameters.All[i].Neutral + f * (values[i] - LookParameters.All[i].Neutral));
                return v;
            }
            if (Ssim(Shrunk(0)) < minSsim) { values = Shrunk(0); continue; }
            double lo = 0, hi = 1;
            for (int k = 0; k < 7; k++)
            {
                double mid = 0.5 * (lo + hi);
                if (Ssim(Shrunk(mid)) >= minSsim) lo = mid; else hi = mid;
            }
            var kept = Shrunk(lo);
            reasons.Add(new SliderReason(set == tone ? "tone" : "all", lo, $"scaled to {lo:0.00} of the estimate so the photo keeps its structure (luma SSIM to the input {Ssim(kept):0.000} ≥ {minSsim}; it was {full:0.000})"));
            return (kept, Ssim(kept));
        }
        return (values, Ssim(values));
    }
}

/// <summary>A small copy of a photo (nearest-pixel decimation) for checks that need its pixels but not all of them.</summary>
public sealed record Thumbnail(float[] Rgb, int Width, int Height)
{
    public const int DefaultSide = 400;

    /// <summary>Inputs up to this many pixels are guarded at full size (cheap there, and exact).</summary>
    public const long FullSizeGuardPixels = 600_000;

    /// <summary>
    /// The copy the structure guard measures: a small input itself (a 400 px decimation measured
    /// SSIM 0.96 where the full-size photo had 0.949), a large one's 400 px thumbnail (keeps a 12 MP match fast).
    /// </summary>
    public static Thumbnail ForGuard(RgbImage image) =>
        Of(image, image.PixelCount <= FullSizeGuardPixels ? Math.Max(image.Width, image.Height) : DefaultSide);

    public static Thumbnail Of(RgbImage image, int side)
    {
        int step = Math.Max(1, (int)Math.Ceiling(Math.Max(image.Width, image.Height) / (double)side));
        int w = image.Width / step, h = image.Height / step;
        var small = new RgbImage(Math.Max(1, w), Math.Max(1, h), image.Type);
        int bytes = RgbImage.BytesPerSample(image.Type) * 3;
        for (int y = 0; y < small.Height; y++)
            for (int x = 0; x < small.Width; x++)
                Array.Copy(image.Data, ((long)y * step * image.Width + (long)x * step) * bytes, small.Data, ((long)y * small.Width + x) * bytes, bytes);
        return new Thumbnail(MatchMetrics.ToFloats(small), small.Width, small.Height);
    }
}
