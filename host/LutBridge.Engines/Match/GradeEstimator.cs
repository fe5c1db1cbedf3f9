using LutBridge.Looks;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Match;

/// <summary>One moved slider and the evidence for it (the match report).</summary>
public sealed record SliderReason(string Name, double Value, string Why);

/// <summary>
/// How strongly each kind of evidence is believed. A reference's statistics are its grade plus
/// its content; the shrink factors say how much of the difference from the prior is taken as
/// grade. Black and white points and the cast of near-neutral colours say little about content
/// (most scenes hold something near black, near white and near grey), so they are trusted most;
/// midtone shape and saturation depend on the scene, so they are shrunk.
/// </summary>
public sealed record MatchTuning
{
    /// <summary>Share of the end quantiles' shift (black and white points) taken as grade.</summary>
    public double Ends { get; init; } = 0.5;
    /// <summary>Share of the midtone quantiles' shift taken as grade.</summary>
    public double Mids { get; init; } = 0;
    /// <summary>Share of the near-neutral centres' mean shift (a global cast: temperature, tint) taken as grade.</summary>
    public double CastGlobal { get; init; } = 0.15;
    /// <summary>
    /// Length (OKLab a, b) of a near-neutral cast that ungraded photos show by their content alone
    /// (warm interiors, blue dusk): only the part of the reference's mean cast beyond it is taken as
    /// grade (soft threshold). A film LUT's cast is mostly within it; a strongly tinted grade is not.
    /// </summary>
    public double CastDeadZone { get; init; } = 0.008;
    /// <summary>
    /// A looser rule for strongly tinted references: a further share of the mean cast beyond
    /// <see cref="CastStrongZone"/> (a cast that content alone rarely gives) is taken as grade.
    /// </summary>
    public double CastStrong { get; init; } = 0;
    /// <summary>Length (OKLab a, b) of the mean near-neutral cast beyond which <see cref="CastStrong"/> applies.</summary>
    public double CastStrongZone { get; init; } = 0.02;
    /// <summary>Share of the near-neutral centres' shift per tone band (split toning) taken as grade.</summary>
    public double CastSplit { get; init; } = 0;
    /// <summary>Ridge on the split-toning fit (larger: split toning only for clear shadow/highlight differences).</summary>
    public double SplitRidge { get; init; } = 0.05;
    /// <summary>With an input photo, the Look's tone is shrunk until the luma SSIM to the input is at least this.</summary>
    public double MinSsim { get; init; } = 0.96;
    /// <summary>Exponent on the chroma ratio (0: keep saturation, 1: copy the reference's).</summary>
    public double Chroma { get; init; } = 0.3;
    /// <summary>With an input photo, its share of the prior (the rest is the natural or learned prior).</summary>
    public double InputPrior { get; init; } = 0.25;
    /// <summary>Reference chroma P90 below which it is taken as black and white.</summary>
    public double MonochromeChroma { get; init; } = 0.012;

