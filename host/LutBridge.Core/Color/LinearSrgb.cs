using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// Linear-light sRGB (Rec. 709 primaries, D65 white) ↔ CIE XYZ (D65, Y of white = 1).
/// The matrix is derived from the primaries and white chromaticities of IEC 61966-2-1 /
/// ITU-R BT.709 (R 0.64,0.33; G 0.30,0.60; B 0.15,0.06; W 0.3127,0.3290) by the usual
/// construction (SMPTE RP 177), not typed in; its inverse is computed.
/// Domain and range: unbounded (no clipping); NaN propagates.
/// </summary>
public static class LinearSrgb
{
    public static Chromaticity Red { get; } = new(0.64, 0.33);
    public static Chromaticity Green { get; } = new(0.30, 0.60);
    public static Chromaticity Blue { get; } = new(0.15, 0.06);

    /// <summary>Linear sRGB → XYZ (D65).</summary>
    public static Matrix3 ToXyzMatrix { get; } = RgbToXyz(Red, Green, Blue, Chromaticity.D65);

    /// <summary>XYZ (D65) → linear sRGB, computed as the inverse of <see cref="ToXyzMatrix"/>.</summary>
    public static Matrix3 FromXyzMatrix { get; } = ToXyzMatrix.Inverse();

    public static Vector3 ToXyz(Vector3 linearRgb) => ToXyzMatrix.Transform(linearRgb);

    public static Vector3 FromXyz(Vector3 xyz) => FromXyzMatrix.Transform(xyz);

    /// <summary>
    /// The RGB → XYZ matrix of an additive RGB space: columns are the primaries' XYZ, each
    /// scaled so that RGB (1,1,1) maps to the white point with Y = 1.
    /// </summary>
    public static Matrix3 RgbToXyz(Chromaticity r, Chromaticity g, Chromaticity b, Chromaticity white)
    {
        var primaries = Matrix3.FromColumns(r.ToXyzUnitY(), g.ToXyzUnitY(), b.ToXyzUnitY());
        var w = white.ToXyzUnitY();
        var (sr, sg, sb) = primaries.Inverse().Transform(w.X, w.Y, w.Z);
        return primaries * Matrix3.Diagonal(sr, sg, sb);
    }
}
