using System.Runtime.CompilerServices;
namespace LutBridge.Engines.Looks;

/// <summary>
/// The residual lattice: Size³ RGB offsets (sRGB-encoded units) over the shaped input
/// cube, red fastest like <see cref="LutBridge.Core.Luts.Lattice3D"/>, interpolated
/// trilinearly. Without an <see cref="Anchor"/> the offsets are added to the parametric
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

    public LookResidual(int size, float[] data, float? step = null, IReadOnlyList<double>? anchor = null)
    {
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
    public LookResidual WithAnchor(IReadOnlyList<double>? anchor) => new(Size, Data, Step, anchor);

    /// <summary>Trilinear interpolation at (r, g, b) in [0, 1]³, added into <paramref name="rgb"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTo(double r, double g, double b, Span<double> rgb)
    {
        int n = Size - 1;
        double fr = Math.Clamp(r, 0, 1) * n, fg = Math.Clamp(g, 0, 1) * n, fb = Math.Clamp(b, 0, 1) * n;
        int ir = Math.Min((int)fr, n - 1), ig = Math.Min((int)fg, n - 1), ib = Math.Min((int)fb, n - 1);
        double dr = fr - ir, dg = fg - ig, db = fb - ib;
        int sx = 3, sy = 3 * Size, sz = 3 * Size * Size;
        int o = ib * sz + ig * sy + ir * sx;
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
}