    /// <summary>Share of the learned estimate of the ungraded reference (<see cref="LearnedPrior"/>) in the prior; the rest is <see cref="GradeEstimator.NaturalPrior"/>.</summary>
    public double Learned { get; init; } = 0;
    /// <summary>
    /// With the learned prior: how much of the natural prior comes back where the reference shows a
    /// plain slider grade clearly (its darkest or brightest tones, or its greys' cast, beyond what
    /// ungraded photos show: <see cref="KeepEndsZone"/>, <see cref="KeepCastZone"/>). The regression
    /// mostly predicts the mean grade, so alone it explains a lifted black or a warm cast away as content.
    /// </summary>
    public double Keep { get; init; } = 0;
    /// <summary>Distance (OKLab L) of an end quantile from the natural prior's beyond which it is a clear tone grade (full weight at twice it).</summary>
    public double KeepEndsZone { get; init; } = 0.04;
    /// <summary>Length (OKLab a, b) of the reference's mean near-neutral cast beyond which it is a clear cast grade (full weight at twice it).</summary>
    public double KeepCastZone { get; init; } = 0.01;
    /// <summary>The input photo's share of the natural prior that <see cref="Keep"/> brings back.</summary>
    public double KeepInputPrior { get; init; } = 0.5;
    /// <summary>Length (OKLab L) of an end quantile's shift that content alone gives: only the part beyond it is taken as grade (soft threshold).</summary>
    public double EndsDeadZone { get; init; } = 0;
    /// <summary>|ln| of the chroma ratio that content alone gives: only the part beyond it is taken as grade (soft threshold).</summary>
    public double ChromaDeadZone { get; init; } = 0;
    /// <summary>
    /// With an input photo: mean ΔE00 by which a grade moves the photo's colours that the estimate
    /// gives on content alone; the Look is scaled toward no change by this much (soft threshold on
    /// its effect), so a weakly evidenced grade is dropped and a strong one barely shrunk.
    /// </summary>
    public double LookDeadZone { get; init; } = 0;
    /// <summary>
    /// Weight of the typical film grade (<see cref="GradeEstimator.TypicalFilmGrade"/>) as the grade
    /// assumed where the evidence is weak: the shares and dead zones shrink the reference's
    /// difference toward this share of it rather than toward none (0: toward none). A reference is
    /// most often graded like a film, and a mild film's grade is lost among content otherwise.
    /// </summary>
    public double Typical { get; init; } = 0.5;
    /// <summary>The learned prior to use (null: the shipped one).</summary>
    public LearnedPrior? PriorModel { get; init; }

    public static MatchTuning Default { get; } = new();
}

/// <summary>
/// Estimates a grade as Look sliders from the difference between a graded photo's statistics
/// and a prior for an ungraded photo's (<see cref="NaturalPrior"/>, or a blend with the input
/// photo's own): tone from lightness quantiles (black, white, curve1..5), the cast of
/// near-neutral colours per tone band (temperature, tint, split toning), chroma from chroma
/// quantiles (saturation, saturation_shadows/highlights). Closed-form and deterministic.
/// </summary>
public static class GradeEstimator
{
    /// <summary>
    /// A prior for ungraded photos: the statistics of a typical well-exposed photo, derived from
    /// the tuning photos (docs/match.md says which). Casts are taken as neutral.
    /// </summary>
    public static ImageStatistics NaturalPrior { get; } = new(
        LightnessQuantiles: [0.10, 0.17, 0.24, 0.31, 0.44, 0.58, 0.72, 0.82, 0.87, 0.92, 0.96],
        NeutralA: [0, 0, 0, 0, 0],
        NeutralB: [0, 0, 0, 0, 0],
        BandWeight: [0.1, 0.2, 0.3, 0.25, 0.15],
        ChromaMedian: [0.02, 0.04, 0.05, 0.05, 0.04],
        ChromaP90: [0.05, 0.09, 0.11, 0.11, 0.08],
        ChromaMedianAll: 0.045,
        ChromaP90All: 0.11,
        Samples: 0);

    /// <summary>
    /// What film LUTs do to a photo's statistics on average: graded − ungraded, over the colour
    /// LUTs of ../shared/data/luts/creative except those of `eval match --offset 1` (the held-out
    /// looks) on the 10 shared photos and the 8 FiveK `__input` photos, with their crops and
    /// exposures (`lutbridge eval match-prior … --ridge 0.2` prints it; 4,678 gradings). Lifted
    /// blacks, a brighter middle, cool-green shadows and warm highlights, a little more chroma.
    /// </summary>
    public static ImageStatistics TypicalFilmGrade { get; } = Shift(
        lightnessQuantiles: [0.0578, 0.0460, 0.0386, 0.0337, 0.0271, 0.0293, 0.0356, 0.0360, 0.0329, 0.0267, 0.0167],
        neutralA: [-0.0083, -0.0062, 0.0033, 0.0045, 0.0001],
        neutralB: [-0.0055, -0.0010, 0.0091, 0.0135, 0.0087]);

    /// <summary>A shift of the statistics the grade is read from (quantiles, casts); the rest zero.</summary>
    private static ImageStatistics Shift(double[] lightnessQuantiles, double[] neutralA, double[] neutralB)
    {
        int bands = ImageStatistics.BandCentres.Length;
        return new(lightnessQuantiles, neutralA, neutralB, new double[bands], new double[bands], new double[bands], 0, 0, 0);
    }

