using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// .look version 2: every parameter as a map; the residual zlib-compressed as red-axis deltas
/// (<see cref="ToPlanarDeltas"/>), trilinear, no anchor.
/// </summary>
public static class LookV2Reader
{
    internal static LookBody Read(ref MessagePackReader r)
    {
        var steps = new long[LookParameters.Count];
        var values = LookReading.ReadParameters(ref r, LookParameters.Count, steps);
        var shaper = LookReading.ReadShaper(ref r);
        if (!LookReading.TryReadResidualHead(ref r, mayAnchor: false, out var head)) return new LookBody(values, shaper, null);
        var q = FromPlanarDeltas(head.Size, LookReading.InflateIntegers(head, signed: false), head.Bits);
        return new LookBody(values, shaper, LookReading.Residual(ref r, head, q, ResidualKernel.Trilinear, steps));
    }

    /// <summary>
    /// Version 2's residual layout before zlib (tests write it): channel-planar (all red offsets, then green,
    /// then blue; nodes red fastest), each value minus its neighbour at red index − 1 (the
    /// first of each row as is), modulo 2^bits. Smooth lattices become runs of small numbers.
    /// </summary>
    public static int[] ToPlanarDeltas(int size, int[] interleaved, int bits)
    {
        int nodes = interleaved.Length / 3, mask = (1 << bits) - 1;
        var result = new int[interleaved.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < nodes; i++)
            {
                int v = interleaved[3 * i + c];
                int left = i % size == 0 ? 0 : interleaved[3 * (i - 1) + c];
                result[c * nodes + i] = (v - left) & mask;
            }
        return result;
    }

    /// <summary>The inverse of <see cref="ToPlanarDeltas"/>: unsigned stored values → interleaved signed integers.</summary>
    public static int[] FromPlanarDeltas(int size, int[] planar, int bits)
    {
        int nodes = planar.Length / 3, mask = (1 << bits) - 1, sign = 1 << (bits - 1);
        var result = new int[planar.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < nodes; i++)
            {
                int left = i % size == 0 ? 0 : result[3 * (i - 1) + c];
                int v = (left + planar[c * nodes + i]) & mask;
                result[3 * i + c] = v >= sign ? v - (mask + 1) : v;
            }
        return result;
    }
}
