using System.Runtime.CompilerServices;
using LutBridge.Core.Color;

namespace LutBridge.Looks;

/// <summary>
/// The colour conversions of the Look specification in double precision: the sRGB
/// transfer function (odd-extended) and OKLab from Ottosson's published matrices, with
/// the inverses computed (the C evaluator computes them the same way).
/// </summary>
public static class LookColor
{
    private static readonly double[] RgbToLms = Flatten(Oklab.LinearSrgbToLms);
    private static readonly double[] LmsToLab = Flatten(Oklab.LmsPrimeToLab);
    private static readonly double[] LabToLms = Flatten(Oklab.LabToLmsPrime);
    private static readonly double[] LmsToRgb = Flatten(Oklab.LmsToLinearSrgb);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Decode(double v)
    {
        double a = Math.Abs(v);
        double l = a <= 0.04045 ? a / 12.92 : Math.Pow((a + 0.055) / 1.055, 2.4);
        return v < 0 ? -l : l;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Encode(double v)
    {
        double a = Math.Abs(v);
        double e = a <= 0.0031308 ? a * 12.92 : 1.055 * Math.Pow(a, 1.0 / 2.4) - 0.055;
        return v < 0 ? -e : e;
    }

    /// <summary>sRGB-encoded → OKLab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double L, double A, double B) FromSrgb(double r, double g, double b)
    {
        return FromLinear(Decode(r), Decode(g), Decode(b));
    }

    /// <summary>Linear sRGB → OKLab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double L, double A, double B) FromLinear(double r, double g, double b)
    {
        var m = RgbToLms;
        double l = Math.Cbrt(m[0] * r + m[1] * g + m[2] * b);
        double mm = Math.Cbrt(m[3] * r + m[4] * g + m[5] * b);
        double s = Math.Cbrt(m[6] * r + m[7] * g + m[8] * b);
        var q = LmsToLab;
        return (q[0] * l + q[1] * mm + q[2] * s, q[3] * l + q[4] * mm + q[5] * s, q[6] * l + q[7] * mm + q[8] * s);
    }

    /// <summary>OKLab → sRGB-encoded, unclipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double R, double G, double B) ToSrgb(double L, double A, double B)
    {
        var q = LabToLms;
        double l = q[0] * L + q[1] * A + q[2] * B;
        double m = q[3] * L + q[4] * A + q[5] * B;
        double s = q[6] * L + q[7] * A + q[8] * B;
        l = l * l * l; m = m * m * m; s = s * s * s;
        var a = LmsToRgb;
        return (Encode(a[0] * l + a[1] * m + a[2] * s), Encode(a[3] * l + a[4] * m + a[5] * s), Encode(a[6] * l + a[7] * m + a[8] * s));
    }

    private static double[] Flatten(Matrix3 m)
    {
        var t = (m.Transform(1, 0, 0), m.Transform(0, 1, 0), m.Transform(0, 0, 1));
        return [t.Item1.X, t.Item2.X, t.Item3.X, t.Item1.Y, t.Item2.Y, t.Item3.Y, t.Item1.Z, t.Item2.Z, t.Item3.Z];
    }
}