    /// <summary>Mean ln(chroma 90 % graded / ungraded) of the same gradings as <see cref="TypicalFilmGrade"/>.</summary>
    public const double TypicalFilmChromaLogRatio = 0.0813;

    /// <summary>
    /// The prior for a reference: what it looked like before its grade. The natural prior blended
    /// with the learned estimate from the reference itself (<see cref="MatchTuning.Learned"/>), then,
    /// when the photo to grade is known, with that photo's own statistics (<see cref="MatchTuning.InputPrior"/>;
    /// its casts are not used: the input's content says nothing about the reference's greys).
    /// </summary>
    public static ImageStatistics Prior(ImageStatistics? input, MatchTuning tuning, ImageStatistics? reference = null)
    {
        if (reference == null || tuning.Learned <= 0) return WithInput(NaturalPrior, input, tuning.InputPrior);
        var learned = (tuning.PriorModel ?? LearnedPrior.Shipped).Predict(reference);
        var prior = WithInput(Lerp(NaturalPrior, learned, tuning.Learned, NaturalPrior.BandWeight), input, tuning.InputPrior);
        return tuning.Keep > 0 ? KeepPlainGrades(reference, prior, WithInput(NaturalPrior, input, tuning.KeepInputPrior), tuning) : prior;
    }

    /// <summary>(1 − l)·p + l·q, statistic by statistic (band weights given).</summary>
    private static ImageStatistics Lerp(ImageStatistics p, ImageStatistics q, double l, double[] bandWeight)
    {
        double[] L(double[] x, double[] y) => x.Zip(y, (a, b) => (1 - l) * a + l * b).ToArray();
        return new ImageStatistics(L(p.LightnessQuantiles, q.LightnessQuantiles), L(p.NeutralA, q.NeutralA), L(p.NeutralB, q.NeutralB),
            bandWeight, L(p.ChromaMedian, q.ChromaMedian), L(p.ChromaP90, q.ChromaP90),
            (1 - l) * p.ChromaMedianAll + l * q.ChromaMedianAll, (1 - l) * p.ChromaP90All + l * q.ChromaP90All, 0);
    }

    /// <summary>A prior blended with the photo to grade (share <paramref name="w"/>; its casts are not used).</summary>
    private static ImageStatistics WithInput(ImageStatistics n, ImageStatistics? input, double w)
    {
        if (input == null || w <= 0) return n;
        var mixed = Lerp(n, input, w, n.BandWeight);
        return mixed with { NeutralA = n.NeutralA, NeutralB = n.NeutralB };
    }

    /// <summary>
    /// The learned prior, except where the reference shows a plain slider grade clearly: an end
    /// quantile (black or white point) farther from the natural prior's than
    /// <see cref="MatchTuning.KeepEndsZone"/>, or a mean near-neutral cast longer than
    /// <see cref="MatchTuning.KeepCastZone"/>, and farther than the learned prior makes it; there the
    /// natural prior comes back (a smooth step to full weight at twice the zone, × <see cref="MatchTuning.Keep"/>),
    /// so a faded black or a warm grade survives the regression's pull toward the mean grade.
    /// </summary>
    public static ImageStatistics KeepPlainGrades(ImageStatistics reference, ImageStatistics learned, ImageStatistics natural, MatchTuning t)
    {
        var (ends, cast) = PlainGradeEvidence(reference, learned, natural, t);
        var quantiles = (double[])learned.LightnessQuantiles.Clone();
        for (int i = 0; i < quantiles.Length; i++)
        {
            double w = t.Keep * ends[i];
            quantiles[i] = (1 - w) * learned.LightnessQuantiles[i] + w * natural.LightnessQuantiles[i];
        }
        for (int i = 1; i < quantiles.Length; i++) quantiles[i] = Math.Max(quantiles[i], quantiles[i - 1]);
        double wc = t.Keep * cast;
        double[] Mix(double[] l, double[] n) => l.Zip(n, (x, y) => (1 - wc) * x + wc * y).ToArray();
        return learned with { LightnessQuantiles = quantiles, NeutralA = Mix(learned.NeutralA, natural.NeutralA), NeutralB = Mix(learned.NeutralB, natural.NeutralB) };
    }

