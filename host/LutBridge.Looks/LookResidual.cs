using System.Runtime.CompilerServices;
namespace LutBridge.Looks;

/// <summary>How a residual lattice is interpolated between its nodes (docs/look.md, step 9).</summary>
public enum ResidualKernel
{
    /// <summary>Trilinear: the lattice holds the offsets at its nodes (.look versions 1 to 3).</summary>
    Trilinear,

    /// <summary>
    /// Uniform cubic B-spline: the lattice holds control points, continued linearly one node past
    /// each end (.look version 4). Smooth LUTs need far fewer of them than trilinear nodes.
    /// </summary>
    CubicBSpline,

    /// <summary>
    /// Tetrahedral: the lattice holds the offsets at its nodes, each cell split into six
    /// tetrahedra along its main diagonal, as LUTs are interpolated (.look version 5). A LUT too
    /// sharp for any smooth lattice (log input, gamut clipping) is stored as its own lattice and
    /// reproduced exactly between its nodes, where a trilinear lattice of the same nodes errs by up to 25 ΔE00.
    /// </summary>
    Tetrahedral,
}

/// <summary>
/// The residual lattice: Size³ RGB offsets (sRGB-encoded units) over the shaped input
/// cube, red fastest like <see cref="LutBridge.Core.Luts.Lattice3D"/>, interpolated
/// by its <see cref="Kernel"/>. Without an <see cref="Anchor"/> the offsets are added to the parametric
/// result; with one they are offsets from the shaped input that make the whole Look at the
/// anchor's slider values, and moving a slider adds what the move changes (docs/look.md, step 9).
/// </summary>
public sealed class LookResidual
{
    public const int MinSize = 2;
    public const int MaxSize = 65;

    public int Size { get; }
    public float[] Data { get; }

    /// <summary>Quantisation step the .look file stores the offsets with (null: the largest offset fills the integer range).</summary>
    public float? Step { get; }

    /// <summary>
    /// Slider values (all parameters, strength unused) at which the residual alone is the Look,
    /// or null for an additive residual.
    /// </summary>
    public IReadOnlyList<double>? Anchor { get; }

    public ResidualKernel Kernel { get; }

    public LookResidual(int size, float[] data, float? step = null, IReadOnlyList<double>? anchor = null, ResidualKernel kernel = ResidualKernel.CubicBSpline)
    {
        if (!Enum.IsDefined(kernel)) throw new ArgumentOutOfRangeException(nameof(kernel));
        Kernel = kernel;
        if (anchor != null)
        {
            if (anchor.Count != LookParameters.Count) throw new ArgumentException($"an anchor has {LookParameters.Count} values, got {anchor.Count}", nameof(anchor));
            for (int i = 0; i < anchor.Count; i++)
                if (!LookParameters.All[i].InRange(anchor[i]))
                    throw new ArgumentOutOfRangeException(nameof(anchor), $"anchor {LookParameters.All[i].Name} = {anchor[i]} is outside its range");
            Anchor = anchor.ToArray();
        }
        if (step is { } st && !(st > 0 && st <= 1))
            throw new ArgumentOutOfRangeException(nameof(step), step, "residual step must be in (0, 1]");
        Step = step;
        if (size < MinSize || size > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"residual size must be {MinSize}..{MaxSize}");
        if (data.Length != size * size * size * 3)
            throw new ArgumentException($"expected {size * size * size * 3} residual values, got {data.Length}", nameof(data));
        foreach (var v in data)
            if (!float.IsFinite(v)) throw new ArgumentException("residual values must be finite", nameof(data));
        Size = size;
        Data = data;
    }

    /// <summary>The same offsets anchored at <paramref name="anchor"/> (null: additive).</summary>
    public LookResidual WithAnchor(IReadOnlyList<double>? anchor) => new(Size, Data, Step, anchor, Kernel);

    /// <summary>Most nodes one axis of a kernel reads.</summary>
    public const int MaxAxisTaps = 4;

    /// <summary>
    /// One axis of the interpolation at <paramref name="x"/> (clamped to [0, 1]): the weights of
    /// the nodes <paramref name="first"/>, first + 1, … (returns how many). Trilinear: the two
    /// nodes around x. Cubic B-spline at x = (i + t) / (size − 1): control points i − 1 … i + 2
    /// with weights (1 − t)³/6, (3t³ − 6t² + 4)/6, (−3t³ + 3t² + 3t + 1)/6, t³/6, where a point
    /// past an end is the linear continuation (c₋₁ = 2c₀ − c₁, c_size = 2c_{size−1} − c_{size−2}),
    /// folded into the nodes it is made of: so linear offsets are reproduced exactly and the ends
    /// interpolate their control points.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AxisWeights(ResidualKernel kernel, int size, double x, out int first, Span<double> weights)
    {
        int n = size - 1;
        double f = Math.Clamp(x, 0, 1) * n;
        int i = Math.Min((int)f, n - 1);
        double t = f - i;
        if (kernel == ResidualKernel.Tetrahedral) throw new NotSupportedException("a tetrahedral lattice is not a tensor product");
        if (kernel == ResidualKernel.Trilinear)
        {
            first = i;
            weights[0] = 1 - t;
            weights[1] = t;
            return 2;
        }
        double s = 1 - t, t2 = t * t, t3 = t2 * t;
        double w0 = s * s * s / 6, w1 = (3 * t3 - 6 * t2 + 4) / 6, w2 = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, w3 = t3 / 6;
        int count = Math.Min(MaxAxisTaps, size);
        first = Math.Max(0, Math.Min(i - 1, size - count));
        weights[..count].Clear();
        AddWeight(weights, first, n, i - 1, w0);
        AddWeight(weights, first, n, i, w1);
        AddWeight(weights, first, n, i + 1, w2);
        AddWeight(weights, first, n, i + 2, w3);
        return count;
    }

