using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LutBridge.Looks;
namespace LutBridge.Engines.Decompose;

/// <summary>
/// Fits a residual lattice (Size³ sRGB offsets, interpolated by its kernel as
/// <see cref="Looks.LookResidual"/> evaluates it) to per-sample offsets by weighted least
/// squares with a membrane smoothness term (squared differences between neighbouring nodes).
/// The normal equations couple each node only with nodes up to taps − 1 away per axis, so they
/// are stored as a stencil (27 points trilinear, 343 cubic) and solved by Jacobi-preconditioned
/// conjugate gradients, the three colour channels side by side.
/// Everything runs in a fixed order, so the result is deterministic.
/// </summary>
internal static class ResidualFit
{
    /// <summary>
    /// Smoothness weight relative to the average sample weight per node: just enough to pin
    /// nodes few samples reach. Stronger smoothing flattens the fit, which then needs a larger
    /// lattice: on 12 creative LUTs the Looks took 18.9 KB at 0.02, 17.2 KB at 0.002, 16.2 KB
    /// at 0.0005 and 16.1 KB at 0.00001; on all 60, 0.001 and 0.0003 store alike (73.2 and
    /// 72.6 KB) and 0.001 is quicker. With the cubic B-spline the 12 took 10.0 KB at 0.0001,
    /// 9.9 KB at 0.001 and 12.2 KB at 0.01.
    /// </summary>
    public const double Smoothness = 0.001;

    /// <summary>Relative residual (of the right-hand side's norm) at which a solve stops unless told otherwise.</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>
    /// Solves for the lattice. <paramref name="inputs"/> are interleaved positions in [0, 1]³,
    /// <paramref name="offsets"/> the wanted sRGB offsets there, <paramref name="weights"/> one per sample.
    /// Returns Size³·3 values, red fastest, channels interleaved.
    /// </summary>
    /// <param name="start">A previous solution to start from (re-weighting changes it little), or null for zeros.</param>
    /// <param name="tolerance">Relative residual (of the right-hand side's norm) at which a channel stops.</param>
    /// <param name="stencils">Normal matrices already assembled for the same inputs and weights (another search's), or null.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Solve(int size, ResidualKernel kernel, float[] inputs, double[] offsets, double[] weights, float[]? start, CancellationToken ct, double tolerance = DefaultTolerance, int parallelNodes = ParallelNodes, StencilCache? stencils = null)
    {
        // Two nodes a sample reaches are at most taps − 1 apart per axis: the stencil's radius.
        int radius = kernel == ResidualKernel.Trilinear ? 1 : LookResidual.MaxAxisTaps - 1;
        int nodes = size * size * size;
        double[] stencil, rhs;
        if (stencils != null && stencils.Serves(inputs, weights))
        {
            stencil = stencils.Get(size, kernel, () => Normal(size, kernel, radius, inputs, weights));
            rhs = Assemble(size, kernel, radius, inputs, offsets, weights, withStencil: false).Rhs;
        }
        else
        {
            (stencil, rhs, double totalWeight) = Assemble(size, kernel, radius, inputs, offsets, weights, withStencil: true);
            AddMembrane(size, radius, stencil, Smoothness * totalWeight / nodes);
        }

        ct.ThrowIfCancellationRequested();
        var x = new double[3 * nodes];
        if (start != null)
            for (int i = 0; i < x.Length; i++) x[i] = start[i];
        ConjugateGradient(size, radius, stencil, rhs, x, ct, tolerance, parallelNodes);
        var result = new float[3 * nodes];
        for (int i = 0; i < result.Length; i++) result[i] = (float)x[i];
        return result;
    }

    /// <summary>The normal matrix with its membrane: what depends on the inputs and weights but not on the offsets.</summary>
    private static double[] Normal(int size, ResidualKernel kernel, int radius, float[] inputs, double[] weights)
    {
        var (stencil, _, totalWeight) = Assemble(size, kernel, radius, inputs, new double[inputs.Length], weights, withStencil: true);
        AddMembrane(size, radius, stencil, Smoothness * totalWeight / (size * size * size));
        return stencil;
    }

    /// <summary>
    /// Normal matrices (stencils with their membrane) by size and kernel, for searches that solve for
    /// different offsets at the same inputs and weights: distil's anchored and additive searches share
    /// them, and each assembles only its right-hand side. A solve whose inputs or weights differ from
    /// the first solve's (a re-weighted round) assembles its own.
    /// </summary>
    internal sealed class StencilCache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(int, ResidualKernel), Lazy<double[]>> _stencils = new();
        private readonly Lock _lock = new();
        private float[]? _inputs;
        private double[]? _weights;

