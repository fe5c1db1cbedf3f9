using System.Runtime.CompilerServices;
using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Input colours and the LUT's outputs there, as the fitter and the error measure use
/// them: interleaved sRGB inputs, sRGB targets, and the targets in OKLab and CIELAB
/// (computed once). Built by <see cref="SampleSets"/>.
/// </summary>
internal sealed class SampleSet
{
    public int Count { get; }
    public float[] Inputs { get; }
    public float[] Targets { get; }
    public double[] TargetOklab { get; }
    public double[] InputOklab { get; }
    public double[] InputLinear { get; }
    public Vector3[] TargetCielab { get; }

    /// <summary>
    /// How many samples each one stands for (null: one each). Distil's colour samples repeat in
    /// proportion to their pixels; stored once with their counts, the fits (weighted least squares)
    /// and the error statistics (weighted mean, max, percentile) come out as over the repeats, for
    /// a third of the work. Decompose's sets are unweighted.
    /// </summary>
    public double[]? Weights { get; }

    public SampleSet(float[] inputs, float[] targets, double[] weights) : this(inputs, targets)
    {
        if (weights.Length != Count) throw new ArgumentException($"{weights.Length} weights for {Count} samples", nameof(weights));
        Weights = weights;
    }

    /// <summary>Error statistics over this set, each sample counted by its weight.</summary>
    public ErrorStats StatsOf(double[] deltaE) => Weights == null ? Stats(deltaE) : Stats(deltaE, Weights);

    /// <summary>Statistics over two sets' errors together (the combined figure of a trial).</summary>
    public static ErrorStats Combined(SampleSet a, double[] errorsA, SampleSet b, double[] errorsB) =>
        a.Weights == null && b.Weights == null
            ? Stats([.. errorsA, .. errorsB])
            : Stats([.. errorsA, .. errorsB], [.. a.Weights ?? Ones(a.Count), .. b.Weights ?? Ones(b.Count)]);

    private static double[] Ones(int n)
    {
        var w = new double[n];
        Array.Fill(w, 1.0);
        return w;
    }