    /// <summary>
    /// How clearly (0..1) the reference shows a plain slider grade: per lightness quantile (the ends
    /// only) and for the mean near-neutral cast, a step from the zone to twice it of the distance
    /// from the natural prior, where that is larger than the distance from the learned prior.
    /// </summary>
    public static (double[] Ends, double Cast) PlainGradeEvidence(ImageStatistics reference, ImageStatistics learned, ImageStatistics natural, MatchTuning t)
    {
        static double Step(double x, double zone) => Math.Clamp(x / zone - 1, 0, 1);
        var ends = new double[reference.LightnessQuantiles.Length];
        for (int i = 0; i < ends.Length; i++)
        {
            double prob = ImageStatistics.Probabilities[i];
            if (prob > 0.02 && prob < 0.98) continue;
            // Measured from a typically graded photo (Typical > 0): a film's usual lift is no sign of a slider grade.
            double dn = reference.LightnessQuantiles[i] - natural.LightnessQuantiles[i] - t.Typical * TypicalFilmGrade.LightnessQuantiles[i];
            double dl = reference.LightnessQuantiles[i] - learned.LightnessQuantiles[i];
            if (Math.Abs(dn) > Math.Abs(dl)) ends[i] = Step(Math.Abs(dn), t.KeepEndsZone);
        }
        double Cast(ImageStatistics p, double typical)
        {
            double sw = 0, ma = 0, mb = 0;
            for (int j = 0; j < reference.BandWeight.Length; j++)
            {
                double w = Math.Max(reference.BandWeight[j], 0);
                sw += w;
                ma += w * (reference.NeutralA[j] - p.NeutralA[j] - typical * TypicalFilmGrade.NeutralA[j]);
                mb += w * (reference.NeutralB[j] - p.NeutralB[j] - typical * TypicalFilmGrade.NeutralB[j]);
            }
            return sw > 1e-9 ? Math.Sqrt(ma * ma + mb * mb) / sw : 0;
        }
        double cn = Cast(natural, t.Typical), cl = Cast(learned, 0);
        return (ends, cn > cl ? Step(cn, t.KeepCastZone) : 0);
    }

    /// <summary>The strongest plain-grade evidence of <see cref="PlainGradeEvidence"/> (0: none), with the priors <see cref="Prior"/> uses.</summary>
    public static double PlainGradeStrength(ImageStatistics reference, ImageStatistics? input, MatchTuning t)
    {
        if (t.Learned <= 0 || t.Keep <= 0) return 0;
        var learned = (t.PriorModel ?? LearnedPrior.Shipped).Predict(reference);
        var prior = WithInput(Lerp(NaturalPrior, learned, t.Learned, NaturalPrior.BandWeight), input, t.InputPrior);
        var (ends, cast) = PlainGradeEvidence(reference, prior, WithInput(NaturalPrior, input, t.KeepInputPrior), t);
        return Math.Max(ends.Max(), cast);
    }

    /// <summary>The grade of <paramref name="reference"/> relative to <paramref name="prior"/>, as slider values and reasons.</summary>
    public static (double[] Values, List<SliderReason> Reasons) Estimate(ImageStatistics reference, ImageStatistics prior, MatchTuning tuning)
    {
        var values = All.Select(p => p.Neutral).ToArray();
        var reasons = new List<SliderReason>();
        Tone(reference, prior, tuning, values, reasons);
        Colour(reference, prior, tuning, values, reasons);
        for (int i = 0; i < values.Length; i++) values[i] = All[i].RoundTrip(values[i]);
        return (values, reasons.Where(r => values[Get(r.Name).Index] != Get(r.Name).Neutral).ToList());
    }

