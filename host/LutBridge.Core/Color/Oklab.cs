using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// OKLab (Björn Ottosson, "A perceptual color space for image processing", 2020,
/// https://bottosson.github.io/posts/oklab/). Vector3 holds (L, a, b): L is 0 for black and
/// 1 for D65 white; a and b are roughly −0.4..0.4 for real colours.
/// The published matrices are declared once; their inverses are computed. The cube root is
/// sign-preserving, so any finite input (out-of-gamut or negative) maps and round-trips; NaN
/// propagates without throwing.
/// </summary>
public static class Oklab
{
    /// <summary>M1 of the reference: CIE XYZ (D65) → cone-like LMS.</summary>
    public static Matrix3 XyzToLms { get; } = new(
        0.8189330101, 0.3618667424, -0.1288597137,
        0.0329845436, 0.9293118715, 0.0361456387,
        0.0482003018, 0.2643662691, 0.6338517070);

    /// <summary>The reference's combined linear-sRGB → LMS matrix (M1 · sRGB→XYZ as published).</summary>
    public static Matrix3 LinearSrgbToLms { get; } = new(
        0.4122214708, 0.5363325363, 0.0514459929,
        0.2119034982, 0.6806995451, 0.1073969566,
        0.0883024619, 0.2817188376, 0.6299787005);

    /// <summary>M2 of the reference: cube-rooted LMS → (L, a, b).</summary>
    public static Matrix3 LmsPrimeToLab { get; } = new(
        0.2104542553, 0.7936177850, -0.0040720468,
        1.9779984951, -2.4285922050, 0.4505937099,
        0.0259040371, 0.7827717662, -0.8086757660);

    public static Matrix3 LmsToXyz { get; } = XyzToLms.Inverse();
    public static Matrix3 LmsToLinearSrgb { get; } = LinearSrgbToLms.Inverse();
    public static Matrix3 LabToLmsPrime { get; } = LmsPrimeToLab.Inverse();

    public static Vector3 FromXyz(Vector3 xyz) => FromLms(XyzToLms.Transform(xyz.X, xyz.Y, xyz.Z));

    public static Vector3 ToXyz(Vector3 lab) => ToVector(LmsToXyz.Transform(ToLms(lab)));

    public static Vector3 FromLinearSrgb(Vector3 rgb) => FromLms(LinearSrgbToLms.Transform(rgb.X, rgb.Y, rgb.Z));

    public static Vector3 ToLinearSrgb(Vector3 lab) => ToVector(LmsToLinearSrgb.Transform(ToLms(lab)));

    /// <summary>sRGB-encoded (IEC 61966-2-1) → OKLab.</summary>
    public static Vector3 FromSrgb(Vector3 srgb) => FromLinearSrgb(Srgb.Decode(srgb));

    /// <summary>OKLab → sRGB-encoded; unclipped, so out-of-gamut colours leave 0..1.</summary>
    public static Vector3 ToSrgb(Vector3 lab) => Srgb.Encode(ToLinearSrgb(lab));

    /// <summary>
    /// Batch sRGB-encoded → OKLab over interleaved triples (same length, a multiple of 3).
    /// Matches <see cref="FromSrgb(Vector3)"/> to about 1e-6 (table-interpolated transfer
    /// function, SIMD cube root); safe for any input, NaN included.
    /// </summary>
    public static void FromSrgb(ReadOnlySpan<float> rgbInterleaved, Span<float> labInterleaved) =>
        OklabBatch.FromSrgb(rgbInterleaved, labInterleaved);

    /// <summary>Batch OKLab → sRGB-encoded (unclipped), the inverse of the span <see cref="FromSrgb(ReadOnlySpan{float}, Span{float})"/>.</summary>
    public static void ToSrgb(ReadOnlySpan<float> labInterleaved, Span<float> rgbInterleaved) =>
        OklabBatch.ToSrgb(labInterleaved, rgbInterleaved);

    private static Vector3 FromLms((double L, double M, double S) lms)
    {
        var lab = LmsPrimeToLab.Transform(Math.Cbrt(lms.L), Math.Cbrt(lms.M), Math.Cbrt(lms.S));
        return ToVector(lab);
    }

    private static (double, double, double) ToLms(Vector3 lab)
    {
        var (l, m, s) = LabToLmsPrime.Transform(lab.X, lab.Y, lab.Z);
        return (l * l * l, m * m * m, s * s * s);
    }

    private static Vector3 ToVector((double X, double Y, double Z) v) => new((float)v.X, (float)v.Y, (float)v.Z);

    private static (double, double, double) Transform(this Matrix3 m, (double X, double Y, double Z) v) => m.Transform(v.X, v.Y, v.Z);
}
