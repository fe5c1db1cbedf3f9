using System.Numerics;
using System.Runtime.InteropServices;

namespace LutBridge.Core.Color;

/// <summary>Vectorised elementary functions for the batch colour kernels.</summary>
internal static class FastMath
{
    /// <summary>
    /// Sign-preserving cube root in place. SIMD lanes use a bit-level first guess
    /// (exponent ÷ 3) refined by three Newton steps (relative error ≈ float epsilon);
    /// the tail uses <see cref="MathF.Cbrt"/>. Zero stays zero, ±∞ and NaN propagate.
    /// Subnormal inputs get an absolute error below 1e-14.
    /// </summary>
    public static void CbrtInPlace(Span<float> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var floats = MemoryMarshal.Cast<float, Vector<float>>(values);
            var third = new Vector<float>(1f / 3f);
            var two = new Vector<float>(2f);
            var magic = new Vector<int>(0x2a5137a0);
            for (int v = 0; v < floats.Length; v++)
            {
                var x = floats[v];
                var ax = Vector.Abs(x);
                var bits = Vector.AsVectorInt32(ax);
                var guessBits = Vector.ConvertToInt32(Vector.ConvertToSingle(bits) * third) + magic;
                var y = Vector.AsVectorSingle(guessBits);
                y = (two * y + ax / (y * y)) * third;
                y = (two * y + ax / (y * y)) * third;
                y = (two * y + ax / (y * y)) * third;
                // cbrt(0) = 0 and cbrt(∞) = ∞ exactly (Newton would give a tiny value / NaN).
                var fixedPoint = Vector.Equals(ax, Vector<float>.Zero) | Vector.Equals(ax, new Vector<float>(float.PositiveInfinity));
                y = Vector.ConditionalSelect(fixedPoint, ax, y);
                floats[v] = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -y, y);
            }
            i = floats.Length * Vector<float>.Count;
        }
        for (; i < values.Length; i++)
            values[i] = MathF.Cbrt(values[i]);
    }
}
