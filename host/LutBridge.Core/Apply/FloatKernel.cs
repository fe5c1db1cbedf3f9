using LutBridge.Core.Luts;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LutBridge.Core.Apply;

/// <summary>
/// Float tetrahedral and trilinear interpolation in place on planar R, G, B buffers, for
/// 16-bit and float images (and 8-bit trilinear). Inputs are clamped to the lattice domain
/// 0..1 (NaN counts as 0); outputs are not clamped. The vector path computes exactly the
/// scalar path's operations in the same order (fused multiply-adds on both), so the two agree bit for bit.
/// </summary>
internal static unsafe class FloatKernel
{
    public static void Run(float* lattice, int size, Interpolation interpolation, float* r, float* g, float* b, int count, SimdLevel level)
    {
        int done = 0;
        if (level >= SimdLevel.Avx2)
            done = interpolation == Interpolation.Tetrahedral
                ? TetrahedralAvx2(lattice, size, r, g, b, count)
                : TrilinearAvx2(lattice, size, r, g, b, count);
        for (int i = done; i < count; i++)
        {
            if (interpolation == Interpolation.Tetrahedral) Tetrahedral(lattice, size, ref r[i], ref g[i], ref b[i]);
            else Trilinear(lattice, size, ref r[i], ref g[i], ref b[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Mad(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>Lattice coordinate of a sample: cell index 0..size−2 and fraction 0..1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Cell(float v, int size, out float frac)
    {
        float x = v > 0f ? v : 0f;
        x = x < 1f ? x : 1f;
        float s = x * (size - 1);
        int i = Math.Min((int)s, size - 2);
        frac = s - i;
        return i;
    }

    public static void Tetrahedral(float* lut, int n, ref float r, ref float g, ref float b)
    {
        int ir = Cell(r, n, out float fr), ig = Cell(g, n, out float fg), ib = Cell(b, n, out float fb);
        int stepG = 3 * n, stepB = 3 * n * n, diagonal = 3 + stepG + stepB;
        int origin = 3 * ir + stepG * ig + stepB * ib;
        bool rMax = fr >= fg && fr >= fb, gMax = !rMax && fg >= fb;
        bool bMin = fb <= fr && fb <= fg, gMin = !bMin && fg <= fr;
        int stepMax = rMax ? 3 : gMax ? stepG : stepB;
        int stepMin = bMin ? stepB : gMin ? stepG : 3;
        float fmax = MathF.Max(MathF.Max(fr, fg), fb), fmin = MathF.Min(MathF.Min(fr, fg), fb);
        float fmid = MathF.Max(MathF.Min(fr, fg), MathF.Min(MathF.Max(fr, fg), fb));
        float* c0 = lut + origin, c1 = c0 + stepMax, c2 = c0 + diagonal - stepMin, c3 = c0 + diagonal;
        float w0 = 1f - fmax, w1 = fmax - fmid, w2 = fmid - fmin;
        r = Mad(fmin, c3[0], Mad(w2, c2[0], Mad(w1, c1[0], w0 * c0[0])));
        g = Mad(fmin, c3[1], Mad(w2, c2[1], Mad(w1, c1[1], w0 * c0[1])));
        b = Mad(fmin, c3[2], Mad(w2, c2[2], Mad(w1, c1[2], w0 * c0[2])));
    }

    public static void Trilinear(float* lut, int n, ref float r, ref float g, ref float b)
    {
        int ir = Cell(r, n, out float fr), ig = Cell(g, n, out float fg), ib = Cell(b, n, out float fb);
        int stepG = 3 * n, stepB = 3 * n * n;
        float* c = lut + 3 * ir + stepG * ig + stepB * ib;
        Span<float> result = stackalloc float[3];
        for (int k = 0; k < 3; k++)
        {
            float c00 = Lerp(c[k], c[3 + k], fr), c10 = Lerp(c[stepG + k], c[stepG + 3 + k], fr);
            float c01 = Lerp(c[stepB + k], c[stepB + 3 + k], fr), c11 = Lerp(c[stepB + stepG + k], c[stepB + stepG + 3 + k], fr);
            result[k] = Lerp(Lerp(c00, c10, fg), Lerp(c01, c11, fg), fb);
        }
        r = result[0]; g = result[1]; b = result[2];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lerp(float a, float b, float t) => Mad(b - a, t, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Cell(Vector256<float> v, Vector256<float> scale, Vector256<int> last, out Vector256<float> frac)
    {
        var x = Avx.Min(Avx.Max(v, Vector256<float>.Zero), Vector256.Create(1f)); // max(NaN, 0) = 0
        var s = Avx.Multiply(x, scale);
        var i = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(s), last);
        frac = Avx.Subtract(s, Avx.ConvertToVector256Single(i));
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TetrahedralAvx2(float* lut, int n, float* r, float* g, float* b, int count)
    {
        var scale = Vector256.Create((float)(n - 1));
        var last = Vector256.Create(n - 2);
        var step3 = Vector256.Create(3);
        var stepG = Vector256.Create(3 * n);
        var stepB = Vector256.Create(3 * n * n);
        var diagonal = Vector256.Create(3 + 3 * n + 3 * n * n);
        var one = Vector256.Create(1f);
        int i = 0;
        for (; i + 8 <= count; i += 8)
        {
            var vr = Avx.LoadVector256(r + i); var vg = Avx.LoadVector256(g + i); var vb = Avx.LoadVector256(b + i);
            var ir = Cell(vr, scale, last, out var fr);
            var ig = Cell(vg, scale, last, out var fg);
            var ib = Cell(vb, scale, last, out var fb);
            var origin = Avx2.Add(Avx2.Add(Avx2.MultiplyLow(ir, step3), Avx2.MultiplyLow(ig, stepG)), Avx2.MultiplyLow(ib, stepB));
            var rMax = Avx.And(Avx.CompareGreaterThanOrEqual(fr, fg), Avx.CompareGreaterThanOrEqual(fr, fb)).AsInt32();
            var gMax = Avx2.AndNot(rMax, Avx.CompareGreaterThanOrEqual(fg, fb).AsInt32());
            var bMin = Avx.And(Avx.CompareLessThanOrEqual(fb, fr), Avx.CompareLessThanOrEqual(fb, fg)).AsInt32();
            var gMin = Avx2.AndNot(bMin, Avx.CompareLessThanOrEqual(fg, fr).AsInt32());
            var stepMax = Avx2.BlendVariable(Avx2.BlendVariable(stepB, stepG, gMax), step3, rMax);
            var stepMin = Avx2.BlendVariable(Avx2.BlendVariable(step3, stepG, gMin), stepB, bMin);
            var fmax = Avx.Max(Avx.Max(fr, fg), fb);
            var fmin = Avx.Min(Avx.Min(fr, fg), fb);
            var fmid = Avx.Max(Avx.Min(fr, fg), Avx.Min(Avx.Max(fr, fg), fb));
            var i1 = Avx2.Add(origin, stepMax);
            var i3 = Avx2.Add(origin, diagonal);
            var i2 = Avx2.Subtract(i3, stepMin);
            var w0 = Avx.Subtract(one, fmax);
            var w1 = Avx.Subtract(fmax, fmid);
            var w2 = Avx.Subtract(fmid, fmin);
            for (int k = 0; k < 3; k++)
            {
                float* l = lut + k;
                var acc = Avx.Multiply(w0, Avx2.GatherVector256(l, origin, 4));
                acc = Fma.MultiplyAdd(w1, Avx2.GatherVector256(l, i1, 4), acc);
                acc = Fma.MultiplyAdd(w2, Avx2.GatherVector256(l, i2, 4), acc);
                acc = Fma.MultiplyAdd(fmin, Avx2.GatherVector256(l, i3, 4), acc);
                Avx.Store((k == 0 ? r : k == 1 ? g : b) + i, acc);
            }
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TrilinearAvx2(float* lut, int n, float* r, float* g, float* b, int count)
    {
        var scale = Vector256.Create((float)(n - 1));
        var last = Vector256.Create(n - 2);
        var step3 = Vector256.Create(3);
        var stepG = Vector256.Create(3 * n);
        var stepB = Vector256.Create(3 * n * n);
        int i = 0;
        for (; i + 8 <= count; i += 8)
        {
            var ir = Cell(Avx.LoadVector256(r + i), scale, last, out var fr);
            var ig = Cell(Avx.LoadVector256(g + i), scale, last, out var fg);
            var ib = Cell(Avx.LoadVector256(b + i), scale, last, out var fb);
            var o000 = Avx2.Add(Avx2.Add(Avx2.MultiplyLow(ir, step3), Avx2.MultiplyLow(ig, stepG)), Avx2.MultiplyLow(ib, stepB));
            var o010 = Avx2.Add(o000, stepG);
            var o001 = Avx2.Add(o000, stepB);
            var o011 = Avx2.Add(o001, stepG);
            for (int k = 0; k < 3; k++)
            {
                float* l = lut + k, l1 = lut + 3 + k;
                var c00 = Lerp(Avx2.GatherVector256(l, o000, 4), Avx2.GatherVector256(l1, o000, 4), fr);
                var c10 = Lerp(Avx2.GatherVector256(l, o010, 4), Avx2.GatherVector256(l1, o010, 4), fr);
                var c01 = Lerp(Avx2.GatherVector256(l, o001, 4), Avx2.GatherVector256(l1, o001, 4), fr);
                var c11 = Lerp(Avx2.GatherVector256(l, o011, 4), Avx2.GatherVector256(l1, o011, 4), fr);
                var c = Lerp(Lerp(c00, c10, fg), Lerp(c01, c11, fg), fb);
                Avx.Store((k == 0 ? r : k == 1 ? g : b) + i, c);
            }
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lerp(Vector256<float> a, Vector256<float> b, Vector256<float> t) =>
        Fma.MultiplyAdd(Avx.Subtract(b, a), t, a);
}