    /// <summary>
    /// The tone map: each prior quantile moves a shrunk share of the way to the reference's; the
    /// map is made monotone and expressed exactly at the Look's knots (black at 0, white at 1,
    /// curve1..5 at L = k/6 after the black/white stretch).
    /// </summary>
    private static void Tone(ImageStatistics r, ImageStatistics p, MatchTuning t, double[] values, List<SliderReason> reasons)
    {
        int n = ImageStatistics.Probabilities.Length;
        var xs = new List<double> { 0 };
        var ys = new List<double>();
        var shifts = new double[n];
        for (int i = 0; i < n; i++)
        {
            double prob = ImageStatistics.Probabilities[i];
            bool end = prob <= 0.02 || prob >= 0.98;
            double share = end ? t.Ends : t.Mids;
            // The grade assumed without evidence (none, or the typical film grade) and the reference's departure from it.
            double assumed = t.Typical * TypicalFilmGrade.LightnessQuantiles[i];
            double d = r.LightnessQuantiles[i] - p.LightnessQuantiles[i] - assumed;
            // At the ends, a shift no larger than content gives is not evidence of a grade (soft threshold).
            if (end) d = Math.Sign(d) * Math.Max(0, Math.Abs(d) - t.EndsDeadZone);
            shifts[i] = assumed + share * d;
        }
        ys.Add(shifts[0]);
        for (int i = 0; i < n; i++) { xs.Add(p.LightnessQuantiles[i]); ys.Add(shifts[i]); }
        xs.Add(1); ys.Add(shifts[n - 1]);
        double Map(double l)
        {
            int k = 1;
            while (k < xs.Count - 1 && xs[k] < l) k++;
            double x0 = xs[k - 1], x1 = xs[k];
            double f = x1 > x0 ? Math.Clamp((l - x0) / (x1 - x0), 0, 1) : 1;
            return l + ys[k - 1] + f * (ys[k] - ys[k - 1]);
        }
        // Monotone on a fine grid (a tone map that reverses would posterise).
        const int grid = 64;
        var tone = new double[grid + 1];
        for (int i = 0; i <= grid; i++) tone[i] = Map(i / (double)grid);
        for (int i = 1; i <= grid; i++) tone[i] = Math.Max(tone[i], tone[i - 1] + 0.1 / grid);
        double Tone(double l)
        {
            double x = Math.Clamp(l, 0, 1) * grid;
            int i = Math.Min((int)x, grid - 1);
            return tone[i] + (x - i) * (tone[i + 1] - tone[i]);
        }
        double black = All[Black].Clamp(tone[0]), white = All[White].Clamp(tone[grid]);
        values[Black] = black;
        values[White] = white;
        for (int k = 1; k <= CurveKnots; k++)
        {
            double target = k / 6.0;
            double l = (target - black) / Math.Max(1e-3, white - black);
            values[Curve1 + k - 1] = All[Curve1 + k - 1].Clamp(Tone(l) - target);
        }
        reasons.Add(new SliderReason("black", values[Black], $"the reference's darkest tones (0.5% quantile L {r.LightnessQuantiles[0]:0.000}) sit {(r.LightnessQuantiles[0] > p.LightnessQuantiles[0] ? "above" : "below")} an ungraded photo's ({p.LightnessQuantiles[0]:0.000})"));
        reasons.Add(new SliderReason("white", values[White], $"the reference's brightest tones (99.5% quantile L {r.LightnessQuantiles[n - 1]:0.000}) against an ungraded photo's {p.LightnessQuantiles[n - 1]:0.000}"));
        for (int k = 1; k <= CurveKnots; k++)
            reasons.Add(new SliderReason($"curve{k}", values[Curve1 + k - 1], "tone curve: the reference's lightness distribution against an ungraded photo's (shrunk toward " +
                (t.Typical > 0 ? "a typical film grade's" : "none") + ": midtones depend on the scene)"));
    }

