using System.Runtime.CompilerServices;
using LutBridge.Looks;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Fits the named sliders of a Look to a LUT: damped Gauss-Newton (Levenberg-Marquardt)
/// on OKLab differences over a sample grid, with a small ridge pull toward neutral and a
/// pruning pass that returns sliders with a negligible effect to neutral (sparsity).
///
/// The fit uses one slider per degree of freedom: tone is black, white and the five curve
/// knots (exposure, contrast, pivot, shadows and highlights would only duplicate them);
/// split toning is fitted in Cartesian OKLab (a, b) per end and converted to hue and amount.
/// </summary>
internal static class ParametricFit
{
    /// <summary>One fitted unknown: how it maps onto the Look, its typical size and the size below which it is dropped.</summary>
    private sealed record Unknown(string Name, double Min, double Max, double Scale, double Prune);

    private const int SplitShadowA = 13, SplitShadowB = 14, SplitHighlightA = 15, SplitHighlightB = 16, FirstBand = 17;

    // The per-channel sliders can imitate most OKLab ones; a tighter scale (stronger ridge) and a
    // larger pruning threshold leave them only what the OKLab sliders cannot express.
    private const double RgbScale = 0.03;
    private const double RgbPrune = 0.004;
    private const double MixerScale = 0.05;
    private const double MixerPrune = 0.02;

    private static readonly Unknown[] Unknowns = BuildUnknowns();

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

    /// <summary>Ridge weight per unknown, in OKLab units per point for a value of one Scale.</summary>
    private const double Ridge = 0.0015;

    /// <summary>An LM step that lowers the cost by less than this fraction ends the solve (once damping is low).</summary>
    private const double ConvergedGain = 1e-5;

    /// <summary>
    /// LM iterations per stage. Hard LUTs used to run all 40 for a last few hundredths of ΔE; at
    /// 20 the sliders-only mean over the 60 creative LUTs moved 1.665 → 1.667 (median 1.64 both)
    /// and the median decompose went 0.69 → 0.59 s.
    /// </summary>
    private const int MaxIterations = 20;


