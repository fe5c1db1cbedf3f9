using LutBridge.Core.Luts;

namespace LutBridge.Core.Apply;

/// <summary>
/// A lattice prepared for exact-enough 8-bit tetrahedral application with integer maths.
/// Each entry packs R, G, B into one 64-bit word, 21 bits apart ("SIMD within a register"):
/// a field holds round((c + 0.5) × 4096), 13 bits, so c ∈ [−0.5, 1.5) is represented to
/// 1/4096 (0.06 of an 8-bit code value). Tetrahedral weights of 8-bit inputs are exact
/// integers over 255 (the fraction of v·(N−1)/255), sum to 255, and 255 × 8191 fits the
/// 21-bit field, so one 64-bit multiply-add per vertex weighs all three channels at once.
/// </summary>
internal sealed class PackedLattice8
{
    public const int FieldBits = 21;
    public const int FracShift = 24;

    public int Size { get; }

    /// <summary>Size³ packed entries, red fastest.</summary>
    public ulong[] Entries { get; }

    /// <summary>
    /// Per channel and 8-bit value: the lattice index contribution (low 32 bits) and the
    /// sort key (high 32 bits): fraction numerator (0..255) &lt;&lt; 24 | the channel's axis step.
    /// </summary>
    public ulong[] Keys { get; } = new ulong[3 * 256];

    /// <summary>Output byte for a field's bits 12..20: clamp(x − 127, 0, 255).</summary>
    public byte[] Clamp { get; } = new byte[512];

    public int Diagonal => 1 + Size + Size * Size;

    public PackedLattice8(float[] lattice, int size)
    {
        Size = size;
        Entries = new ulong[size * size * size];
        for (int i = 0; i < Entries.Length; i++)
            Entries[i] = Pack(lattice[3 * i]) | Pack(lattice[3 * i + 1]) << FieldBits | Pack(lattice[3 * i + 2]) << (2 * FieldBits);
        int[] steps = [1, size, size * size];
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < 256; v++)
            {
                var (index, frac) = Split(v, size);
                ulong key = (ulong)frac << FracShift | (uint)steps[c];
                Keys[c * 256 + v] = key << 32 | (uint)(index * steps[c]);
            }
        for (int x = 0; x < 512; x++) Clamp[x] = (byte)Math.Clamp(x - 127, 0, 255);
    }

    /// <summary>v·(N−1)/255 as lower lattice index and fraction numerator over 255; v = 255 uses the last cell with fraction 1.</summary>
    public static (int Index, int Frac) Split(int v, int size)
    {
        int t = v * (size - 1);
        int index = Math.Min(t / 255, size - 2);
        return (index, t - index * 255);
    }

    private static ulong Pack(float c)
    {
        float q = MathF.Round((c + 0.5f) * 4096f);
        return (ulong)(q > 0 ? Math.Min(q, 8191f) : 0f); // NaN and below-range → 0
    }
}
