namespace LutBridge.Looks;

/// <summary>
/// Adaptive binary range coder (the scheme of LZMA's: a 32-bit range, 11-bit probabilities of
/// a 0 that move 1/16 of the way toward each coded bit, bytes out with carry propagation).
/// Integer-only, so the C decoder (plugin-c/look/src/look_decode.c) reproduces it exactly.
/// The stream holds exactly the bytes the decoder reads (the encoder's always-zero first byte
/// is dropped), so a reader can reject a stream that is cut short or has bytes left over.
/// </summary>
public sealed class RangeEncoder
{
    public const int ProbabilityBits = 11;
    /// <summary>Adaptation speed: 1/16 (Looks are small; 1/32 learnt too slowly: 0.7% larger).</summary>
    public const int MoveBits = 4;
    public const ushort Half = 1 << (ProbabilityBits - 1);
    internal const uint Top = 1u << 24;

    private readonly List<byte> _out = new();
    private ulong _low;
    private uint _range = uint.MaxValue;
    private byte _cache;
    private long _cacheSize = 1;

    /// <summary>Codes one bit with the adaptive probability <paramref name="p"/> (of a 0), updating it.</summary>
    public void Bit(ref ushort p, int bit)
    {
        uint bound = (_range >> ProbabilityBits) * p;
        if (bit == 0)
        {
            _range = bound;
            p += (ushort)(((1 << ProbabilityBits) - p) >> MoveBits);
        }
        else
        {
            _low += bound;
            _range -= bound;
            p -= (ushort)(p >> MoveBits);
        }
        Normalise();
    }

    /// <summary>
    /// Codes <paramref name="v"/> ≥ 1: its bit length n − 1 in unary (the i-th bit with context
    /// length[min(i, length.Length − 1)], no closing 0 once n − 1 = <paramref name="maxLength"/>),
    /// then for n &gt; 1 bit n − 2 with context top[n − 1] and the bits below it direct.
    /// </summary>
    public void Magnitude(int v, Span<ushort> length, int maxLength, Span<ushort> top)
    {
        int bits = 0;
        while (v >> (bits + 1) != 0) bits++;
        if (bits > maxLength) throw new ArgumentOutOfRangeException(nameof(v), v, $"more than {maxLength + 1} bits");
        for (int i = 0; i < bits; i++) Bit(ref length[Math.Min(i, length.Length - 1)], 1);
        if (bits < maxLength) Bit(ref length[Math.Min(bits, length.Length - 1)], 0);
        if (bits == 0) return;
        Bit(ref top[bits], (v >> (bits - 1)) & 1);
        Direct(v, bits - 1);
    }

    /// <summary>Codes the low <paramref name="count"/> bits of <paramref name="value"/>, high first, at probability ½.</summary>
    public void Direct(int value, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            _range >>= 1;
            if (((value >> i) & 1) != 0) _low += _range;
            Normalise();
        }
    }

    private void Normalise()
    {
        while (_range < Top)
        {
            _range <<= 8;
            ShiftLow();
        }
    }

    private void ShiftLow()
    {
        if (_low < 0xFF000000UL || _low > 0xFFFFFFFFUL)
        {
            byte carry = (byte)(_low >> 32);
            byte pending = _cache;
            do
            {
                _out.Add((byte)(pending + carry));
                pending = 0xFF;
            } while (--_cacheSize != 0);
            _cache = (byte)(_low >> 24);
        }
        _cacheSize++;
        _low = (_low & 0x00FFFFFFUL) << 8;
    }

    /// <summary>Flushes and returns the stream (without the first byte, which is always 0).</summary>
    public byte[] Finish()
    {
        for (int i = 0; i < 5; i++) ShiftLow();
        if (_out[0] != 0) throw new InvalidOperationException("range coder: the first byte must be 0");
        return [.. _out.Skip(1)];
    }
}

/// <summary>The decoder of <see cref="RangeEncoder"/>'s streams; reading past the end is a FormatException.</summary>
public ref struct RangeDecoder
{
    private readonly ReadOnlySpan<byte> _in;
    private int _position;
    private uint _range;
    private uint _code;

    public RangeDecoder(ReadOnlySpan<byte> stream)
    {
        _in = stream;
        _range = uint.MaxValue;
        for (int i = 0; i < 4; i++) _code = (_code << 8) | Next();
    }

    /// <summary>True when every byte of the stream was read.</summary>
    public readonly bool AtEnd => _position == _in.Length;

    private byte Next() => _position < _in.Length ? _in[_position++] : throw new FormatException("residual stream ends early");

    public int Bit(ref ushort p)
    {
        uint bound = (_range >> RangeEncoder.ProbabilityBits) * p;
        int bit;
        if (_code < bound)
        {
            _range = bound;
            p += (ushort)(((1 << RangeEncoder.ProbabilityBits) - p) >> RangeEncoder.MoveBits);
            bit = 0;
        }
        else
        {
            _code -= bound;
            _range -= bound;
            p -= (ushort)(p >> RangeEncoder.MoveBits);
            bit = 1;
        }
        Normalise();
        return bit;
    }

    /// <summary>The inverse of <see cref="RangeEncoder.Magnitude"/>.</summary>
    public int Magnitude(Span<ushort> length, int maxLength, Span<ushort> top)
    {
        int bits = 0;
        while (bits < maxLength && Bit(ref length[Math.Min(bits, length.Length - 1)]) != 0) bits++;
        if (bits == 0) return 1;
        int v = (2 | Bit(ref top[bits])) << (bits - 1);
        return v | Direct(bits - 1);
    }

    public int Direct(int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            _range >>= 1;
            int bit = 0;
            if (_code >= _range)
            {
                _code -= _range;
                bit = 1;
            }
            value = (value << 1) | bit;
            Normalise();
        }
        return value;
    }

    private void Normalise()
    {
        while (_range < RangeEncoder.Top)
        {
            _range <<= 8;
            _code = (_code << 8) | Next();
        }
    }
}
