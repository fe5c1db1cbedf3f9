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
        double x = 0, y = 0, z = 0;
        for (int corner = 0; corner < 8; corner++)
        {
            int dr = corner & 1, dg = (corner >> 1) & 1, db = corner >> 2;
            double w = (dr == 1 ? fr : 1 - fr) * (dg == 1 ? fg : 1 - fg) * (db == 1 ? fb : 1 - fb);
            if (w == 0) continue;
            int i = lattice.Index(Step(r0, dr, lattice.Size), Step(g0, dg, lattice.Size), Step(b0, db, lattice.Size));
            x += w * lattice.Data[i];
            y += w * lattice.Data[i + 1];
            z += w * lattice.Data[i + 2];
        }
        return new Vector3((float)x, (float)y, (float)z);
    }

    /// <summary>
    /// Tetrahedral interpolation: the cell is split into the 6 tetrahedra that share its
    /// (0,0,0)–(1,1,1) diagonal; the one holding the point is chosen by the order of the
    /// fractional coordinates, and the result is the barycentric blend of its 4 corners:
    /// walking from corner 000 to 111 one axis at a time (largest fraction first), the corner
    /// reached before step k weighs (previous fraction − k-th fraction).
    /// </summary>
    public static Vector3 Tetrahedral(Lattice3D lattice, Vector3 unit)
    {
        if (!Locate(lattice, unit, out var cell)) return new Vector3(float.NaN);
        var (r0, g0, b0, fr, fg, fb) = cell;
        int n = lattice.Size;
        Span<(double F, int Axis)> order = [(fr, 0), (fg, 1), (fb, 2)];
        SortDescending(order);
        Span<int> pos = [r0, g0, b0];
        int node = lattice.Index(pos[0], pos[1], pos[2]);
        double lastF = 1, x = 0, y = 0, z = 0;
        for (int k = 0; k < 3; k++)
        {
            var (f, axis) = order[k];
            double w = lastF - f;
            x += w * lattice.Data[node];
            y += w * lattice.Data[node + 1];
            z += w * lattice.Data[node + 2];
            pos[axis] = Step(pos[axis], 1, n);
            node = lattice.Index(pos[0], pos[1], pos[2]);
            lastF = f;
        }
        x += lastF * lattice.Data[node];
        y += lastF * lattice.Data[node + 1];
        z += lastF * lattice.Data[node + 2];
        return new Vector3((float)x, (float)y, (float)z);
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