    /// <summary>Adds a control point's weight, a point past an end as its linear continuation.</summary>
    private static void AddWeight(Span<double> weights, int first, int n, int node, double w)
    {
        if (node < 0)
        {
            weights[-first] += 2 * w;
            weights[1 - first] -= w;
        }
        else if (node > n)
        {
            weights[n - first] += 2 * w;
            weights[n - 1 - first] -= w;
        }
        else weights[node - first] += w;
    }

    /// <summary>The residual at (r, g, b) in [0, 1]³, added into <paramref name="rgb"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTo(double r, double g, double b, Span<double> rgb)
    {
        if (Kernel == ResidualKernel.Trilinear) AddTrilinear(r, g, b, rgb);
        else if (Kernel == ResidualKernel.Tetrahedral) AddTetrahedral(r, g, b, rgb);
        else AddSeparable(r, g, b, rgb);
    }

    /// <summary>Any kernel through <see cref="AxisWeights"/>: Σ_b w_b Σ_g w_g Σ_r w_r · node, in that order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddSeparable(double r, double g, double b, Span<double> rgb)
    {
        Span<double> wr = stackalloc double[MaxAxisTaps], wg = stackalloc double[MaxAxisTaps], wb = stackalloc double[MaxAxisTaps];
        int nr = AxisWeights(Kernel, Size, r, out int fr, wr);
        int ng = AxisWeights(Kernel, Size, g, out int fg, wg);
        int nb = AxisWeights(Kernel, Size, b, out int fb, wb);
        var d = Data;
        for (int c = 0; c < 3; c++)
        {
            double sumB = 0;
            for (int kb = 0; kb < nb; kb++)
            {
                double sumG = 0;
                for (int kg = 0; kg < ng; kg++)
                {
                    int row = 3 * (((fb + kb) * Size + fg + kg) * Size + fr) + c;
                    double sumR = 0;
                    for (int kr = 0; kr < nr; kr++) sumR += wr[kr] * d[row + 3 * kr];
                    sumG += wg[kg] * sumR;
                }
                sumB += wb[kb] * sumG;
            }
            rgb[c] += sumB;
        }
    }

    /// <summary>The cell holding (r, g, b), clamped to the unit cube: its first node's offset in Data and the fractions in it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (int Offset, double Dr, double Dg, double Db) Cell(double r, double g, double b)
    {
        int n = Size - 1;
        double fr = Math.Clamp(r, 0, 1) * n, fg = Math.Clamp(g, 0, 1) * n, fb = Math.Clamp(b, 0, 1) * n;
        int ir = Math.Min((int)fr, n - 1), ig = Math.Min((int)fg, n - 1), ib = Math.Min((int)fb, n - 1);
        return (3 * (ib * Size * Size + ig * Size + ir), fr - ir, fg - ig, fb - ib);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddTrilinear(double r, double g, double b, Span<double> rgb)
    {
        var (o, dr, dg, db) = Cell(r, g, b);
        int sx = 3, sy = 3 * Size, sz = 3 * Size * Size;
        var d = Data;
        for (int c = 0; c < 3; c++)
        {
            int p = o + c;
            double c00 = d[p] + (d[p + sx] - d[p]) * dr;
            double c10 = d[p + sy] + (d[p + sy + sx] - d[p + sy]) * dr;
            double c01 = d[p + sz] + (d[p + sz + sx] - d[p + sz]) * dr;
            double c11 = d[p + sz + sy] + (d[p + sz + sy + sx] - d[p + sz + sy]) * dr;
            double c0 = c00 + (c10 - c00) * dg;
            double c1 = c01 + (c11 - c01) * dg;
            rgb[c] += c0 + (c1 - c0) * db;
        }
    }

    /// <summary>
    /// Tetrahedral interpolation (docs/look.md, step 9): with fractions dr, dg, db in the cell, walk from
    /// node (0, 0, 0) to (1, 1, 1) along the axes in decreasing order of fraction (ties: red before green
    /// before blue), weighting the four nodes visited by 1 − f₁, f₁ − f₂, f₂ − f₃ and f₃.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddTetrahedral(double r, double g, double b, Span<double> rgb)
    {
        var (o, dr, dg, db) = Cell(r, g, b);
        int sr = 3, sg = 3 * Size, sb = 3 * Size * Size;
        // The axes in decreasing order of fraction: first step s1 (fraction f1), then s2 (f2), then s3 (f3).
        int s1, s2;
        double f1, f2, f3;
        if (dr >= dg)
        {
            if (dg >= db) (s1, s2, f1, f2, f3) = (sr, sg, dr, dg, db);
            else if (dr >= db) (s1, s2, f1, f2, f3) = (sr, sb, dr, db, dg);
            else (s1, s2, f1, f2, f3) = (sb, sr, db, dr, dg);
        }
        else
        {
            if (db > dg) (s1, s2, f1, f2, f3) = (sb, sg, db, dg, dr);
            else if (db > dr) (s1, s2, f1, f2, f3) = (sg, sb, dg, db, dr);
            else (s1, s2, f1, f2, f3) = (sg, sr, dg, dr, db);
        }
        double w0 = 1 - f1, w1 = f1 - f2, w2 = f2 - f3;
        int p1 = o + s1, p2 = p1 + s2, p3 = o + sr + sg + sb;
        var d = Data;
        for (int c = 0; c < 3; c++)
            rgb[c] += w0 * d[o + c] + w1 * d[p1 + c] + w2 * d[p2 + c] + f3 * d[p3 + c];
    }
}