    private static Unknown[] BuildUnknowns()
    {
        var list = new List<Unknown>();
        void Named(string name, double scale, double prune)
        {
            var p = Get(name);
            list.Add(new Unknown(name, p.Min, p.Max, scale, prune));
        }
        Named("black", 0.05, 0.002);
        Named("white", 0.05, 0.002);
        for (int k = 1; k <= CurveKnots; k++) Named($"curve{k}", 0.05, 0.002);
        Named("temperature", 0.2, 0.03);
        Named("tint", 0.2, 0.03);
        Named("saturation", 0.2, 0.02);
        Named("vibrance", 0.2, 0.03);
        Named("saturation_shadows", 0.2, 0.03);
        Named("saturation_highlights", 0.2, 0.03);
        list.Add(new Unknown("split_shadow_a", -1, 1, 0.2, 0.02));
        list.Add(new Unknown("split_shadow_b", -1, 1, 0.2, 0.02));
        list.Add(new Unknown("split_highlight_a", -1, 1, 0.2, 0.02));
        list.Add(new Unknown("split_highlight_b", -1, 1, 0.2, 0.02));
        foreach (var band in BandNames)
        {
            Named($"{band}_hue", 10, 1.0);
            Named($"{band}_chroma", 0.2, 0.02);
            Named($"{band}_lightness", 0.05, 0.003);
        }
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < RgbCurveKnots; k++) Named(RgbCurveName(c, k), RgbScale, RgbPrune);
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 3; i++) Named(MixerName(o, i), MixerScale, MixerPrune);
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < RgbCurveKnots; k++) Named(InputCurveName(c, k), RgbScale, RgbPrune);
        return list.ToArray();
    }

    /// <summary>The unknowns of a neutral Look.</summary>
    private static double[] Neutral()
    {
        var x = new double[Unknowns.Length];
        for (int i = 0; i < x.Length; i++)
            x[i] = i is >= SplitShadowA and <= SplitHighlightB ? 0 : Get(Unknowns[i].Name).Neutral;
        return x;
    }

    /// <summary>The Look values for a vector of unknowns (split toning converted to hue and amount).</summary>
    public static double[] ToValues(double[] x)
    {
        var values = All.Select(p => p.Neutral).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (i is >= SplitShadowA and <= SplitHighlightB) continue;
            var p = Get(Unknowns[i].Name);
            values[p.Index] = p.Clamp(x[i]);
        }
        SetSplit(values, x[SplitShadowA], x[SplitShadowB], SplitShadowHue, SplitShadowAmount);
        SetSplit(values, x[SplitHighlightA], x[SplitHighlightB], SplitHighlightHue, SplitHighlightAmount);
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
        var x = Neutral();
        // Coarse to fine: the global sliders first, so they take what is common to all colours;
        // then everything, where the ridge leaves the bands only what the global sliders cannot do.
        var global = new[] { "black", "white", "curve1", "curve2", "curve3", "curve4", "curve5", "temperature", "tint", "saturation", "saturation_shadows", "saturation_highlights" };
        var free = Unknowns.Select(u => global.Contains(u.Name)).ToArray();
        x = Solve(sample, x, free, MaxIterations, ct, trace);
        // Then everything but the input curves, which imitate the output curves on greys: they
        // join last and so only take what the output curves cannot do.
        free = Unknowns.Select(u => !u.Name.StartsWith("input_", StringComparison.Ordinal)).ToArray();
        x = Solve(sample, x, free, MaxIterations, ct, trace);
        free = Enumerable.Repeat(true, x.Length).ToArray();
        x = Solve(sample, x, free, MaxIterations, ct, trace);
        // Sparsity: sliders whose fitted value has a negligible effect go back to neutral, the rest are refitted.
        var neutral = Neutral();
        bool pruned = false;
        for (int i = 0; i < x.Length; i++)
        {
            bool small = i is >= SplitShadowA and <= SplitHighlightB
                ? SplitAmount(x, i) < Unknowns[i].Prune
                : Math.Abs(x[i] - neutral[i]) < Unknowns[i].Prune;
            if (small)
            {
                x[i] = neutral[i];
                free[i] = false;
                pruned = true;
            }
        }
        if (pruned) x = Solve(sample, x, free, MaxIterations / 2, ct, trace);
        return ToValues(x);
    }

    /// <summary>The split-toning amount of the (a, b) pair that unknown <paramref name="i"/> belongs to.</summary>
    private static double SplitAmount(double[] x, int i)
    {
        int a = i - (i - SplitShadowA) % 2;
        return Math.Sqrt(x[a] * x[a] + x[a + 1] * x[a + 1]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Solve(SampleSet sample, double[] start, bool[] free, int iterations, CancellationToken ct, Action<string>? trace)
    {
        var columns = Enumerable.Range(0, start.Length).Where(i => free[i]).ToArray();
        int m = columns.Length;
        var x = (double[])start.Clone();
        var neutral = Neutral();
        double ridge = Ridge * Math.Sqrt(sample.Count);
        var cache = new Intermediates(sample.Count);
        var r = Residuals(sample, x, neutral, ridge, Stage.Input, cache, record: true);
        double cost = Dot(r, r);
        double mu = 1e-3;
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var jac = new double[m][];
        for (int it = 0; it < iterations && m > 0; it++)
        {
            ct.ThrowIfCancellationRequested();
            Parallel.For(0, m, j =>
            {
                int i = columns[j];
                var u = Unknowns[i];
                double h = 1e-4 * u.Scale;
                var xp = (double[])x.Clone();
                if (xp[i] + h > u.Max) h = -h;
                xp[i] += h;
                var rp = Residuals(sample, xp, neutral, ridge, Stages[i], cache, record: false);
                for (int k = 0; k < rp.Length; k++) rp[k] = (rp[k] - r[k]) / h;
                jac[j] = rp;
            });
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
            if (!improved) { trace?.Invoke($"  solve m={m} its={it + 1} cost={cost:E3} t={System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds:0.000}"); break; }
            if (it == iterations - 1) trace?.Invoke($"  solve m={m} its={it + 1} (max) cost={cost:E3} t={System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds:0.000}");
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
    /// stages from <paramref name="cache"/>; with <paramref name="record"/> it fills the cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Residuals(SampleSet sample, double[] x, double[] neutral, double ridge, Stage from, Intermediates cache, bool record)
    {
        var processor = new LookProcessor(new Look(ToValues(x)));
        bool curves = processor.HasRgbCurves, inCurves = processor.HasInputCurves, mixes = processor.HasMixer;
        var linear = sample.InputLinear;
        var srgb = sample.Inputs;
        int n = sample.Count;
        var r = new double[3 * n + x.Length];
        var inputs = sample.InputOklab;
        var target = sample.TargetOklab;
        var lab = cache.Lab;
        var rgb = cache.Rgb;
        var labOut = cache.LabOut;
        for (int i = 0; i < n; i++)
        {
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
            r[3 * n + i] = ridge * (x[i] - neutral[i]) / Unknowns[i].Scale;
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
