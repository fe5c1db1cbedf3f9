using System.Numerics;

namespace LutBridge.Core.Luts;

/// <summary>
/// Scalar reference evaluation of a <see cref="Lattice3D"/> at a point of the unit cube,
/// written for clarity and exactness (double arithmetic); the fast image kernels live in Apply/.
/// Coordinates are clamped to 0..1; NaN gives NaN.
/// </summary>
public static class LatticeSampler
{
    public static Vector3 Sample(Lattice3D lattice, Vector3 unit, Interpolation interpolation) => interpolation switch
    {
        Interpolation.Tetrahedral => Tetrahedral(lattice, unit),
        Interpolation.Trilinear => Trilinear(lattice, unit),
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation)),
    };

    public static Vector3 Trilinear(Lattice3D lattice, Vector3 unit)
    {
        if (!Locate(lattice, unit, out var cell)) return new Vector3(float.NaN);
        var (r0, g0, b0, fr, fg, fb) = cell;
        var result = new double[3];
        for (int corner = 0; corner < 8; corner++)
        {
            int dr = corner & 1, dg = (corner >> 1) & 1, db = corner >> 2;
            double w = (dr == 1 ? fr : 1 - fr) * (dg == 1 ? fg : 1 - fg) * (db == 1 ? fb : 1 - fb);
            if (w == 0) continue;
            int i = lattice.Index(Step(r0, dr, lattice.Size), Step(g0, dg, lattice.Size), Step(b0, db, lattice.Size));
            for (int c = 0; c < 3; c++) result[c] += w * lattice.Data[i + c];
        }
        return new Vector3((float)result[0], (float)result[1], (float)result[2]);
    }

    /// <summary>
    /// Tetrahedral interpolation: the cell is split into the 6 tetrahedra that share its
    /// (0,0,0)–(1,1,1) diagonal; the one holding the point is chosen by the order of the
    /// fractional coordinates, and the result is the barycentric blend of its 4 corners.
    /// </summary>
    public static Vector3 Tetrahedral(Lattice3D lattice, Vector3 unit)
    {
        if (!Locate(lattice, unit, out var cell)) return new Vector3(float.NaN);
        var (r0, g0, b0, fr, fg, fb) = cell;
        int n = lattice.Size;
        // Walk from corner 000 to 111 along the axes in decreasing order of their fraction.
        Span<(double F, int Axis)> order = [(fr, 0), (fg, 1), (fb, 2)];
        SortDescending(order);
        int[] pos = [r0, g0, b0];
        var previous = Node(lattice, pos);
        double lastF = 1;
        var result = new double[3];
        for (int k = 0; k < 3; k++)
        {
            var (f, axis) = order[k];
            // Weight of the corner reached before this step: (previous fraction − this fraction).
            for (int c = 0; c < 3; c++) result[c] += (lastF - f) * previous[c];
            pos[axis] = Step(pos[axis], 1, n);
            previous = Node(lattice, pos);
            lastF = f;
        }
        for (int c = 0; c < 3; c++) result[c] += lastF * previous[c];
        return new Vector3((float)result[0], (float)result[1], (float)result[2]);
    }

    private static double[] Node(Lattice3D lattice, int[] pos)
    {
        int i = lattice.Index(pos[0], pos[1], pos[2]);
        return [lattice.Data[i], lattice.Data[i + 1], lattice.Data[i + 2]];
    }

    private static void SortDescending(Span<(double F, int Axis)> v)
    {
        for (int i = 1; i < v.Length; i++)
            for (int j = i; j > 0 && v[j].F > v[j - 1].F; j--)
                (v[j], v[j - 1]) = (v[j - 1], v[j]);
    }

    private static int Step(int index, int delta, int size) => Math.Min(index + delta, size - 1);

    private static bool Locate(Lattice3D lattice, Vector3 unit, out (int R, int G, int B, double Fr, double Fg, double Fb) cell)
    {
        cell = default;
        if (float.IsNaN(unit.X) || float.IsNaN(unit.Y) || float.IsNaN(unit.Z)) return false;
        int max = lattice.Size - 1;
        (int r, double fr) = Split(unit.X, max);
        (int g, double fg) = Split(unit.Y, max);
        (int b, double fb) = Split(unit.Z, max);
        cell = (r, g, b, fr, fg, fb);
        return true;
    }

    private static (int Index, double Fraction) Split(float unit, int max)
    {
        double t = Math.Clamp((double)unit, 0, 1) * max;
        int i = Math.Min((int)t, max - 1);
        return (i, t - i);
    }
}
