using LutBridge.Core.Luts;

namespace LutBridge.Core.Tests.Apply;

/// <summary>
/// Straightforward double-precision tetrahedral and trilinear interpolation, written from
/// the textbook formulas (six tetrahedra selected by branches, as in ffmpeg's vf_lut3d and
/// Kasson et al. 1995) and independent of the product's branch-free kernels.
/// </summary>
internal static class ReferenceInterpolation
{
    public static (double R, double G, double B) Tetrahedral(Lattice3D lut, double r, double g, double b)
    {
        var (r0, r1, dr) = Axis(lut.Size, r);
        var (g0, g1, dg) = Axis(lut.Size, g);
        var (b0, b1, db) = Axis(lut.Size, b);
        double[] c000 = At(lut, r0, g0, b0), c111 = At(lut, r1, g1, b1);
        double[] result = new double[3];
        for (int k = 0; k < 3; k++)
        {
            if (dr > dg)
            {
                if (dg > db) result[k] = (1 - dr) * c000[k] + (dr - dg) * At(lut, r1, g0, b0)[k] + (dg - db) * At(lut, r1, g1, b0)[k] + db * c111[k];
                else if (dr > db) result[k] = (1 - dr) * c000[k] + (dr - db) * At(lut, r1, g0, b0)[k] + (db - dg) * At(lut, r1, g0, b1)[k] + dg * c111[k];
                else result[k] = (1 - db) * c000[k] + (db - dr) * At(lut, r0, g0, b1)[k] + (dr - dg) * At(lut, r1, g0, b1)[k] + dg * c111[k];
            }
            else
            {
                if (db > dg) result[k] = (1 - db) * c000[k] + (db - dg) * At(lut, r0, g0, b1)[k] + (dg - dr) * At(lut, r0, g1, b1)[k] + dr * c111[k];
                else if (db > dr) result[k] = (1 - dg) * c000[k] + (dg - db) * At(lut, r0, g1, b0)[k] + (db - dr) * At(lut, r0, g1, b1)[k] + dr * c111[k];
                else result[k] = (1 - dg) * c000[k] + (dg - dr) * At(lut, r0, g1, b0)[k] + (dr - db) * At(lut, r1, g1, b0)[k] + db * c111[k];
            }
        }
        return (result[0], result[1], result[2]);
    }

    public static (double R, double G, double B) Trilinear(Lattice3D lut, double r, double g, double b)
    {
        var (r0, r1, dr) = Axis(lut.Size, r);
        var (g0, g1, dg) = Axis(lut.Size, g);
        var (b0, b1, db) = Axis(lut.Size, b);
        double[] result = new double[3];
        for (int k = 0; k < 3; k++)
        {
            double c00 = Lerp(At(lut, r0, g0, b0)[k], At(lut, r1, g0, b0)[k], dr);
            double c10 = Lerp(At(lut, r0, g1, b0)[k], At(lut, r1, g1, b0)[k], dr);
            double c01 = Lerp(At(lut, r0, g0, b1)[k], At(lut, r1, g0, b1)[k], dr);
            double c11 = Lerp(At(lut, r0, g1, b1)[k], At(lut, r1, g1, b1)[k], dr);
            result[k] = Lerp(Lerp(c00, c10, dg), Lerp(c01, c11, dg), db);
        }
        return (result[0], result[1], result[2]);
    }

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;

    private static (int Lower, int Upper, double Frac) Axis(int size, double v)
    {
        double x = Math.Clamp(v, 0, 1) * (size - 1);
        int lower = (int)Math.Floor(x);
        int upper = Math.Min(lower + 1, size - 1);
        return (lower, upper, x - lower);
    }

    private static double[] At(Lattice3D lut, int r, int g, int b)
    {
        int i = lut.Index(r, g, b);
        return [lut.Data[i], lut.Data[i + 1], lut.Data[i + 2]];
    }
}