        /// <summary>Whether the cache holds stencils for these inputs and weights (the first caller's become its own).</summary>
        public bool Serves(float[] inputs, double[] weights)
        {
            lock (_lock)
            {
                if (_inputs == null) (_inputs, _weights) = ((float[])inputs.Clone(), (double[])weights.Clone());
                return inputs.AsSpan().SequenceEqual(_inputs) && weights.AsSpan().SequenceEqual(_weights);
            }
        }

        /// <summary>The cached stencil (read-only for the caller), made by <paramref name="make"/> the first time.</summary>
        public double[] Get(int size, ResidualKernel kernel, Func<double[]> make) =>
            _stencils.GetOrAdd((size, kernel), _ => new Lazy<double[]>(make, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>
    /// The normal equations Σ w·φφᵀ (as a stencil of (2·radius + 1)³ slots per node) and Σ w·φ·offset,
    /// where φ holds a sample's interpolation weights. Samples are grouped by the window of nodes they
    /// reach, and within a window φφᵀ is accumulated per pair of taps per axis (φ is a tensor product
    /// and each axis' product symmetric: 10 pairs of 4 taps, so 1,000 sums instead of 4,096 per
    /// sample), then spread into the stencil once per window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] Stencil, double[] Rhs, double TotalWeight) Assemble(int size, ResidualKernel kernel, int radius, float[] inputs, double[] offsets, double[] weights, bool withStencil)
    {
        const int MaxTaps = LookResidual.MaxAxisTaps;
        int width = 2 * radius + 1, slots = width * width * width, nodes = size * size * size;
        int samples = weights.Length;
        // Per sample: its window (the first node it reaches) and each axis' weights.
        var window = new int[samples];
        var axis = new double[samples * 3 * MaxTaps];
        int taps = 0;
        double totalWeight = 0;
        var counts = new int[nodes + 1];
        for (int s = 0; s < samples; s++)
        {
            if (weights[s] == 0) { window[s] = -1; continue; }
            totalWeight += weights[s];
            var w = axis.AsSpan(s * 3 * MaxTaps, 3 * MaxTaps);
            taps = LookResidual.AxisWeights(kernel, size, inputs[3 * s], out int fr, w[..MaxTaps]);
            LookResidual.AxisWeights(kernel, size, inputs[3 * s + 1], out int fg, w.Slice(MaxTaps, MaxTaps));
            LookResidual.AxisWeights(kernel, size, inputs[3 * s + 2], out int fb, w.Slice(2 * MaxTaps, MaxTaps));
            window[s] = (fb * size + fg) * size + fr;
            counts[window[s] + 1]++;
        }
        // Samples in window order (a stable counting sort, so the sums run in a fixed order).
        for (int i = 0; i < nodes; i++) counts[i + 1] += counts[i];
        var order = new int[counts[nodes]];
        var next = counts[..nodes];
        for (int s = 0; s < samples; s++)
            if (window[s] >= 0) order[next[window[s]]++] = s;

        int pairs = taps * (taps + 1) / 2;
        var pairOf = new int[MaxTaps * MaxTaps];
        var pairA = new int[pairs];
        var pairB = new int[pairs];
        for (int a = 0, p = 0; a < taps; a++)
            for (int b = a; b < taps; b++, p++)
            {
                pairOf[a * MaxTaps + b] = pairOf[b * MaxTaps + a] = p;
                (pairA[p], pairB[p]) = (a, b);
            }
        var stencil = withStencil ? new double[nodes * slots] : [];
        var rhs = new double[3 * nodes];
        var moments = new double[pairs * pairs * pairs];
        var sums = new double[taps * taps * taps * 3];
        Span<double> pr = stackalloc double[pairs], pg = stackalloc double[pairs], pb = stackalloc double[pairs];
        for (int win = 0; win < nodes; win++)
        {
            int from = counts[win], to = counts[win + 1];
            if (from == to) continue;
            Array.Clear(moments);
            Array.Clear(sums);
            for (int k = from; k < to; k++)
            {
                int s = order[k];
                double w = weights[s];
                var ax = axis.AsSpan(s * 3 * MaxTaps, 3 * MaxTaps);
                if (withStencil)
                {
                    for (int p = 0; p < pairs; p++)
                    {
                        pr[p] = ax[pairA[p]] * ax[pairB[p]];
                        pg[p] = ax[MaxTaps + pairA[p]] * ax[MaxTaps + pairB[p]];
                        pb[p] = ax[2 * MaxTaps + pairA[p]] * ax[2 * MaxTaps + pairB[p]];
                    }
                    for (int b = 0, m = 0; b < pairs; b++)
                        for (int g = 0; g < pairs; g++)
                        {
                            double wbg = w * pb[b] * pg[g];
                            for (int r = 0; r < pairs; r++, m++) moments[m] += wbg * pr[r];
                        }
                }
                double o0 = offsets[3 * s], o1 = offsets[3 * s + 1], o2 = offsets[3 * s + 2];
                for (int kb = 0, t = 0; kb < taps; kb++)
                    for (int kg = 0; kg < taps; kg++)
                    {
                        double wbg = w * ax[2 * MaxTaps + kb] * ax[MaxTaps + kg];
                        for (int kr = 0; kr < taps; kr++, t++)
                        {
                            double tw = wbg * ax[kr];
                            sums[3 * t] += tw * o0;
                            sums[3 * t + 1] += tw * o1;
                            sums[3 * t + 2] += tw * o2;
                        }
                    }
            }
            int fr = win % size, fg = win / size % size, fb = win / (size * size);
            for (int ab = 0, a = 0; ab < taps; ab++)
                for (int ag = 0; ag < taps; ag++)
                    for (int ar = 0; ar < taps; ar++, a++)
                    {
                        int na = ((fb + ab) * size + fg + ag) * size + fr + ar;
                        rhs[3 * na] += sums[3 * a];
                        rhs[3 * na + 1] += sums[3 * a + 1];
                        rhs[3 * na + 2] += sums[3 * a + 2];
                        if (!withStencil) continue;
                        // Slot of node b relative to node a: (Δb + radius, Δg + radius, Δr + radius).
                        int row = na * slots + ((radius - ab) * width + radius - ag) * width + radius - ar;
                        for (int bb = 0; bb < taps; bb++)
                        {
                            int mb = pairOf[ab * MaxTaps + bb] * pairs;
                            for (int bg = 0; bg < taps; bg++)
                            {
                                int mg = (mb + pairOf[ag * MaxTaps + bg]) * pairs;
                                int o = row + (bb * width + bg) * width;
                                for (int br = 0; br < taps; br++) stencil[o + br] += moments[mg + pairOf[ar * MaxTaps + br]];
                            }
                        }
                    }
        }
        return (stencil, rhs, totalWeight);
    }

    /// <summary>Adds λ·Σ(x_p − x_q)² over axis neighbours to the normal equations.</summary>
    private static void AddMembrane(int size, int radius, double[] stencil, double lambda)
    {
        int width = 2 * radius + 1, slots = width * width * width, centre = slots / 2;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    int p = (b * size + g) * size + r;
                    void Edge(int dr, int dg, int db)
                    {
                        int rr = r + dr, gg = g + dg, bb = b + db;
                        if (rr >= size || gg >= size || bb >= size) return;
                        int q = (bb * size + gg) * size + rr;
                        stencil[p * slots + centre] += lambda;
                        stencil[q * slots + centre] += lambda;
                        stencil[p * slots + centre + (db * width + dg) * width + dr] -= lambda;
                        stencil[q * slots + centre - (db * width + dg) * width - dr] -= lambda;
                    }
                    Edge(1, 0, 0);
                    Edge(0, 1, 0);
                    Edge(0, 0, 1);
                }
        // A whisper of ridge keeps nodes that no sample touches at zero.
        for (int p = 0; p < stencil.Length / slots; p++) stencil[p * slots + centre] += 1e-6 * lambda + 1e-12;
    }

    /// <summary>Lattices with at least this many nodes multiply on all cores (each node's sum is the same either way).</summary>
    public const int ParallelNodes = 4096;

    /// <summary>y = A·x for the three channels at once (interleaved), so the stencil is read once per product; in parallel from <paramref name="parallelNodes"/> nodes.</summary>
    private static void Multiply(int size, int radius, double[] stencil, double[] x, double[] y, int parallelNodes)
    {
        if (size * size * size < parallelNodes) MultiplyPlanes(size, radius, stencil, x, y, 0, size);
        else Parallel.For(0, size, b => MultiplyPlanes(size, radius, stencil, x, y, b, b + 1));
    }

    /// <summary>
    /// <see cref="Multiply"/> for the blue planes [<paramref name="fromB"/>, <paramref name="toB"/>).
    /// A node's three channels are one 4-lane vector (the fourth lane reads the next node and is
    /// dropped): per channel the same products added in the same order as three scalar sums, so the
    /// same bits (a separate multiply and add, never fused), for about a third of the instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyPlanes(int size, int radius, double[] stencil, double[] x, double[] y, int fromB, int toB)
    {
        int width = 2 * radius + 1, slots = width * width * width;
        int s2 = size * size;
        bool wide = Vector256.IsHardwareAccelerated;
        // The last node's vector would read one value past the end: it takes the scalar path.
        int lastWide = x.Length - 4;
        ref double x0 = ref MemoryMarshal.GetArrayDataReference(x);
        for (int b = fromB; b < toB; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    int p = (b * size + g) * size + r;
                    var sum = Vector256<double>.Zero;
                    double s0 = 0, s1 = 0, s2c = 0;
                    int o = p * slots;
                    int rLo = Math.Max(-radius, -r), rHi = Math.Min(radius, size - 1 - r);
                    for (int db = -radius; db <= radius; db++)
                    {
                        int bb = b + db;
                        if (bb < 0 || bb >= size) { o += width * width; continue; }
                        for (int dg = -radius; dg <= radius; dg++, o += width)
                        {
                            int gg = g + dg;
                            if (gg < 0 || gg >= size) continue;
                            int row = 3 * (bb * s2 + gg * size + r);
                            for (int dr = rLo; dr <= rHi; dr++)
                            {
                                double a = stencil[o + radius + dr];
                                int at = row + 3 * dr;
                                if (wide && at <= lastWide)
                                    sum += Vector256.Create(a) * Vector256.LoadUnsafe(ref x0, (nuint)at);
                                else if (wide)
                                    sum += Vector256.Create(a * x[at], a * x[at + 1], a * x[at + 2], 0);
                                else
                                {
                                    s0 += a * x[at];
                                    s1 += a * x[at + 1];
                                    s2c += a * x[at + 2];
                                }
                            }
                        }
                    }
                    if (wide) (s0, s1, s2c) = (sum[0], sum[1], sum[2]);
                    y[3 * p] = s0;
                    y[3 * p + 1] = s1;
                    y[3 * p + 2] = s2c;
                }
    }

    /// <summary>
    /// Jacobi-preconditioned conjugate gradients on A·x = b for three interleaved channels, each
    /// its own iteration (a channel stops when its residual is <paramref name="tolerance"/> of its right-hand side), from
    /// the x passed in; stops with OperationCanceledException when <paramref name="ct"/> is cancelled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ConjugateGradient(int size, int radius, double[] stencil, double[] b, double[] x, CancellationToken ct, double tolerance, int parallelNodes)
    {
        int width = 2 * radius + 1, slots = width * width * width, centre = slots / 2;
        int n = b.Length / 3;
        var r = new double[3 * n];
        var z = new double[3 * n];
        var p = new double[3 * n];
        var q = new double[3 * n];
        Multiply(size, radius, stencil, x, q, parallelNodes);
        for (int i = 0; i < 3 * n; i++) r[i] = b[i] - q[i];
        for (int i = 0; i < 3 * n; i++) z[i] = r[i] / stencil[i / 3 * slots + centre];
        Array.Copy(z, p, 3 * n);
        Span<double> rz = stackalloc double[3], stop = stackalloc double[3];
        Span<bool> done = stackalloc bool[3];
        for (int c = 0; c < 3; c++)
        {
            rz[c] = Dot(r, z, c);
            stop[c] = tolerance * tolerance * Dot(b, b, c);
        }
        for (int it = 0; it < 4 * n; it++)
        {
            if ((it & 15) == 15) ct.ThrowIfCancellationRequested(); // large lattices take thousands of iterations
            bool any = false;
            for (int c = 0; c < 3; c++)
            {
                done[c] = done[c] || !(Dot(r, r, c) > stop[c]);
                any |= !done[c];
            }
            if (!any) break;
            Multiply(size, radius, stencil, p, q, parallelNodes);
            for (int c = 0; c < 3; c++)
            {
                if (done[c]) continue;
                double alpha = rz[c] / Dot(p, q, c);
                for (int i = c; i < 3 * n; i += 3)
                {
                    x[i] += alpha * p[i];
                    r[i] -= alpha * q[i];
                }
                for (int i = c; i < 3 * n; i += 3) z[i] = r[i] / stencil[i / 3 * slots + centre];
                double rzNew = Dot(r, z, c);
                double beta = rzNew / rz[c];
                rz[c] = rzNew;
                for (int i = c; i < 3 * n; i += 3) p[i] = z[i] + beta * p[i];
            }
        }
    }

    /// <summary>Dot product of channel <paramref name="c"/> of two interleaved vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(double[] a, double[] b, int c)
    {
        double s = 0;
        for (int i = c; i < a.Length; i += 3) s += a[i] * b[i];
        return s;
    }
}
