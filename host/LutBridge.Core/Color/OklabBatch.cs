using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// Batch OKLab conversions over interleaved float triples. Points are processed in blocks:
/// transfer function + matrix per point into planar LMS buffers, then a SIMD cube root over
/// each plane, then the second matrix back to interleaved output.
/// </summary>
internal static class OklabBatch
{
    private const int Block = 256;

    private static readonly float[] RgbToLms = Oklab.LinearSrgbToLms.ToFloatArray();
    private static readonly float[] LmsToLab = Oklab.LmsPrimeToLab.ToFloatArray();
    private static readonly float[] LabToLms = Oklab.LabToLmsPrime.ToFloatArray();
    private static readonly float[] LmsToRgb = Oklab.LmsToLinearSrgb.ToFloatArray();

    public static void FromSrgb(ReadOnlySpan<float> rgb, Span<float> lab)
    {
        CheckLengths(rgb.Length, lab.Length);
        Span<float> l = stackalloc float[Block], m = stackalloc float[Block], s = stackalloc float[Block];
        var a = RgbToLms;
        var q = LmsToLab;
        int points = rgb.Length / 3;
        for (int start = 0; start < points; start += Block)
        {
            int n = Math.Min(Block, points - start);
            var src = rgb.Slice(start * 3, n * 3);
            for (int i = 0; i < n; i++)
            {
                float r = SrgbTables.Decode(src[3 * i]), g = SrgbTables.Decode(src[3 * i + 1]), b = SrgbTables.Decode(src[3 * i + 2]);
                l[i] = a[0] * r + a[1] * g + a[2] * b;
                m[i] = a[3] * r + a[4] * g + a[5] * b;
                s[i] = a[6] * r + a[7] * g + a[8] * b;
            }
            FastMath.CbrtInPlace(l[..n]);
            FastMath.CbrtInPlace(m[..n]);
            FastMath.CbrtInPlace(s[..n]);
            var dst = lab.Slice(start * 3, n * 3);
            for (int i = 0; i < n; i++)
            {
                float x = l[i], y = m[i], z = s[i];
                dst[3 * i] = q[0] * x + q[1] * y + q[2] * z;
                dst[3 * i + 1] = q[3] * x + q[4] * y + q[5] * z;
                dst[3 * i + 2] = q[6] * x + q[7] * y + q[8] * z;
            }
        }
    }

    public static void ToSrgb(ReadOnlySpan<float> lab, Span<float> rgb)
    {
        CheckLengths(lab.Length, rgb.Length);
        var q = LabToLms;
        var a = LmsToRgb;
        for (int i = 0; i + 2 < lab.Length; i += 3)
        {
            float L = lab[i], A = lab[i + 1], B = lab[i + 2];
            float l = q[0] * L + q[1] * A + q[2] * B;
            float m = q[3] * L + q[4] * A + q[5] * B;
            float s = q[6] * L + q[7] * A + q[8] * B;
            l = l * l * l; m = m * m * m; s = s * s * s;
            rgb[i] = SrgbTables.Encode(a[0] * l + a[1] * m + a[2] * s);
            rgb[i + 1] = SrgbTables.Encode(a[3] * l + a[4] * m + a[5] * s);
            rgb[i + 2] = SrgbTables.Encode(a[6] * l + a[7] * m + a[8] * s);
        }
    }

    private static void CheckLengths(int input, int output)
    {
        if (input % 3 != 0)
            throw new ArgumentException($"interleaved RGB/Lab length must be a multiple of 3, got {input}");
        if (output != input)
            throw new ArgumentException($"output length {output} differs from input length {input}");
    }
}
