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
    public double InputPrior { get; init; } = 0.5;
    /// <summary>Reference chroma P90 below which it is taken as black and white.</summary>
    public double MonochromeChroma { get; init; } = 0.012;

    /// <summary>Share of the learned estimate of the ungraded reference (<see cref="LearnedPrior"/>) in the prior; the rest is <see cref="GradeEstimator.NaturalPrior"/>.</summary>
    public double Learned { get; init; } = 0;
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
    /// The prior for a reference: what it looked like before its grade. The natural prior blended
    /// with the learned estimate from the reference itself (<see cref="MatchTuning.Learned"/>), then,
    /// when the photo to grade is known, with that photo's own statistics (<see cref="MatchTuning.InputPrior"/>;
    /// its casts are not used: the input's content says nothing about the reference's greys).
    /// </summary>
    public static ImageStatistics Prior(ImageStatistics? input, MatchTuning tuning, ImageStatistics? reference = null)
    {
        var n = NaturalPrior;
        if (reference != null && tuning.Learned > 0)
        {
            var learned = (tuning.PriorModel ?? LearnedPrior.Shipped).Predict(reference);
            double l = tuning.Learned;
            double[] Lerp(double[] p, double[] q) => p.Zip(q, (x, y) => (1 - l) * x + l * y).ToArray();
            n = new ImageStatistics(Lerp(n.LightnessQuantiles, learned.LightnessQuantiles), Lerp(n.NeutralA, learned.NeutralA),
                Lerp(n.NeutralB, learned.NeutralB), n.BandWeight, Lerp(n.ChromaMedian, learned.ChromaMedian), Lerp(n.ChromaP90, learned.ChromaP90),
                (1 - l) * n.ChromaMedianAll + l * learned.ChromaMedianAll, (1 - l) * n.ChromaP90All + l * learned.ChromaP90All, 0);
        }
        if (input == null) return n;
        double w = tuning.InputPrior;
        double[] Mix(double[] p, double[] q) => p.Zip(q, (x, y) => (1 - w) * x + w * y).ToArray();
        return new ImageStatistics(
            Mix(n.LightnessQuantiles, input.LightnessQuantiles),
            n.NeutralA, n.NeutralB, n.BandWeight,
            Mix(n.ChromaMedian, input.ChromaMedian), Mix(n.ChromaP90, input.ChromaP90),
            (1 - w) * n.ChromaMedianAll + w * input.ChromaMedianAll,
            (1 - w) * n.ChromaP90All + w * input.ChromaP90All, 0);
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
            double share = prob <= 0.02 || prob >= 0.98 ? t.Ends : t.Mids;
            shifts[i] = share * (r.LightnessQuantiles[i] - p.LightnessQuantiles[i]);
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
            reasons.Add(new SliderReason($"curve{k}", values[Curve1 + k - 1], "tone curve: the reference's lightness distribution against an ungraded photo's (shrunk toward none: midtones depend on the scene)"));
    }

    private static void Colour(ImageStatistics r, ImageStatistics p, MatchTuning t, double[] values, List<SliderReason> reasons)
    {
        // Chroma: a near-grey reference is black and white; otherwise a shrunk ratio of chroma spreads.
        bool mono = r.ChromaP90All < t.MonochromeChroma;
        double saturation = mono ? -1 : Math.Pow(Math.Max(r.ChromaP90All, 1e-4) / Math.Max(p.ChromaP90All, 1e-4), t.Chroma) - 1;
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
        double sw = 0, ma = 0, mb = 0, ml = 0;
        var da = new double[bands];
        var db = new double[bands];
        for (int j = 0; j < bands; j++)
        {
            da[j] = r.NeutralA[j] - p.NeutralA[j];
            db[j] = r.NeutralB[j] - p.NeutralB[j];
            double w = Math.Max(r.BandWeight[j], 0);
            sw += w; ma += w * da[j]; mb += w * db[j]; ml += w * ImageStatistics.BandCentres[j];
        }
        if (sw < 1e-9) return;
        ma /= sw; mb /= sw; ml /= sw;
        // Soft threshold: a cast no larger than content gives is not evidence of a grade.
        double length = Math.Sqrt(ma * ma + mb * mb);
        double keep = length > t.CastDeadZone ? (length - t.CastDeadZone) / length : 0;
        // The share taken as global cast: CastGlobal beyond the dead zone, plus CastStrong beyond the strong zone.
        double global = length > 1e-12 ? (t.CastGlobal * Math.Max(0, length - t.CastDeadZone) + t.CastStrong * Math.Max(0, length - t.CastStrongZone)) / length : 0;
        double ga = global * ma, gb = global * mb;
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
        for (int j = 0; j < bands && t.CastSplit > 0; j++)
        {
            double w = Math.Sqrt(Math.Max(r.BandWeight[j], 0));
            if (w < 1e-3) continue;
            double l = ImageStatistics.BandCentres[j];
            double[] basis = [0.1 * (1 - l) * (1 - l), 0.1 * l * l];
            rowsA.Add((basis, w, t.CastSplit * (da[j] - ma / ml * l)));
            rowsB.Add((basis, w, t.CastSplit * (db[j] - mb / ml * l)));
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
        reasons.Add(new SliderReason("split_shadow_amount", values[SplitShadowAmount], evidence + " (the shadows' share)"));
        reasons.Add(new SliderReason("split_shadow_hue", values[SplitShadowHue], "hue of the shadows' cast"));
        reasons.Add(new SliderReason("split_highlight_amount", values[SplitHighlightAmount], evidence + " (the highlights' share)"));
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
