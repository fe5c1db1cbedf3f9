using System.Buffers.Binary;
using System.Text;

namespace LutBridge.Engines.Looks;

/// <summary>
/// The few MessagePack types a .look file uses (nil, positive/negative int, float32, str,
/// bin, array, map), written and read with bounds checks. Stands in until the shared codec
/// in LutBridge.Interop lands; the byte layout is standard MessagePack either way.
/// </summary>
internal sealed class MiniMessagePackWriter
{
    private readonly MemoryStream _out = new();

    public byte[] ToArray() => _out.ToArray();

    public void WriteNil() => _out.WriteByte(0xc0);

    /// <summary>Appends already-encoded MessagePack bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    public void WriteInt(long v)
    {
        if (v >= 0 && v <= 127) _out.WriteByte((byte)v);
        else if (v < 0 && v >= -32) _out.WriteByte((byte)(sbyte)v);
        else if (v >= sbyte.MinValue && v <= byte.MaxValue)
        {
            if (v < 0) { _out.WriteByte(0xd0); _out.WriteByte((byte)(sbyte)v); }
            else { _out.WriteByte(0xcc); _out.WriteByte((byte)v); }
        }
        else if (v >= short.MinValue && v <= ushort.MaxValue)
        {
            Span<byte> b = stackalloc byte[2];
            if (v < 0) { _out.WriteByte(0xd1); BinaryPrimitives.WriteInt16BigEndian(b, (short)v); }
            else { _out.WriteByte(0xcd); BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); }
            _out.Write(b);
        }
        else
        {
            Span<byte> b = stackalloc byte[4];
            if (v < 0) { _out.WriteByte(0xd2); BinaryPrimitives.WriteInt32BigEndian(b, checked((int)v)); }
            else { _out.WriteByte(0xce); BinaryPrimitives.WriteUInt32BigEndian(b, checked((uint)v)); }
            _out.Write(b);
        }
    }

    public void WriteFloat32(float v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleBigEndian(b, v);
        _out.WriteByte(0xca);
        _out.Write(b);
    }

    public void WriteString(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length < 32) _out.WriteByte((byte)(0xa0 | bytes.Length));
        else if (bytes.Length <= 255) { _out.WriteByte(0xd9); _out.WriteByte((byte)bytes.Length); }
        else throw new ArgumentException("string too long for a .look file", nameof(s));
        _out.Write(bytes);
    }

    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= 255) { _out.WriteByte(0xc4); _out.WriteByte((byte)bytes.Length); }
        else if (bytes.Length <= ushort.MaxValue) { _out.WriteByte(0xc5); _out.WriteByte((byte)(bytes.Length >> 8)); _out.WriteByte((byte)bytes.Length); }
        else
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, (uint)bytes.Length);
            _out.WriteByte(0xc6);
            _out.Write(b);
        }
        _out.Write(bytes);
    }

    public void WriteArrayHeader(int count) => WriteHeader(count, 0x90, 0xdc);

    public void WriteMapHeader(int count) => WriteHeader(count, 0x80, 0xde);

    private void WriteHeader(int count, byte fix, byte sixteen)
    {
        if (count < 16) _out.WriteByte((byte)(fix | count));
        else if (count <= ushort.MaxValue) { _out.WriteByte(sixteen); _out.WriteByte((byte)(count >> 8)); _out.WriteByte((byte)count); }
        else throw new ArgumentOutOfRangeException(nameof(count));
    }
}

/// <summary>Reads the subset written by <see cref="MiniMessagePackWriter"/>; any mismatch throws <see cref="FormatException"/>.</summary>
internal ref struct MiniMessagePackReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public MiniMessagePackReader(ReadOnlySpan<byte> data) { _data = data; _pos = 0; }

    public readonly int Position => _pos;
    public readonly bool End => _pos >= _data.Length;

    /// <summary>True when the next item is a bin (bin8/16/32).</summary>
    public readonly bool NextIsBinary => _pos < _data.Length && _data[_pos] is 0xc4 or 0xc5 or 0xc6;

    public bool TryReadNil()
    {
        if (Peek() != 0xc0) return false;
        _pos++;
        return true;
    }

    public long ReadInt()
    {
        byte t = Take();
        if (t <= 0x7f) return t;
        if (t >= 0xe0) return (sbyte)t;
        return t switch
        {
            0xcc => Take(),
            0xcd => BinaryPrimitives.ReadUInt16BigEndian(Bytes(2)),
            0xce => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4)),
            0xd0 => (sbyte)Take(),
            0xd1 => BinaryPrimitives.ReadInt16BigEndian(Bytes(2)),
            0xd2 => BinaryPrimitives.ReadInt32BigEndian(Bytes(4)),
            _ => throw Unexpected(t, "an integer"),
        };
    }

    public float ReadFloat32()
    {
        byte t = Take();
        if (t != 0xca) throw Unexpected(t, "a float32");
        return BinaryPrimitives.ReadSingleBigEndian(Bytes(4));
    }

    public string ReadString()
    {
        byte t = Take();
        int n = t >= 0xa0 && t <= 0xbf ? t & 0x1f : t == 0xd9 ? Take() : throw Unexpected(t, "a string");
        try { return new UTF8Encoding(false, true).GetString(Bytes(n)); }
        catch (DecoderFallbackException) { throw new FormatException($"invalid UTF-8 in a string at byte {_pos - n}"); }
    }

    public ReadOnlySpan<byte> ReadBinary()
    {
        byte t = Take();
        long n = t switch
        {
            0xc4 => Take(),
            0xc5 => BinaryPrimitives.ReadUInt16BigEndian(Bytes(2)),
            0xc6 => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4)),
            _ => throw Unexpected(t, "binary data"),
        };
        if (n > _data.Length - _pos) throw Truncated();
        return Bytes((int)n);
    }

    public int ReadArrayHeader() => ReadHeader(0x90, 0xdc, "an array");

    public int ReadMapHeader() => ReadHeader(0x80, 0xde, "a map");

    private int ReadHeader(byte fix, byte sixteen, string what)
    {
        byte t = Take();
        if ((t & 0xf0) == fix) return t & 0x0f;
        if (t == sixteen) return BinaryPrimitives.ReadUInt16BigEndian(Bytes(2));
        throw Unexpected(t, what);
    }

    private readonly byte Peek() => _pos < _data.Length ? _data[_pos] : throw Truncated();

    private byte Take() => _pos < _data.Length ? _data[_pos++] : throw Truncated();

    private ReadOnlySpan<byte> Bytes(int n)
    {
        if (n > _data.Length - _pos) throw Truncated();
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    private readonly FormatException Truncated() => new($"truncated: data ends at byte {_data.Length}");

    private readonly FormatException Unexpected(byte t, string what) => new($"expected {what} at byte {_pos - 1}, found type byte 0x{t:x2}");
}
