using System.Runtime.CompilerServices;
namespace LutBridge.Engines.Decompose;

/// <summary>
/// Fits a residual lattice (Size³ sRGB offsets, trilinear, as <see cref="Looks.LookResidual"/>
/// evaluates it) to per-sample offsets by weighted least squares with a membrane
/// smoothness term (squared differences between neighbouring nodes). The normal equations
/// couple each node only with its 26 neighbours, so they are stored as a 27-point stencil
/// and solved by Jacobi-preconditioned conjugate gradients, one colour channel at a time.
/// Everything runs in a fixed order, so the result is deterministic.
/// </summary>
internal static class ResidualFit
{
    /// <summary>
    /// Smoothness weight relative to the average sample weight per node: just enough to pin
    /// nodes few samples reach. Stronger smoothing flattens the fit, which then needs a larger
    /// lattice: on 12 creative LUTs the Looks took 18.9 KB at 0.02, 17.2 KB at 0.002, 16.2 KB
    /// at 0.0005 and 16.1 KB at 0.00001; on all 60, 0.001 and 0.0003 store alike (73.2 and
    /// 72.6 KB) and 0.001 is quicker.
    /// </summary>
    public const double Smoothness = 0.001;

    /// <summary>
    /// Solves for the lattice. <paramref name="inputs"/> are interleaved positions in [0, 1]³,
    /// <paramref name="offsets"/> the wanted sRGB offsets there, <paramref name="weights"/> one per sample.
    /// Returns Size³·3 values, red fastest, channels interleaved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Solve(int size, float[] inputs, double[] offsets, double[] weights, CancellationToken ct)
    {
        int nodes = size * size * size;
        var stencil = new double[nodes * 27];
        var rhs = new double[3 * nodes];
        Span<int> corner = stackalloc int[8];
        Span<double> cw = stackalloc double[8];
        double totalWeight = 0;
        int samples = weights.Length;
        for (int s = 0; s < samples; s++)
        {
            double w = weights[s];
            if (w == 0) continue;
            totalWeight += w;
            Corners(size, inputs[3 * s], inputs[3 * s + 1], inputs[3 * s + 2], corner, cw);
            for (int a = 0; a < 8; a++)
            {
                double wa = w * cw[a];
                if (wa == 0) continue;
                int na = corner[a];
                rhs[3 * na] += wa * offsets[3 * s];
                rhs[3 * na + 1] += wa * offsets[3 * s + 1];
                rhs[3 * na + 2] += wa * offsets[3 * s + 2];
                for (int b = 0; b < 8; b++)
                    stencil[na * 27 + Offset(size, na, corner[b])] += wa * cw[b];
            }
        }
        double lambda = Smoothness * totalWeight / nodes;
        AddMembrane(size, stencil, lambda);

        var result = new float[3 * nodes];
        var b0 = new double[nodes];
        for (int c = 0; c < 3; c++)
        {
            ct.ThrowIfCancellationRequested();
            for (int i = 0; i < nodes; i++) b0[i] = rhs[3 * i + c];
            var x = ConjugateGradient(size, stencil, b0);
            for (int i = 0; i < nodes; i++) result[3 * i + c] = (float)x[i];
        }
        return result;
    }

    /// <summary>The 8 nodes around a point and their trilinear weights (same cell choice as LookResidual).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Corners(int size, double r, double g, double b, Span<int> nodes, Span<double> weights)
    {
        int n = size - 1;
        double fr = Math.Clamp(r, 0, 1) * n, fg = Math.Clamp(g, 0, 1) * n, fb = Math.Clamp(b, 0, 1) * n;
        int ir = Math.Min((int)fr, n - 1), ig = Math.Min((int)fg, n - 1), ib = Math.Min((int)fb, n - 1);
        double dr = fr - ir, dg = fg - ig, db = fb - ib;
        for (int k = 0; k < 8; k++)
        {
            int x = k & 1, y = (k >> 1) & 1, z = (k >> 2) & 1;
            nodes[k] = ((ib + z) * size + ig + y) * size + ir + x;
            weights[k] = (x == 1 ? dr : 1 - dr) * (y == 1 ? dg : 1 - dg) * (z == 1 ? db : 1 - db);
        }
    }

    /// <summary>Stencil slot (0..26) of node <paramref name="b"/> relative to its neighbour <paramref name="a"/>.</summary>
    private static int Offset(int size, int a, int b)
    {
        int ar = a % size, ag = a / size % size, ab = a / (size * size);
        int br = b % size, bg = b / size % size, bb = b / (size * size);
        return (bb - ab + 1) * 9 + (bg - ag + 1) * 3 + (br - ar + 1);
    }

    /// <summary>Adds λ·Σ(x_p − x_q)² over axis neighbours to the normal equations.</summary>
    private static void AddMembrane(int size, double[] stencil, double lambda)
    {
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
                        stencil[p * 27 + 13] += lambda;
                        stencil[q * 27 + 13] += lambda;
                        stencil[p * 27 + (db + 1) * 9 + (dg + 1) * 3 + dr + 1] -= lambda;
                        stencil[q * 27 + (1 - db) * 9 + (1 - dg) * 3 + 1 - dr] -= lambda;
                    }
                    Edge(1, 0, 0);
                    Edge(0, 1, 0);
                    Edge(0, 0, 1);
                }
        // A whisper of ridge keeps nodes that no sample touches at zero.
        for (int p = 0; p < stencil.Length / 27; p++) stencil[p * 27 + 13] += 1e-6 * lambda + 1e-12;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply(int size, double[] stencil, double[] x, double[] y)
    {
        int s2 = size * size;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    int p = (b * size + g) * size + r;
                    double sum = 0;
                    int o = p * 27;
                    for (int db = -1; db <= 1; db++)
                    {
                        int bb = b + db;
                        if (bb < 0 || bb >= size) { o += 9; continue; }
                        for (int dg = -1; dg <= 1; dg++)
                        {
                            int gg = g + dg;
                            if (gg < 0 || gg >= size) { o += 3; continue; }
                            int row = bb * s2 + gg * size;
                            for (int dr = -1; dr <= 1; dr++, o++)
                            {
                                int rr = r + dr;
                                if (rr < 0 || rr >= size) continue;
                                sum += stencil[o] * x[row + rr];
                            }
                        }
                    }
                    y[p] = sum;
                }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] ConjugateGradient(int size, double[] stencil, double[] b)
    {
        int n = b.Length;
        var x = new double[n];
        var r = (double[])b.Clone();
        var z = new double[n];
        var p = new double[n];
        var q = new double[n];
        for (int i = 0; i < n; i++) z[i] = r[i] / stencil[i * 27 + 13];
        Array.Copy(z, p, n);
        double rz = Dot(r, z);
        double stop = 1e-12 * Dot(b, b);
        for (int it = 0; it < 4 * n && Dot(r, r) > stop; it++)
        {
            Multiply(size, stencil, p, q);
            double alpha = rz / Dot(p, q);
            for (int i = 0; i < n; i++)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            for (int i = 0; i < n; i++) z[i] = r[i] / stencil[i * 27 + 13];
            double rzNew = Dot(r, z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
        }
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
