using System.Runtime.CompilerServices;
using LutBridge.Looks;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Fits the named sliders of a Look to a LUT: damped Gauss-Newton (Levenberg-Marquardt)
/// on OKLab differences over a sample grid, with a small ridge pull toward neutral and a
/// pruning pass that returns sliders with a negligible effect to neutral (sparsity).
///
/// The sliders are freed in the order a photographer reaches for them (docs/look.md,
/// "Canonical sliders"): tier 1 — exposure, contrast, shadows, highlights, temperature, tint,
/// saturation, vibrance; tier 2 — split toning, shadow/highlight saturation and the hue bands;
/// tier 3 — the tone-curve knots and the per-channel sliders (output curves, mixer; input curves
/// at twice the cost). Each tier only takes what the tiers before it cannot express: it joins
/// after they have converged and its ridge is stronger, so where several slider sets give the
/// same colours the earlier tier keeps the weight. When tiers 1–2 already reproduce the LUT (a
/// LUT that is a Look), tier 3 is never freed, the kept sliders are refitted with a weak ridge
/// and a simplification pass returns any slider the others can make up for to neutral. Black,
/// white and pivot are not fitted: with pivot at 0.5, exposure and contrast span the same affine
/// maps of lightness as black and white.
/// Split toning is fitted in Cartesian OKLab (a, b) per end and converted to hue and amount.
/// </summary>
internal static class ParametricFit
{
    /// <summary>One fitted unknown: how it maps onto the Look, its typical size, the size below which it is dropped, and its tier (1 = first choice).</summary>
    private sealed record Unknown(string Name, double Min, double Max, double Scale, double Prune, int Tier);

    // The per-channel sliders can imitate most OKLab ones; a tighter scale (stronger ridge) and a
    // larger pruning threshold leave them only what the OKLab sliders cannot express.
    private const double RgbScale = 0.03;
    private const double RgbPrune = 0.004;
    private const double MixerScale = 0.05;
    private const double MixerPrune = 0.02;

    /// <summary>
    /// Ridge multiplier per tier (index = tier; 4 = the input curves): the first-choice sliders
    /// cost least, so of two slider sets that give the same colours the fit keeps the more familiar
    /// one. Tiers 1–2 are nearly always identifiable, and a stronger pull biased them: at 0.5 / 1
    /// split-toning amounts came back at about 0.65× their value (a shadow tint shows only in the
    /// few dark colours the gamut leaves it) and 8 of 12 known Looks needed tier 3.
    /// </summary>
    private static readonly double[] TierCost = [0, 0.1, 0.2, 1, 2];

    private static readonly Unknown[] Unknowns = BuildUnknowns();

    private static readonly int SplitShadowA = Array.FindIndex(Unknowns, u => u.Name == "split_shadow_a");
    private static readonly int SplitHighlightB = SplitShadowA + 3;

    /// <summary>
    /// Where an unknown enters the pipeline: input curves and mixer before OKLab, the named
    /// sliders in OKLab, the output curves after it. A Jacobian column re-evaluates only from its
    /// unknown's stage on, starting from the base evaluation's intermediate values there (which
    /// that unknown cannot change), so the column is bit-identical to a full evaluation.
    /// </summary>
    private enum Stage { Input, Lab, Output }

    private static readonly Stage[] Stages = Unknowns
        .Select(u => u.Name.StartsWith("input_", StringComparison.Ordinal) || u.Name.StartsWith("mixer_", StringComparison.Ordinal) ? Stage.Input
            : u.Name.StartsWith("curve_", StringComparison.Ordinal) ? Stage.Output : Stage.Lab)
        .ToArray();

    /// <summary>
    /// The hue band an unknown belongs to (its _hue, _chroma or _lightness slider), or −1. A band's
    /// sliders change only the colours whose hue lies between it and a neighbour band; for every
    /// other colour a Jacobian column of that slider is exactly zero, so it is evaluated only on
    /// the colours it can move (<see cref="PointsByBand"/>): the same bits, a quarter of the work.
    /// </summary>
    private static readonly int[] BandOfUnknown = Unknowns
        .Select(u => Array.FindIndex(BandNames, b => u.Name == $"{b}_hue" || u.Name == $"{b}_chroma" || u.Name == $"{b}_lightness"))
        .ToArray();

