using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// CIE 1976 L*a*b* (CIE 15:2004) relative to D65 white (xy 0.3127, 0.3290 — the sRGB white,
/// so sRGB white maps to L* = 100, a* = b* = 0). Vector3 holds (L*, a*, b*); XYZ has Y = 1
/// for white. The piecewise f() keeps its linear segment below (6/29)³, including negative
/// input, so the transform is defined and invertible for every finite input.
/// </summary>
public static class Cielab
{
    private const double Delta = 6.0 / 29.0;

    /// <summary>Reference white XYZ (Y = 1).</summary>
    public static (double X, double Y, double Z) White { get; } = Chromaticity.D65.ToXyzUnitY();

    public static Vector3 FromXyz(Vector3 xyz)
    {
        double fx = F(xyz.X / White.X), fy = F(xyz.Y / White.Y), fz = F(xyz.Z / White.Z);
        return new((float)(116 * fy - 16), (float)(500 * (fx - fy)), (float)(200 * (fy - fz)));
    }

    public static Vector3 ToXyz(Vector3 lab)
    {
        double fy = (lab.X + 16) / 116.0;
        double fx = fy + lab.Y / 500.0;
        double fz = fy - lab.Z / 200.0;
        return new((float)(White.X * FInverse(fx)), (float)(White.Y * FInverse(fy)), (float)(White.Z * FInverse(fz)));
    }

    public static Vector3 FromLinearSrgb(Vector3 rgb) => FromXyz(LinearSrgb.ToXyz(rgb));

    public static Vector3 FromSrgb(Vector3 srgb) => FromLinearSrgb(Srgb.Decode(srgb));

    private static double F(double t) => t > Delta * Delta * Delta ? Math.Cbrt(t) : t / (3 * Delta * Delta) + 4.0 / 29.0;

    private static double FInverse(double t) => t > Delta ? t * t * t : 3 * Delta * Delta * (t - 4.0 / 29.0);
}
