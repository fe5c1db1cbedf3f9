using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// The sRGB transfer function of IEC 61966-2-1:1999 (piecewise: linear segment of slope
/// 12.92 near black, then a 2.4 power with offset 0.055).
/// Domain: any float. Values outside 0..1 are handled by odd extension
/// (f(−x) = −f(x)) and continue the power curve above 1, so out-of-gamut data survives a
/// round trip; NaN gives NaN and ±∞ gives ±∞ (never an exception).
/// </summary>
public static class Srgb
{
    /// <summary>Encoded-value threshold of the linear segment (IEC 61966-2-1).</summary>
    public const float DecodeThreshold = 0.04045f;

    /// <summary>Linear-value threshold of the linear segment (IEC 61966-2-1).</summary>
    public const float EncodeThreshold = 0.0031308f;

    /// <summary>sRGB-encoded value → linear light (the EOTF as used for sRGB data).</summary>
    public static float Decode(float encoded)
    {
        float a = MathF.Abs(encoded);
        float linear = a <= DecodeThreshold
            ? a / 12.92f
            : (float)Math.Pow((a + 0.055) / 1.055, 2.4);
        return encoded < 0 ? -linear : linear;
    }

    /// <summary>Linear light → sRGB-encoded value (inverse of <see cref="Decode(float)"/>).</summary>
    public static float Encode(float linear)
    {
        float a = MathF.Abs(linear);
        float encoded = a <= EncodeThreshold
            ? a * 12.92f
            : (float)(1.055 * Math.Pow(a, 1.0 / 2.4) - 0.055);
        return linear < 0 ? -encoded : encoded;
    }

    public static Vector3 Decode(Vector3 encoded) => new(Decode(encoded.X), Decode(encoded.Y), Decode(encoded.Z));

    public static Vector3 Encode(Vector3 linear) => new(Encode(linear.X), Encode(linear.Y), Encode(linear.Z));
}
