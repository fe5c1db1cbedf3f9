using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LutBridge.Core.Apply;

/// <summary>
/// 8-bit RGB → 8-bit RGB tetrahedral interpolation on a <see cref="PackedLattice8"/>.
/// Branch-free: each channel's sort key (fraction &lt;&lt; 24 | axis step) is ordered with
/// max/min, which yields both the tetrahedron's weights and its vertices. Source and
/// destination may be the same memory (in-place); the vector path never stores beyond
/// the pixels it has read.
/// </summary>
internal static unsafe class Tetrahedral8Kernel
{
    public static void Run(PackedLattice8 lut, byte* src, byte* dst, int pixels, SimdLevel level)
    {
        fixed (ulong* entries = lut.Entries)
        fixed (ulong* keys = lut.Keys)
        fixed (byte* clamp = lut.Clamp)
        {
            int done = level >= SimdLevel.Avx2 ? RunAvx2(lut.Size, entries, src, dst, pixels, level == SimdLevel.Avx512) : 0;
            RunScalar(lut.Diagonal, entries, keys, clamp, src + 3 * done, dst + 3 * done, pixels - done);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunScalar(int diagonal, ulong* entries, ulong* keys, byte* clamp, byte* src, byte* dst, int pixels)
    {
        for (int i = 0; i < pixels; i++, src += 3, dst += 3)
        {
            ulong kr = keys[src[0]], kg = keys[256 + src[1]], kb = keys[512 + src[2]];
            int origin = (int)(uint)kr + (int)(uint)kg + (int)(uint)kb;
            uint sr = (uint)(kr >> 32), sg = (uint)(kg >> 32), sb = (uint)(kb >> 32);
            uint max = Math.Max(Math.Max(sr, sg), sb), min = Math.Min(Math.Min(sr, sg), sb);
            uint mid = sr ^ sg ^ sb ^ max ^ min;
            const uint StepMask = (1u << PackedLattice8.FracShift) - 1;
            ulong* c0 = entries + origin;
            ulong* c1 = c0 + (max & StepMask);
            ulong* c2 = c1 + (mid & StepMask);
            ulong* c3 = c0 + diagonal;
            uint fmax = max >> PackedLattice8.FracShift, fmid = mid >> PackedLattice8.FracShift, fmin = min >> PackedLattice8.FracShift;
            ulong sum = *c0 * (255 - fmax) + *c1 * (fmax - fmid) + *c2 * (fmid - fmin) + *c3 * fmin;
            dst[0] = clamp[(sum >> 12) & 511];
            dst[1] = clamp[(sum >> (12 + PackedLattice8.FieldBits)) & 511];
            dst[2] = clamp[(sum >> (12 + 2 * PackedLattice8.FieldBits)) & 511];
        }
    }

    /// <summary>8 pixels per step; returns how many pixels it did (the rest go to the scalar loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RunAvx2(int size, ulong* entries, byte* src, byte* dst, int pixels, bool avx512)
    {
        // Each step loads 32 bytes for 8 pixels (24 bytes), so stop 11 pixels before the end.
        int steps = pixels >= 11 ? (pixels - 11) / 8 + 1 : 0;
        if (steps == 0) return 0;

        var spread = Vector256.Create(0, 1, 2, 0, 3, 4, 5, 0);          // 12 bytes of 4 pixels into each 128-bit lane
        var pickR = Vector256.Create((byte)0, 0x80, 0x80, 0x80, 3, 0x80, 0x80, 0x80, 6, 0x80, 0x80, 0x80, 9, 0x80, 0x80, 0x80,
                                     0, 0x80, 0x80, 0x80, 3, 0x80, 0x80, 0x80, 6, 0x80, 0x80, 0x80, 9, 0x80, 0x80, 0x80);
        var one = Vector256.Create((byte)1);
        var pickG = Avx2.Add(pickR, Avx2.AndNot(Avx2.CompareEqual(pickR, Vector256.Create((byte)0x80)), one));
        var pickB = Avx2.Add(pickG, Avx2.AndNot(Avx2.CompareEqual(pickG, Vector256.Create((byte)0x80)), one));
        var compact = Vector256.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80,
                                       0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
        var join = Vector256.Create(0, 1, 2, 4, 5, 6, 7, 7);

        var scale = Vector256.Create(size - 1);
        var magic = Vector256.Create(0x8081);
        var lastCell = Vector256.Create(size - 2);
        var v255 = Vector256.Create(255);
        var stepR = Vector256.Create(1u);
        var stepG = Vector256.Create((uint)size);
        var stepB = Vector256.Create((uint)(size * size));
        var diagonal = Vector256.Create(1 + size + size * size);
        var stepMask = Vector256.Create((1u << PackedLattice8.FracShift) - 1);
        var field = Vector256.Create(511L);
        var bias = Vector256.Create(127L);
        var zero = Vector256<int>.Zero;
        var max255 = Vector256.Create(255L).AsInt32();

        for (int s = 0; s < steps; s++, src += 24, dst += 24)
        {
            var raw = Avx2.PermuteVar8x32(Avx.LoadVector256((int*)src), spread).AsByte();
            var r = Avx2.Shuffle(raw, pickR).AsInt32();
            var g = Avx2.Shuffle(raw, pickG).AsInt32();
            var b = Avx2.Shuffle(raw, pickB).AsInt32();

            var (ir, kr) = Split(r, scale, magic, lastCell, v255, stepR);
            var (ig, kg) = Split(g, scale, magic, lastCell, v255, stepG);
            var (ib, kb) = Split(b, scale, magic, lastCell, v255, stepB);
            var origin = Avx2.Add(Avx2.Add(Avx2.MultiplyLow(ir, stepR.AsInt32()), Avx2.MultiplyLow(ig, stepG.AsInt32())),
                                  Avx2.MultiplyLow(ib, stepB.AsInt32()));
            var max = Avx2.Max(Avx2.Max(kr, kg), kb);
            var min = Avx2.Min(Avx2.Min(kr, kg), kb);
            var mid = Avx2.Xor(Avx2.Xor(Avx2.Xor(kr, kg), Avx2.Xor(kb, max)), min);
            var i1 = Avx2.Add(origin, Avx2.And(max, stepMask).AsInt32());
            var i2 = Avx2.Add(i1, Avx2.And(mid, stepMask).AsInt32());
            var i3 = Avx2.Add(origin, diagonal);
            var fmax = Avx2.ShiftRightLogical(max, PackedLattice8.FracShift).AsInt32();
            var fmid = Avx2.ShiftRightLogical(mid, PackedLattice8.FracShift).AsInt32();
            var fmin = Avx2.ShiftRightLogical(min, PackedLattice8.FracShift).AsInt32();
            var w0 = Avx2.Subtract(v255, fmax);
            var w1 = Avx2.Subtract(fmax, fmid);
            var w2 = Avx2.Subtract(fmid, fmin);

            var lo = WeighHalf(entries, origin.GetLower(), i1.GetLower(), i2.GetLower(), i3.GetLower(),
                               w0.GetLower(), w1.GetLower(), w2.GetLower(), fmin.GetLower(), avx512);
            var hi = WeighHalf(entries, origin.GetUpper(), i1.GetUpper(), i2.GetUpper(), i3.GetUpper(),
                               w0.GetUpper(), w1.GetUpper(), w2.GetUpper(), fmin.GetUpper(), avx512);

            var pixLo = ToPixels(lo, field, bias, zero, max255);
            var pixHi = ToPixels(hi, field, bias, zero, max255);
            // Even dwords of each half hold the pixels: bring them together in order, then drop every 4th byte.
            var bytes = Avx2.PermuteVar8x32(Avx2.Shuffle(Merge(pixLo, pixHi).AsByte(), compact).AsInt32(), join).AsByte();
            Sse2.Store(dst, bytes.GetLower());
            Sse2.StoreLow((double*)(dst + 16), bytes.GetUpper().AsDouble());
        }
        return steps * 8;
    }

    /// <summary>Pixels 0..3 (even dwords of lo) and 4..7 (even dwords of hi) as 8 dwords in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Merge(Vector256<int> lo, Vector256<int> hi)
    {
        var idx = Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6);
        var a = Avx2.PermuteVar8x32(lo, idx);
        var b = Avx2.PermuteVar8x32(hi, idx);
        return Avx2.Blend(a, b, 0xF0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> Index, Vector256<uint> Key) Split(Vector256<int> v, Vector256<int> scale, Vector256<int> magic,
        Vector256<int> lastCell, Vector256<int> v255, Vector256<uint> step)
    {
        var t = Avx2.MultiplyLow(v, scale);
        var index = Avx2.Min(Avx2.ShiftRightLogical(Avx2.MultiplyLow(t, magic), 23), lastCell); // t / 255 for t < 2^16
        var frac = Avx2.Subtract(t, Avx2.MultiplyLow(index, v255));
        return (index, Avx2.Or(Avx2.ShiftLeftLogical(frac, PackedLattice8.FracShift).AsUInt32(), step));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> WeighHalf(ulong* entries, Vector128<int> i0, Vector128<int> i1, Vector128<int> i2, Vector128<int> i3,
        Vector128<int> w0, Vector128<int> w1, Vector128<int> w2, Vector128<int> w3, bool avx512)
    {
        var c0 = Avx2.GatherVector256(entries, i0, 8);
        var c1 = Avx2.GatherVector256(entries, i1, 8);
        var c2 = Avx2.GatherVector256(entries, i2, 8);
        var c3 = Avx2.GatherVector256(entries, i3, 8);
        var q0 = Avx2.ConvertToVector256Int64(w0).AsUInt64();
        var q1 = Avx2.ConvertToVector256Int64(w1).AsUInt64();
        var q2 = Avx2.ConvertToVector256Int64(w2).AsUInt64();
        var q3 = Avx2.ConvertToVector256Int64(w3).AsUInt64();
        if (avx512)
            return Avx2.Add(Avx2.Add(Avx512DQ.VL.MultiplyLow(c0, q0), Avx512DQ.VL.MultiplyLow(c1, q1)),
                            Avx2.Add(Avx512DQ.VL.MultiplyLow(c2, q2), Avx512DQ.VL.MultiplyLow(c3, q3)));
        return Avx2.Add(Avx2.Add(Mul(c0, q0), Mul(c1, q1)), Avx2.Add(Mul(c2, q2), Mul(c3, q3)));
    }

    /// <summary>64-bit × small weight with 32-bit multiplies: lo(c)·w + (hi(c)·w) &lt;&lt; 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mul(Vector256<ulong> c, Vector256<ulong> w) =>
        Avx2.Add(Avx2.Multiply(c.AsUInt32(), w.AsUInt32()),
                 Avx2.ShiftLeftLogical(Avx2.Multiply(Avx2.ShiftRightLogical(c, 32).AsUInt32(), w.AsUInt32()), 32));

    /// <summary>Packed sums → one pixel (R | G &lt;&lt; 8 | B &lt;&lt; 16) in the low dword of each 64-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ToPixels(Vector256<ulong> sum, Vector256<long> field, Vector256<long> bias, Vector256<int> zero, Vector256<int> max255)
    {
        var s = sum.AsInt64();
        var r = Avx2.Subtract(Avx2.And(Avx2.ShiftRightLogical(s, 12), field), bias).AsInt32();
        var g = Avx2.Subtract(Avx2.And(Avx2.ShiftRightLogical(s, 12 + PackedLattice8.FieldBits), field), bias).AsInt32();
        var b = Avx2.Subtract(Avx2.And(Avx2.ShiftRightLogical(s, 12 + 2 * PackedLattice8.FieldBits), field), bias).AsInt32();
        // Values are −127..384 in the low dword; the high dword of each lane is 0 or −1 and is masked out by max255 = (255, 0).
        r = Avx2.Min(Avx2.Max(r, zero), max255);
        g = Avx2.Min(Avx2.Max(g, zero), max255);
        b = Avx2.Min(Avx2.Max(b, zero), max255);
        return Avx2.Or(r, Avx2.Or(Avx2.ShiftLeftLogical(g, 8), Avx2.ShiftLeftLogical(b, 16)));
    }
}