    private static void Colour(ImageStatistics r, ImageStatistics p, MatchTuning t, double[] values, List<SliderReason> reasons)
    {
        // Chroma: a near-grey reference is black and white; otherwise a shrunk ratio of chroma spreads.
        bool mono = r.ChromaP90All < t.MonochromeChroma;
        // A chroma ratio no farther from 1 than content gives (ChromaDeadZone in |ln|) is not evidence of a grade.
        double assumedChroma = t.Typical * TypicalFilmChromaLogRatio;
        double logRatio = Math.Log(Math.Max(r.ChromaP90All, 1e-4) / Math.Max(p.ChromaP90All, 1e-4)) - assumedChroma;
        logRatio = Math.Sign(logRatio) * Math.Max(0, Math.Abs(logRatio) - t.ChromaDeadZone);
        double saturation = mono ? -1 : Math.Exp(assumedChroma + t.Chroma * logRatio) - 1;
        values[Saturation] = All[Saturation].Clamp(saturation);
        reasons.Add(new SliderReason("saturation", values[Saturation], mono
            ? $"the reference is nearly grey (chroma 90% quantile {r.ChromaP90All:0.0000})"
            : $"the reference's chroma spread (90% quantile {r.ChromaP90All:0.000}) against an ungraded photo's {p.ChromaP90All:0.000}"));

        // Cast per tone band: (a, b) of near-neutral colours. The global part (weighted mean over the
        // bands) becomes temperature and tint (∝ L, so taken at the bands' mean L); what varies from
        // shadows to highlights becomes split toning, fitted on the rest with a ridge so the two
        // overlapping descriptions do not trade large opposite values.
        if (mono) return;
        int bands = ImageStatistics.BandCentres.Length;
        double sw = 0, ma = 0, mb = 0, ml = 0, ta = 0, tb = 0;
        var da = new double[bands];
        var db = new double[bands];
        // The cast assumed without evidence (none, or the typical film grade's per band); da, db: the departure from it.
        var typA = TypicalFilmGrade.NeutralA.Select(v => t.Typical * v).ToArray();
        var typB = TypicalFilmGrade.NeutralB.Select(v => t.Typical * v).ToArray();
        for (int j = 0; j < bands; j++)
        {
            da[j] = r.NeutralA[j] - p.NeutralA[j] - typA[j];
            db[j] = r.NeutralB[j] - p.NeutralB[j] - typB[j];
            double w = Math.Max(r.BandWeight[j], 0);
            sw += w; ma += w * da[j]; mb += w * db[j]; ml += w * ImageStatistics.BandCentres[j];
            ta += w * typA[j]; tb += w * typB[j];
        }
        if (sw < 1e-9) return;
        ma /= sw; mb /= sw; ml /= sw; ta /= sw; tb /= sw;
        // Soft threshold: a cast no larger than content gives is not evidence of a grade.
        double length = Math.Sqrt(ma * ma + mb * mb);
        double keep = length > t.CastDeadZone ? (length - t.CastDeadZone) / length : 0;
        // The share taken as global cast: CastGlobal beyond the dead zone, plus CastStrong beyond the strong zone.
        double global = length > 1e-12 ? (t.CastGlobal * Math.Max(0, length - t.CastDeadZone) + t.CastStrong * Math.Max(0, length - t.CastStrongZone)) / length : 0;
        double ga = ta + global * ma, gb = tb + global * mb;
        ma *= keep; mb *= keep;
        for (int j = 0; j < bands; j++) { da[j] *= keep; db[j] *= keep; }
        // a = L·(0.01·temperature + 0.05·tint), b = L·0.05·temperature at the mean L.
        double temperature = All[Temperature].Clamp(gb / (0.05 * ml));
        double tint = All[Tint].Clamp((ga / ml - 0.01 * temperature) / 0.05);
        values[Temperature] = temperature;
        values[Tint] = tint;
        // Split toning holds what the bands' casts do beyond the global cast (∝ L at the whole
        // cast's strength), a CastSplit share of it. At share 0 nothing is fitted: fitting zero
        // against the shrunk global cast would make split toning cancel temperature and tint.
        var rowsA = new List<(double[] Basis, double W, double Y)>();
        var rowsB = new List<(double[] Basis, double W, double Y)>();
        // The assumed (typical) cast's own variation over the bands is split toning at full weight.
        for (int j = 0; j < bands && (t.CastSplit > 0 || t.Typical > 0); j++)
        {
            double w = Math.Sqrt(Math.Max(r.BandWeight[j], 0));
            if (w < 1e-3) continue;
            double l = ImageStatistics.BandCentres[j];
            double[] basis = [0.1 * (1 - l) * (1 - l), 0.1 * l * l];
            rowsA.Add((basis, w, t.CastSplit * (da[j] - ma / ml * l) + typA[j] - ta / ml * l));
            rowsB.Add((basis, w, t.CastSplit * (db[j] - mb / ml * l) + typB[j] - tb / ml * l));
        }
        if (rowsA.Count >= 2)
        {
            var sa = SolveRidge(rowsA, t.SplitRidge);
            var sb = SolveRidge(rowsB, t.SplitRidge);
            SetSplit(values, sa[0], sb[0], SplitShadowHue, SplitShadowAmount);
            SetSplit(values, sa[1], sb[1], SplitHighlightHue, SplitHighlightAmount);
        }
        // The third section: a small negative that rounds to zero printed "-+0.000".
        string Cast(int j) => $"L {ImageStatistics.BandCentres[j]:0.0}: ({r.NeutralA[j]:+0.000;-0.000;0.000}, {r.NeutralB[j]:+0.000;-0.000;0.000})";
        var evidence = "near-neutral colours of the reference are shifted (a, b) " + string.Join(", ", Enumerable.Range(0, bands).Where(j => r.BandWeight[j] > 1e-6).Select(Cast));
        reasons.Add(new SliderReason("temperature", values[Temperature], evidence));
        reasons.Add(new SliderReason("tint", values[Tint], evidence));
        // With no share of the reference's own split (CastSplit 0), split toning is the typical film grade's alone.
        var split = t.CastSplit > 0 ? evidence : "a typical film grade (cool shadows, warm highlights), assumed at " + t.Typical.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        reasons.Add(new SliderReason("split_shadow_amount", values[SplitShadowAmount], split + " (the shadows' share)"));
        reasons.Add(new SliderReason("split_shadow_hue", values[SplitShadowHue], "hue of the shadows' cast"));
        reasons.Add(new SliderReason("split_highlight_amount", values[SplitHighlightAmount], split + " (the highlights' share)"));
        reasons.Add(new SliderReason("split_highlight_hue", values[SplitHighlightHue], "hue of the highlights' cast"));
    }