    /// <summary>Per hue band, the sample points whose colour it can change (the points of the two bands each blends).</summary>
    private static int[][] PointsByBand(Intermediates cache, int count)
    {
        var lists = new List<int>[BandCount];
        for (int k = 0; k < BandCount; k++) lists[k] = new List<int>();
        var lab = cache.Lab;
        for (int p = 0; p < count; p++)
        {
            int i = LookProcessor.LowerBandOf(lab[3 * p + 1], lab[3 * p + 2]);
            lists[i].Add(p);
            lists[(i + 1) % BandCount].Add(p);
        }
        return lists.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Ridge weight per unknown, in OKLab units per point for a value of one Scale (times its tier's cost).</summary>
    private const double Ridge = 0.0015;

    /// <summary>An LM step that lowers the cost by less than this fraction ends the solve (once damping is low).</summary>
    private const double ConvergedGain = 1e-5;

    /// <summary>
    /// LM iterations per stage. Hard LUTs used to run all 40 for a last few hundredths of ΔE; at
    /// 20 the sliders-only mean over the 60 creative LUTs moved 1.665 → 1.667 (median 1.64 both)
    /// and the median decompose went 0.69 → 0.59 s.
    /// </summary>
    private const int MaxIterations = 20;

    /// <summary>
    /// Tiers 1–2 count as an exact fit (tier 3 stays neutral) when their quantised sliders come
    /// within this mean and max CIEDE2000 on the fitting grid: well inside the "sliders alone
    /// reproduce it" bar (mean 0.3, max 1.5 on the LUT's lattice and between its nodes).
    /// </summary>
    private const double ExactMean = 0.1, ExactMax = 2.5;

    /// <summary>Ridge factor of the refits after an exact fit (a weak pull: the few kept sliders are identifiable, so it only debiases them).</summary>
    private const double DebiasRidge = 0.1;

    /// <summary>
    /// LM iterations of tiers 1–2 before their fit is judged: a LUT still far from every Look of
    /// tiers 1–2 (most real LUTs) then moves on to tier 3; one that comes within
    /// <see cref="SecondStartWithin"/> gets <see cref="MaxIterations"/> more to converge.
    /// </summary>
    private const int FirstIterations12 = 10;

    /// <summary>Grid mean CIEDE2000 under which tiers 1–2 are converged fully and, if not exact, fitted from a second start (real LUTs rarely come this close, so they seldom pay for it).</summary>
    private const double SecondStartWithin = 0.6;

    /// <summary>
    /// Simplification: a slider goes back to neutral when the others, refitted (at most
    /// <see cref="SimplifyIterations"/> LM steps), keep the grid within these of the exact fit.
    /// </summary>
    private const double SimplifyMeanSlack = 0.01, SimplifyMaxSlack = 0.3;
    private const int SimplifyIterations = 10;

    private static Unknown[] BuildUnknowns()
    {
        var list = new List<Unknown>();
        void Named(string name, double scale, double prune, int tier)
        {
            var p = Get(name);
            list.Add(new Unknown(name, p.Min, p.Max, scale, prune, tier));
        }
        // Tier 1. Scales give about 0.05 L (or 0.01 a/b) per unit; prunes about 0.002 L.
        Named("exposure", 0.3, 0.01, 1);
        Named("contrast", 0.1, 0.005, 1);
        Named("shadows", 0.2, 0.008, 1);
        Named("highlights", 0.2, 0.008, 1);
        Named("temperature", 0.2, 0.03, 1);
        Named("tint", 0.2, 0.03, 1);
        Named("saturation", 0.2, 0.02, 1);
        Named("vibrance", 0.2, 0.03, 1);
        // Tier 2.
        Named("saturation_shadows", 0.2, 0.03, 2);
        Named("saturation_highlights", 0.2, 0.03, 2);
        list.Add(new Unknown("split_shadow_a", -1, 1, 0.2, 0.02, 2));
        list.Add(new Unknown("split_shadow_b", -1, 1, 0.2, 0.02, 2));
        list.Add(new Unknown("split_highlight_a", -1, 1, 0.2, 0.02, 2));
        list.Add(new Unknown("split_highlight_b", -1, 1, 0.2, 0.02, 2));
        foreach (var band in BandNames)
        {
            Named($"{band}_hue", 10, 1.0, 2);
            Named($"{band}_chroma", 0.2, 0.02, 2);
            Named($"{band}_lightness", 0.05, 0.003, 2);
        }
        // Tier 3.
        for (int k = 1; k <= CurveKnots; k++) Named($"curve{k}", 0.05, 0.002, 3);
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < RgbCurveKnots; k++) Named(RgbCurveName(c, k), RgbScale, RgbPrune, 3);
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 3; i++) Named(MixerName(o, i), MixerScale, MixerPrune, 3);
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < RgbCurveKnots; k++) Named(InputCurveName(c, k), RgbScale, RgbPrune, 4);
        return list.ToArray();
    }

    /// <summary>The unknowns of a neutral Look.</summary>
    private static double[] Neutral()
    {
        var x = new double[Unknowns.Length];
        for (int i = 0; i < x.Length; i++)
            x[i] = i >= SplitShadowA && i <= SplitHighlightB ? 0 : Get(Unknowns[i].Name).Neutral;
        return x;
    }

    /// <summary>The Look values for a vector of unknowns (split toning converted to hue and amount).</summary>
    public static double[] ToValues(double[] x)
    {
        var values = All.Select(p => p.Neutral).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (i >= SplitShadowA && i <= SplitHighlightB) continue;
            var p = Get(Unknowns[i].Name);
            values[p.Index] = p.Clamp(x[i]);
        }
        SetSplit(values, x[SplitShadowA], x[SplitShadowA + 1], SplitShadowHue, SplitShadowAmount);
        SetSplit(values, x[SplitShadowA + 2], x[SplitShadowA + 3], SplitHighlightHue, SplitHighlightAmount);
        return values;
    }

    private static void SetSplit(double[] values, double a, double b, int hueIndex, int amountIndex)
    {
        double amount = Math.Sqrt(a * a + b * b);
        if (amount == 0) return;
        double hue = Math.Atan2(b, a) * (180 / Math.PI);
        if (hue < 0) hue += 360;
        values[hueIndex] = All[hueIndex].Clamp(hue);
        values[amountIndex] = All[amountIndex].Clamp(amount);
    }

    /// <summary>Fits the sliders to the sample; returns the Look values (not yet quantised).</summary>
    public static double[] Fit(SampleSet sample, CancellationToken ct, Action<string>? trace = null)
    {
        // Tier by tier: the first-choice sliders take what is common to all colours, then split
        // toning and the hue bands what those cannot do.
        var free = Unknowns.Select(u => u.Tier <= 2).ToArray();
        var x = FitTiers12(sample, holdExposure: false, ct, trace);
        var stats = GridStats(sample, x);
        if (!IsExact(stats) && stats.Mean <= SecondStartWithin)
        {
            // Close but not exact: exposure and highlights can trade against each other into a
            // false minimum (exposure down, highlights at their end). Start again with exposure
            // held until the other tone sliders have settled, and keep the better fit.
            var y = FitTiers12(sample, holdExposure: true, ct, trace);
            var other = GridStats(sample, y);
            trace?.Invoke($"    second start: {other.Mean:0.000}/{other.Max:0.00} against {stats.Mean:0.000}/{stats.Max:0.00}");
            if (other.Mean < stats.Mean) (x, stats) = (y, other);
        }
        bool exact = IsExact(stats);
        trace?.Invoke($"    tiers 1-2: {stats.Mean:0.000}/{stats.Max:0.00}: {string.Join(", ", Moved(x).Select(i => $"{Unknowns[i].Name}={x[i]:0.####}"))}");
        if (!exact)
        {
            // Tier 3: the tone curve and the per-channel sliders, all at once. The input curves
            // imitate the output curves on greys; their ridge is twice as strong, so they only take
            // what the output curves cannot do. (Freeing them in a stage of their own, as before,
            // cost 15% more time for 0.02 ΔE00 of sliders-alone error.)
            free = Enumerable.Repeat(true, x.Length).ToArray();
            x = Solve(sample, x, free, MaxIterations, ct, trace);
        }
        // Sparsity: sliders whose fitted value has a negligible effect go back to neutral, the rest are refitted.
        bool pruned = Prune(x, free);
        if (!exact)
        {
            if (pruned) x = Solve(sample, x, free, MaxIterations / 2, ct, trace);
            // A Look that needs tier 3 (per-channel curves, say) is simplified too; a real LUT
            // (never this close) stops here.
            var after = GridStats(sample, x);
            exact = IsExact(after);
            if (!exact && after.Mean <= SecondStartWithin)
            {
                // Close but not exact with tier 3: tiers 1–2 took part of what the curves do before
                // they joined (a red black lift as a red shadow tint), and the curves' stronger ridge
                // keeps it there. Fit every tier at once from neutral with the weak ridge; keep it when it is exact.
                var allFree = Enumerable.Repeat(true, x.Length).ToArray();
                var y = Solve(sample, Neutral(), allFree, MaxIterations, ct, trace, DebiasRidge);
                if (Prune(y, allFree)) y = Solve(sample, y, allFree, MaxIterations / 2, ct, trace, DebiasRidge);
                var other = GridStats(sample, y);
                trace?.Invoke($"    all tiers at once: {other.Mean:0.000}/{other.Max:0.00} against {after.Mean:0.000}/{after.Max:0.00}");
                if (IsExact(other)) (x, free, exact) = (y, allFree, true);
            }
        }
        if (exact)
        {
            x = Solve(sample, x, free, MaxIterations, ct, trace, DebiasRidge);
            x = Simplify(sample, x, free, ct, trace);
            if (Prune(x, free)) x = Solve(sample, x, free, MaxIterations / 2, ct, trace, DebiasRidge);
        }
        trace?.Invoke($"    fit: exact {exact}: {string.Join(", ", Moved(x).Select(i => $"{Unknowns[i].Name}={x[i]:0.####}"))}");
        return ToValues(x);
    }


    /// <summary>The unknowns away from neutral.</summary>
    private static IEnumerable<int> Moved(double[] x)
    {
        var neutral = Neutral();
        return Enumerable.Range(0, x.Length).Where(i => x[i] != neutral[i]);
    }

    /// <summary>Returns free unknowns whose effect is negligible to neutral (a split-toning end as a pair); true when any moved.</summary>
    private static bool Prune(double[] x, bool[] free)
    {
        var neutral = Neutral();
        bool pruned = false;
        for (int i = 0; i < x.Length; i++)
        {
            if (!free[i]) continue;
            bool small = i >= SplitShadowA && i <= SplitHighlightB
                ? SplitAmount(x, i) < Unknowns[i].Prune
                : Math.Abs(x[i] - neutral[i]) < Unknowns[i].Prune;
            if (small)
            {
                x[i] = neutral[i];
                free[i] = false;
                pruned = true;
            }
        }
        return pruned;
    }

    /// <summary>
    /// The simplification pass: tries each moved slider at neutral, least preferred first (higher
    /// tier, then smaller move), refitting the others; keeps the change when the colours stay
    /// within a small tolerance of the fit. Where several slider sets give the same colours (a
    /// band chroma moved on seven bands against saturation, temperature against split toning),
    /// this leaves the one with fewer, more familiar sliders.
    /// </summary>
    private static double[] Simplify(SampleSet sample, double[] x, bool[] free, CancellationToken ct, Action<string>? trace)
    {
        var neutral = Neutral();
        var start = GridStats(sample, x);
        var order = Enumerable.Range(0, x.Length)
            .Where(i => free[i] && (i >= SplitShadowA && i <= SplitHighlightB
                ? (i - SplitShadowA) % 2 == 0 && SplitAmount(x, i) > 0
                : x[i] != neutral[i]))
            .OrderByDescending(i => Unknowns[i].Tier)
            .ThenBy(i => (i >= SplitShadowA && i <= SplitHighlightB ? SplitAmount(x, i) : Math.Abs(x[i] - neutral[i])) / Unknowns[i].Scale)
            .ToList();
        foreach (int i in order)
        {
            ct.ThrowIfCancellationRequested();
            if (!free[i]) continue;
            var trial = (double[])x.Clone();
            var trialFree = (bool[])free.Clone();
            int pair = i >= SplitShadowA && i <= SplitHighlightB ? 2 : 1;
            for (int k = i; k < i + pair; k++) { trial[k] = neutral[k]; trialFree[k] = false; }
            trial = Solve(sample, trial, trialFree, SimplifyIterations, ct, trace, DebiasRidge);
            var stats = GridStats(sample, trial);
            trace?.Invoke($"    simplify {Unknowns[i].Name}: {stats.Mean:0.000}/{stats.Max:0.00} against {start.Mean:0.000}/{start.Max:0.00}");
            if (stats.Mean <= start.Mean + SimplifyMeanSlack && stats.Max <= start.Max + SimplifyMaxSlack)
            {
                x = trial;
                Array.Copy(trialFree, free, free.Length);
            }
        }
        return x;
    }

    private static ErrorStats GridStats(SampleSet sample, double[] x) =>
        SampleSet.Stats(sample.DeltaE2000(new Look(ToValues(x)).Quantised()));

    /// <summary>Whether grid errors of the quantised sliders count as an exact fit (<see cref="ExactMean"/>, <see cref="ExactMax"/>).</summary>
    private static bool IsExact(ErrorStats stats) => stats.Mean <= ExactMean && stats.Max <= ExactMax;


    /// <summary>Tier 1 from neutral (optionally with exposure held at neutral first), then tiers 1–2 together.</summary>
    private static double[] FitTiers12(SampleSet sample, bool holdExposure, CancellationToken ct, Action<string>? trace)
    {
        var x = Neutral();
        if (holdExposure)
            x = Solve(sample, x, Unknowns.Select(u => u.Tier == 1 && u.Name != "exposure").ToArray(), MaxIterations, ct, trace);
        x = Solve(sample, x, Unknowns.Select(u => u.Tier == 1).ToArray(), MaxIterations, ct, trace);
        // A LUT that is far from any Look of tiers 1–2 only needs a start for tier 3 here: it gets
        // fewer iterations; one that comes close gets the rest, to converge to the exact fit.
        var free = Unknowns.Select(u => u.Tier <= 2).ToArray();
        x = Solve(sample, x, free, FirstIterations12, ct, trace);
        if (GridStats(sample, x).Mean <= SecondStartWithin) x = Solve(sample, x, free, MaxIterations, ct, trace);
        return x;
    }

    /// <summary>The split-toning amount of the (a, b) pair that unknown <paramref name="i"/> belongs to.</summary>
    private static double SplitAmount(double[] x, int i)
    {
        int a = i - (i - SplitShadowA) % 2;
        return Math.Sqrt(x[a] * x[a] + x[a + 1] * x[a + 1]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Solve(SampleSet sample, double[] start, bool[] free, int iterations, CancellationToken ct, Action<string>? trace, double ridgeFactor = 1)
    {
        var columns = Enumerable.Range(0, start.Length).Where(i => free[i]).ToArray();
        int m = columns.Length;
        var x = (double[])start.Clone();
        var neutral = Neutral();
        double ridge = ridgeFactor * Ridge * Math.Sqrt(sample.Count);
        var cache = new Intermediates(sample.Count);
        var r = Residuals(sample, x, neutral, ridge, Stage.Input, cache, record: true);
        double cost = Dot(r, r);
        int evals = 1; // evaluations of the residuals, for the trace
        double mu = 1e-3;
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var jac = new double[m][];
        bool bands = columns.Any(i => BandOfUnknown[i] >= 0);
        for (int it = 0; it < iterations && m > 0; it++)
        {
            ct.ThrowIfCancellationRequested();
            var byBand = bands ? PointsByBand(cache, sample.Count) : null;
            Parallel.For(0, m, j =>
            {
                int i = columns[j];
                var u = Unknowns[i];
                double h = 1e-4 * u.Scale;
                var xp = (double[])x.Clone();
                if (xp[i] + h > u.Max) h = -h;
                xp[i] += h;
                int band = BandOfUnknown[i];
                var rp = Residuals(sample, xp, neutral, ridge, Stages[i], cache, record: false, band >= 0 ? byBand![band] : null, r);
                for (int k = 0; k < rp.Length; k++) rp[k] = (rp[k] - r[k]) / h;
                jac[j] = rp;
            });
            evals += m;
            var jtj = new double[m, m];
            var jtr = new double[m];
            Parallel.For(0, m, a =>
            {
                for (int b = 0; b <= a; b++) jtj[a, b] = Dot(jac[a], jac[b]);
                jtr[a] = Dot(jac[a], r);
            });
            for (int a = 0; a < m; a++)
                for (int b = a + 1; b < m; b++) jtj[a, b] = jtj[b, a];

            bool improved = false;
            for (int attempt = 0; attempt < 8; attempt++)
            {
                var lhs = new double[m, m];
                for (int a = 0; a < m; a++)
                    for (int b = 0; b < m; b++)
                        lhs[a, b] = jtj[a, b] + (a == b ? mu * (jtj[a, a] + 1e-12) : 0);
                var step = DenseCholesky.Solve(lhs, jtr.Select(v => -v).ToArray());
                if (step == null) { mu *= 10; continue; }
                var xn = (double[])x.Clone();
                for (int j = 0; j < m; j++)
                {
                    int i = columns[j];
                    xn[i] = Math.Clamp(xn[i] + step[j], Unknowns[i].Min, Unknowns[i].Max);
                }
                var trialCache = new Intermediates(sample.Count);
                var rn = Residuals(sample, xn, neutral, ridge, Stage.Input, trialCache, record: true);
                evals++;
                double cn = Dot(rn, rn);
                if (cn < cost)
                {
                    cache = trialCache;
                    bool converged = cost - cn < ConvergedGain * cost && mu < 1e-2;
                    x = xn; r = rn; cost = cn;
                    mu = Math.Max(mu / 3, 1e-9);
                    improved = !converged;
                    break;
                }
                mu *= 4;
            }
            if (!improved) { trace?.Invoke($"    solve m={m} its={it + 1} evals={evals} cost={cost:E3} t={System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds:0.000}"); break; }
            if (it == iterations - 1) trace?.Invoke($"    solve m={m} its={it + 1} (max) evals={evals} cost={cost:E3} t={System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds:0.000}");
        }
        return x;
    }

    /// <summary>Per-point values of one evaluation where later stages start: OKLab before the named sliders, sRGB before the output curves.</summary>
    private sealed class Intermediates(int count)
    {
        public readonly double[] Lab = new double[3 * count];
        public readonly double[] Rgb = new double[3 * count];
        public readonly double[] LabOut = new double[3 * count];
    }

    /// <summary>
    /// OKLab differences (Look − target) at every sample point, then the ridge terms. The Look's
    /// output is clipped to the sRGB cube as the evaluator clips it (only out-of-gamut colours
    /// pay for the round trip). Evaluation starts at <paramref name="from"/>, reading earlier
    /// stages from <paramref name="cache"/>; with <paramref name="record"/> it fills the cache. With
    /// <paramref name="only"/>, just those points are evaluated and the rest copied from <paramref name="unchanged"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Residuals(SampleSet sample, double[] x, double[] neutral, double ridge, Stage from, Intermediates cache, bool record,
        int[]? only = null, double[]? unchanged = null)
    {
        var processor = new LookProcessor(new Look(ToValues(x)));
        bool curves = processor.HasRgbCurves, inCurves = processor.HasInputCurves, mixes = processor.HasMixer;
        var linear = sample.InputLinear;
        var srgb = sample.Inputs;
        int n = sample.Count;
        // With `only`, the other points keep their values in `unchanged` (x moves nothing there).
        var r = only == null ? new double[3 * n + x.Length] : (double[])unchanged!.Clone();
        int points = only?.Length ?? n;
        var inputs = sample.InputOklab;
        var target = sample.TargetOklab;
        var lab = cache.Lab;
        var rgb = cache.Rgb;
        var labOut = cache.LabOut;
        for (int q = 0; q < points; q++)
        {
            int i = only == null ? q : only[q];
            double R, G, Bl, L, A, B;
            if (from == Stage.Output)
            {
                (R, G, Bl) = (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
                (L, A, B) = (labOut[3 * i], labOut[3 * i + 1], labOut[3 * i + 2]);
            }
            else
            {
                double L0, A0, B0;
                if (from == Stage.Lab)
                    (L0, A0, B0) = (lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]);
                else
                {
                    (L0, A0, B0) = inCurves
                        ? processor.ToOklab(processor.InputCurves(srgb[3 * i], srgb[3 * i + 1], srgb[3 * i + 2]))
                        : mixes
                        ? processor.MixedToOklab(linear[3 * i], linear[3 * i + 1], linear[3 * i + 2])
                        : (inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]);
                    if (record) (lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]) = (L0, A0, B0);
                }
                (L, A, B) = processor.ApplyLab(L0, A0, B0);
                (R, G, Bl) = LookColor.ToSrgb(L, A, B);
                if (record)
                {
                    (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = (R, G, Bl);
                    (labOut[3 * i], labOut[3 * i + 1], labOut[3 * i + 2]) = (L, A, B);
                }
            }
            (R, G, Bl) = processor.RgbCurves(R, G, Bl);
            if (curves || R < 0 || R > 1 || G < 0 || G > 1 || Bl < 0 || Bl > 1)
                (L, A, B) = LookColor.FromSrgb(Math.Clamp(R, 0, 1), Math.Clamp(G, 0, 1), Math.Clamp(Bl, 0, 1));
            r[3 * i] = L - target[3 * i];
            r[3 * i + 1] = A - target[3 * i + 1];
            r[3 * i + 2] = B - target[3 * i + 2];
        }
        for (int i = 0; i < x.Length; i++)
            r[3 * n + i] = ridge * TierCost[Unknowns[i].Tier] * (x[i] - neutral[i]) / Unknowns[i].Scale;
        return r;
    }


    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