    /// <summary>
    /// Weighted mean, max and nearest-rank 99th percentile (the smallest value whose cumulative
    /// weight reaches 99% of the total): with whole-number weights, exactly the statistics of the
    /// values repeated that many times.
    /// </summary>
    public static ErrorStats Stats(double[] deltaE, double[] weights)
    {
        int n = deltaE.Length;
        if (n == 0) return new ErrorStats(0, 0, 0, 0);
        double sum = 0, total = 0, max = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            sum += weights[i] * deltaE[i];
            total += weights[i];
            max = Math.Max(max, deltaE[i]);
        }
        var order = Enumerable.Range(0, n).ToArray();
        var keys = (double[])deltaE.Clone();
        Array.Sort(keys, order);
        double rank = Math.Ceiling(0.99 * total), seen = 0, p99 = keys[^1];
        for (int k = 0; k < n; k++)
        {
            seen += weights[order[k]];
            if (seen >= rank) { p99 = keys[k]; break; }
        }
        return new ErrorStats(sum / total, max, p99, (int)Math.Round(total));
    }

    public SampleSet(float[] inputs, float[] targets)
    {
        Count = inputs.Length / 3;
        Inputs = inputs;
        Targets = targets;
        TargetOklab = new double[inputs.Length];
        InputOklab = new double[inputs.Length];
        InputLinear = new double[inputs.Length];
        var linear = InputLinear;
        var inLab = InputOklab;
        TargetCielab = new Vector3[Count];
        var lab = TargetOklab;
        var cie = TargetCielab;
        Parallel.For(0, (Count + 1023) / 1024, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            int end = Math.Min(Count, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                double r = targets[3 * i], g = targets[3 * i + 1], b = targets[3 * i + 2];
                (lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]) = LookColor.FromSrgb(r, g, b);
                (inLab[3 * i], inLab[3 * i + 1], inLab[3 * i + 2]) = LookColor.FromSrgb(inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]);
                for (int c = 0; c < 3; c++) linear[3 * i + c] = LookColor.Decode(inputs[3 * i + c]);
                cie[i] = Cielab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
            }
        });
    }

    /// <summary>The slider values whose parametric outputs <see cref="_shaped"/> and <see cref="_parametric"/> hold (null: none yet).</summary>
    private double[]? _parametricKey;
    private double[] _shaped = [], _parametric = [];

    /// <summary>
    /// CIEDE2000 between a Look's output and the targets, per sample (written in place, parallel).
    /// The residual search measures many Looks that share their sliders: the parametric output
    /// of the last slider values is kept and reused, so only the residual is evaluated again.
    /// </summary>
    public double[] DeltaE2000(Look look)
    {
        var processor = new LookProcessor(look);
        // An anchored residual at its anchor needs no parametric output: the plain path is cheap
        // and leaves the cache alone (the anchored search runs beside the slider fit).
        if (look.Stage == null && look.Shaper == null && look.Residual != null && processor.NeedsParametric) return DeltaE2000Reusing(look, processor);
        var values = new double[Count];
        var inputs = Inputs;
        var cie = TargetCielab;
        Parallel.For(0, (Count + 1023) / 1024, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            int end = Math.Min(Count, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                var (r, g, b) = processor.Apply(inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]);
                var lab = Cielab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
                values[i] = DeltaE.Ciede2000(lab, cie[i]);
            }
        });
        return values;
    }

    private double[] DeltaE2000Reusing(Look look, LookProcessor processor)
    {
        var inputs = Inputs;
        if (_parametricKey == null || !_parametricKey.AsSpan().SequenceEqual(look.Values.ToArray()))
        {
            var shaped = new double[3 * Count];
            var parametric = new double[3 * Count];
            Parallel.For(0, (Count + 1023) / 1024, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            {
                int end = Math.Min(Count, (chunk + 1) * 1024);
                for (int i = chunk * 1024; i < end; i++)
                {
                    double xr = Math.Clamp(inputs[3 * i], 0, 1), xg = Math.Clamp(inputs[3 * i + 1], 0, 1), xb = Math.Clamp(inputs[3 * i + 2], 0, 1);
                    (shaped[3 * i], shaped[3 * i + 1], shaped[3 * i + 2]) = (xr, xg, xb); // no shaper: shaping is the identity
                    (parametric[3 * i], parametric[3 * i + 1], parametric[3 * i + 2]) = processor.ApplyParametric(xr, xg, xb);
                }
            });
            (_parametricKey, _shaped, _parametric) = (look.Values.ToArray(), shaped, parametric);
        }
        var values = new double[Count];
        var cie = TargetCielab;
        var u = _shaped;
        var p = _parametric;
        Parallel.For(0, (Count + 1023) / 1024, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            int end = Math.Min(Count, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                int k = 3 * i;
                var (r, g, b) = processor.Finish(u[k], u[k + 1], u[k + 2], u[k], u[k + 1], u[k + 2], p[k], p[k + 1], p[k + 2]);
                var lab = Cielab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
                values[i] = DeltaE.Ciede2000(lab, cie[i]);
            }
        });
        return values;
    }

    public static ErrorStats Stats(double[] deltaE)
    {
        var s = DeltaEStats.From((double[])deltaE.Clone());
        return new ErrorStats(s.Mean, s.Max, s.P99, s.Count);
    }
}

/// <summary>The sample sets of a fit: where the LUT is probed and where errors are measured.</summary>
internal static class SampleSets
{
    /// <summary>At most this many lattice nodes are measured (larger lattices are strided).</summary>
    public const int MaxLatticeAxis = 33;

    /// <summary>Quasi-random points added to the dense sample (R3 sequence, fixed seed: deterministic).</summary>
    public const int QuasiRandomPoints = 4096;

    /// <summary>The LUT's own lattice nodes (every k-th for very large lattices), or a 17³ grid for LUTs without one.</summary>
    public static SampleSet Lattice(Lut lut, int maxAxis = MaxLatticeAxis)
    {
        var axis = LatticeAxis(lut, maxAxis);
        var inputs = new float[axis.Length * axis.Length * axis.Length * 3];
        int i = 0;
        foreach (var b in axis)
            foreach (var g in axis)
                foreach (var r in axis)
                {
                    inputs[i++] = r; inputs[i++] = g; inputs[i++] = b;
                }
        return new SampleSet(inputs, Evaluate(lut, inputs));
    }