    private static void SetSplit(double[] values, double a, double b, int hue, int amount)
    {
        double m = Math.Sqrt(a * a + b * b);
        if (m < 1e-4) return;
        double h = Math.Atan2(b, a) * 180 / Math.PI;
        values[hue] = All[hue].Clamp(h < 0 ? h + 360 : h);
        values[amount] = All[amount].Clamp(m);
    }

    /// <summary>Weighted least squares with a ridge: minimise Σ w²(basis·x − y)² + ridge²|x|² (3 unknowns).</summary>
    private static double[] SolveRidge(List<(double[] Basis, double W, double Y)> rows, double ridge)
    {
        int m = rows[0].Basis.Length;
        var a = new double[m, m];
        var v = new double[m];
        foreach (var (basis, w, y) in rows)
            for (int i = 0; i < m; i++)
            {
                v[i] += w * w * basis[i] * y;
                for (int j = 0; j < m; j++) a[i, j] += w * w * basis[i] * basis[j];
            }
        for (int i = 0; i < m; i++) a[i, i] += ridge * ridge;
        return Decompose.DenseCholesky.Solve(a, v) ?? new double[m];
    }
}

/// <summary>Parses "name=value,…" overrides of <see cref="MatchTuning"/> (for `eval match --tuning`).</summary>
public static class MatchTuningParser
{
    public static MatchTuning Parse(string? text)
    {
        var t = MatchTuning.Default;
        if (string.IsNullOrWhiteSpace(text)) return t;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                throw new Core.OptionException("tuning", $"'{part}' is not name=number");
            var prop = typeof(MatchTuning).GetProperties().FirstOrDefault(p => p.Name.Equals(kv[0], StringComparison.OrdinalIgnoreCase) && p.PropertyType == typeof(double))
                ?? throw new Core.OptionException("tuning", $"has no setting '{kv[0]}' (known: {string.Join(", ", typeof(MatchTuning).GetProperties().Where(p => p.PropertyType == typeof(double)).Select(p => p.Name.ToLowerInvariant()))})");
            t = t with { };
            prop.SetValue(t, v);
        }
        return t;
    }
}