    /// <summary>
    /// Points between lattice nodes: every cell centre plus quasi-random points. Strided (large
    /// lattices): the centres between strided nodes and the centres of the LUT's own cells next
    /// to them, so a search on the strided sets sees the in-between error the full sets will.
    /// </summary>
    public static SampleSet Dense(Lut lut, int maxAxis = MaxLatticeAxis)
    {
        var axis = LatticeAxis(lut, maxAxis);
        var centres = new float[axis.Length - 1];
        for (int k = 0; k < centres.Length; k++) centres[k] = 0.5f * (axis[k] + axis[k + 1]);
        var list = new List<float>(2 * centres.Length * centres.Length * centres.Length * 3 + QuasiRandomPoints * 3);
        void Grid(float[] at)
        {
            foreach (var b in at)
                foreach (var g in at)
                    foreach (var r in at)
                    {
                        list.Add(r); list.Add(g); list.Add(b);
                    }
        }
        Grid(centres);
        int nodes = lut.IsPlainLattice ? lut.Lattice!.Size : 17;
        if (axis.Length < nodes)
        {
            // Strided: the centres above are nodes of the LUT; add the centres of the LUT's own cells
            // next to each strided node, where its interpolation is furthest from any node.
            var cells = new float[axis.Length - 1];
            for (int k = 0; k < cells.Length; k++) cells[k] = axis[k] + 0.5f / (nodes - 1);
            Grid(cells);
        }
        // R3 low-discrepancy sequence (Roberts 2018): fractional parts of n·(1/φ3, 1/φ3², 1/φ3³).
        const double phi = 1.2207440846057594;
        double a1 = 1 / phi, a2 = 1 / (phi * phi), a3 = 1 / (phi * phi * phi);
        for (int n = 1; n <= QuasiRandomPoints; n++)
        {
            list.Add((float)Frac(0.5 + a1 * n));
            list.Add((float)Frac(0.5 + a2 * n));
            list.Add((float)Frac(0.5 + a3 * n));
        }
        var inputs = list.ToArray();
        return new SampleSet(inputs, Evaluate(lut, inputs));
    }

    /// <summary>A regular grid of <paramref name="size"/>³ points through the LUT (the parametric fit's sample).</summary>
    public static SampleSet Grid(Lut lut, int size)
    {
        var inputs = new float[size * size * size * 3];
        int i = 0;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    inputs[i++] = r / (float)(size - 1);
                    inputs[i++] = g / (float)(size - 1);
                    inputs[i++] = b / (float)(size - 1);
                }
        return new SampleSet(inputs, Evaluate(lut, inputs));
    }

    private static double Frac(double x) => x - Math.Floor(x);

    /// <summary>True when a LUT's lattice is larger than <paramref name="maxAxis"/> nodes per axis (so its sets are strided).</summary>
    public static bool Strided(Lut lut, int maxAxis) => (lut.IsPlainLattice ? lut.Lattice!.Size : 17) > maxAxis;

    private static float[] LatticeAxis(Lut lut, int maxAxis)
    {
        int n = lut.IsPlainLattice ? lut.Lattice!.Size : 17;
        int stride = Math.Max(1, (int)Math.Ceiling((n - 1) / (double)(maxAxis - 1)));
        var axis = new List<float>();
        for (int k = 0; k < n - 1; k += stride) axis.Add(k / (float)(n - 1));
        axis.Add(1f);
        return axis.ToArray();
    }

    private static float[] Evaluate(Lut lut, float[] inputs)
    {
        var outputs = new float[inputs.Length];
        int count = inputs.Length / 3;
        Parallel.For(0, (count + 1023) / 1024, chunk =>
        {
            int end = Math.Min(count, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                var v = lut.Evaluate(new Vector3(inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]));
                outputs[3 * i] = Math.Clamp(v.X, 0f, 1f);
                outputs[3 * i + 1] = Math.Clamp(v.Y, 0f, 1f);
                outputs[3 * i + 2] = Math.Clamp(v.Z, 0f, 1f);
            }
        });
        return outputs;
    }
}
