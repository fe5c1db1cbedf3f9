using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// Strict, bounded MessagePack reader over a span. Every length is checked against the
/// limits and against the bytes actually present before anything is sliced or allocated;
/// nothing is ever read past the end. Problems throw <see cref="MessagePackException"/>
/// naming the byte offset. <see cref="Consumed"/> tells how far it got, so a stream
/// decoder can frame messages (see <see cref="TryGetMessageLength"/>).
/// </summary>
public ref partial struct MessagePackReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public MessagePackReader(ReadOnlySpan<byte> data, MessagePackLimits? limits = null)
    {
        _data = data;
        _position = 0;
        Limits = limits ?? MessagePackLimits.Default;
    }

    public MessagePackLimits Limits { get; }

    /// <summary>Bytes consumed so far (the offset of the next value).</summary>
    public readonly int Consumed => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool End => _position >= _data.Length;

    /// <summary>The first byte of the next value without consuming it.</summary>
    public readonly byte PeekCode()
    {
        if (_position >= _data.Length) throw Truncated(1, "a value");
        byte code = _data[_position];
        if (code == MessagePackCode.NeverUsed) throw new MessagePackException("reserved format byte 0xc1", _position);
        return code;
    }

    /// <summary>The type family of the next value.</summary>
    public readonly MessagePackType NextType => MessagePackCode.TypeOf(PeekCode());

    public readonly bool NextIsNil => _position < _data.Length && _data[_position] == MessagePackCode.Nil;

    public void ReadNil()
    {
        if (!TryReadNil()) throw Mismatch("nil");
    }

    /// <summary>Consumes a nil and returns true, or leaves a non-nil value in place and returns false.</summary>
    public bool TryReadNil()
    {
        if (PeekCode() != MessagePackCode.Nil) return false;
        _position++;
        return true;
    }

    public bool ReadBoolean()
    {
        byte code = PeekCode();
        if (code == MessagePackCode.True) { _position++; return true; }
        if (code == MessagePackCode.False) { _position++; return false; }
        throw Mismatch("bool");
    }

    /// <summary>Any integer encoding whose value fits in Int64.</summary>
    public long ReadInt64()
    {
        int start = _position;
        long value = ReadIntegerBits(out bool aboveInt64);
        if (aboveInt64) throw new MessagePackException($"integer {(ulong)value} does not fit in int64", start);
        return value;
    }

    /// <summary>Any integer encoding whose value is non-negative.</summary>
    public ulong ReadUInt64()
    {
        int start = _position;
        long value = ReadIntegerBits(out bool aboveInt64);
        if (!aboveInt64 && value < 0) throw new MessagePackException($"integer {value} does not fit in uint64", start);
        return unchecked((ulong)value);
    }

    public int ReadInt32()
    {
        int start = _position;
        long value = ReadInt64();
        if (value is < int.MinValue or > int.MaxValue) throw new MessagePackException($"integer {value} does not fit in int32", start);
        return (int)value;
    }

    public uint ReadUInt32()
    {
        int start = _position;
        ulong value = ReadUInt64();
        if (value > uint.MaxValue) throw new MessagePackException($"integer {value} does not fit in uint32", start);
        return (uint)value;
    }

    /// <summary>float64, float32 (widened exactly) or any integer (converted).</summary>
    public double ReadDouble()
    {
        byte code = PeekCode();
        switch (code)
        {
            case MessagePackCode.Float64: return BinaryPrimitives.ReadDoubleBigEndian(Take(9, "float64")[1..]);
            case MessagePackCode.Float32: return BinaryPrimitives.ReadSingleBigEndian(Take(5, "float32")[1..]);
        }
        if (MessagePackCode.TypeOf(code) != MessagePackType.Integer) throw Mismatch("float");
        long bits = ReadIntegerBits(out bool aboveInt64);
        return aboveInt64 ? unchecked((ulong)bits) : bits;
    }

    /// <summary>float32, float64 (rounded to nearest float32) or any integer (converted).</summary>
    public float ReadSingle()
    {
        if (PeekCode() == MessagePackCode.Float32) return BinaryPrimitives.ReadSingleBigEndian(Take(5, "float32")[1..]);
        return (float)ReadDouble();
    }

    /// <summary>str as a .NET string (not nil: use TryReadNil first where nil is allowed).</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadStringBytes());

    /// <summary>The raw UTF-8 bytes of a str, validated; no allocation.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        int start = _position;
        byte code = PeekCode();
        int headerSize;
        long length;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr) { headerSize = 1; length = code & 0x1f; }
        else if (code == MessagePackCode.Str8) { headerSize = 2; length = Header(2, "str8")[1]; }
        else if (code == MessagePackCode.Str16) { headerSize = 3; length = BinaryPrimitives.ReadUInt16BigEndian(Header(3, "str16")[1..]); }
        else if (code == MessagePackCode.Str32) { headerSize = 5; length = BinaryPrimitives.ReadUInt32BigEndian(Header(5, "str32")[1..]); }
        else throw Mismatch("str");
        if (length > Limits.MaxStringBytes)
            throw new MessagePackException($"str of {length} bytes exceeds the limit of {Limits.MaxStringBytes}", start);
        var bytes = Take(headerSize + (int)length, "str")[headerSize..];
        if (!Utf8.IsValid(bytes)) throw new MessagePackException("str is not valid UTF-8", start);
        return bytes;
    }

    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    /// <summary>The bytes of a bin, without copying.</summary>
    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        int start = _position;
        byte code = PeekCode();
        int headerSize;
        long length;
        switch (code)
        {
            case MessagePackCode.Bin8: headerSize = 2; length = Header(2, "bin8")[1]; break;
            case MessagePackCode.Bin16: headerSize = 3; length = BinaryPrimitives.ReadUInt16BigEndian(Header(3, "bin16")[1..]); break;
            case MessagePackCode.Bin32: headerSize = 5; length = BinaryPrimitives.ReadUInt32BigEndian(Header(5, "bin32")[1..]); break;
            default: throw Mismatch("bin");
        }
        if (length > Limits.MaxBinaryBytes)
            throw new MessagePackException($"bin of {length} bytes exceeds the limit of {Limits.MaxBinaryBytes}", start);
        return Take(headerSize + (int)length, "bin")[headerSize..];
    }

    /// <summary>Array element count; checked against the limit and the bytes left (each element takes ≥ 1 byte).</summary>
    public int ReadArrayHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long count;
        if (code is >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray) { count = code & 0x0f; _position++; }
        else if (code == MessagePackCode.Array16) { count = BinaryPrimitives.ReadUInt16BigEndian(Take(3, "array16")[1..]); }
        else if (code == MessagePackCode.Array32) { count = BinaryPrimitives.ReadUInt32BigEndian(Take(5, "array32")[1..]); }
        else throw Mismatch("array");
        if (count > Limits.MaxArrayLength)
            throw new MessagePackException($"array of {count} elements exceeds the limit of {Limits.MaxArrayLength}", start);
        if (count > Remaining)
            throw new MessagePackException($"truncated: array declares {count} elements but only {Remaining} bytes remain", start);
        return (int)count;
    }

    /// <summary>Map pair count; checked against the limit and the bytes left (each pair takes ≥ 2 bytes).</summary>
    public int ReadMapHeader()
    {
        int start = _position;
        byte code = PeekCode();
        long count;
        if (code is >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap) { count = code & 0x0f; _position++; }
        else if (code == MessagePackCode.Map16) { count = BinaryPrimitives.ReadUInt16BigEndian(Take(3, "map16")[1..]); }
        else if (code == MessagePackCode.Map32) { count = BinaryPrimitives.ReadUInt32BigEndian(Take(5, "map32")[1..]); }
        else throw Mismatch("map");
        if (count > Limits.MaxMapLength)
            throw new MessagePackException($"map of {count} pairs exceeds the limit of {Limits.MaxMapLength}", start);
        if (count * 2 > Remaining)
            throw new MessagePackException($"truncated: map declares {count} pairs but only {Remaining} bytes remain", start);
        return (int)count;
    }

    /// <summary>An ext value: its type code and payload (without copying).</summary>
    public ReadOnlySpan<byte> ReadExtension(out sbyte type)
    {
        int start = _position;
        byte code = PeekCode();
        int headerSize;
        long length;
        switch (code)
        {
            case MessagePackCode.FixExt1: headerSize = 2; length = 1; break;
            case MessagePackCode.FixExt2: headerSize = 2; length = 2; break;
            case MessagePackCode.FixExt4: headerSize = 2; length = 4; break;
            case MessagePackCode.FixExt8: headerSize = 2; length = 8; break;
            case MessagePackCode.FixExt16: headerSize = 2; length = 16; break;
            case MessagePackCode.Ext8: headerSize = 3; length = Header(3, "ext8")[1]; break;
            case MessagePackCode.Ext16: headerSize = 4; length = BinaryPrimitives.ReadUInt16BigEndian(Header(4, "ext16")[1..]); break;
            case MessagePackCode.Ext32: headerSize = 6; length = BinaryPrimitives.ReadUInt32BigEndian(Header(6, "ext32")[1..]); break;
            default: throw Mismatch("ext");
        }
        if (length > Limits.MaxExtensionBytes)
            throw new MessagePackException($"ext of {length} bytes exceeds the limit of {Limits.MaxExtensionBytes}", start);
        var whole = Take(headerSize + (int)length, "ext");
        type = unchecked((sbyte)whole[headerSize - 1]);
        return whole[headerSize..];
    }

    /// <summary>A timestamp ext (type -1, 4/8/12-byte payload, nanoseconds ≤ 999,999,999).</summary>
    public MessagePackTimestamp ReadTimestamp()
    {
        int start = _position;
        if (MessagePackCode.TypeOf(PeekCode()) != MessagePackType.Extension) throw Mismatch("timestamp");
        var payload = ReadExtension(out sbyte type);
        if (type != MessagePackCode.TimestampType)
        {
            _position = start;
            throw new MessagePackException($"expected timestamp (ext -1), got ext {type}", start);
        }
        try
        {
            return MessagePackTimestamp.ReadPayload(payload, start);
        }
        catch (MessagePackException)
        {
            _position = start;
            throw;
        }
    }

    /// <summary>Skips one complete value (nested values included), enforcing depth and length limits.</summary>
    public void Skip()
    {
        int position = _position;
        var outcome = Scan(_data, ref position, 0, Limits);
        if (outcome != ScanOutcome.Complete) throw Truncated(1, "the rest of a value", position);
        _position = position;
    }

    /// <summary>
    /// Reads any integer encoding. Returns the value as Int64 bits; aboveInt64 is true only for
    /// a uint64 above Int64.MaxValue (then the bits are that unsigned value).
    /// </summary>
    internal long ReadIntegerBits(out bool aboveInt64)
    {
        aboveInt64 = false;
        byte code = PeekCode();
        if (code <= MessagePackCode.MaxPositiveFixInt) { _position++; return code; }
        if (code >= MessagePackCode.MinNegativeFixInt) { _position++; return unchecked((sbyte)code); }
        switch (code)
        {
            case MessagePackCode.UInt8: return Take(2, "uint8")[1];
            case MessagePackCode.UInt16: return BinaryPrimitives.ReadUInt16BigEndian(Take(3, "uint16")[1..]);
            case MessagePackCode.UInt32: return BinaryPrimitives.ReadUInt32BigEndian(Take(5, "uint32")[1..]);
            case MessagePackCode.UInt64:
            {
                ulong u = BinaryPrimitives.ReadUInt64BigEndian(Take(9, "uint64")[1..]);
                aboveInt64 = u > long.MaxValue;
                return unchecked((long)u);
            }
            case MessagePackCode.Int8: return unchecked((sbyte)Take(2, "int8")[1]);
            case MessagePackCode.Int16: return BinaryPrimitives.ReadInt16BigEndian(Take(3, "int16")[1..]);
            case MessagePackCode.Int32: return BinaryPrimitives.ReadInt32BigEndian(Take(5, "int32")[1..]);
            case MessagePackCode.Int64: return BinaryPrimitives.ReadInt64BigEndian(Take(9, "int64")[1..]);
            default: throw Mismatch("int");
        }
    }

    /// <summary>Consumes count bytes (the whole encoded value, header included) and returns them.</summary>
    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position) throw Truncated(count, what);
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Looks at a fixed-size header without consuming it.</summary>
    private readonly ReadOnlySpan<byte> Header(int count, string what)
    {
        if (count > _data.Length - _position) throw Truncated(count, what + " header");
        return _data.Slice(_position, count);
    }

    private readonly MessagePackException Truncated(long needed, string what, int? at = null) =>
        new($"truncated: {what} needs {needed} bytes but only {Math.Max(0, _data.Length - (at ?? _position))} remain", at ?? _position);

    private readonly MessagePackException Mismatch(string expected)
    {
        byte code = _data[_position];
        return new MessagePackException($"expected {expected}, got {Describe(code)} (0x{code:x2})", _position);
    }

    private static string Describe(byte code) => code switch
    {
        MessagePackCode.Float32 => "float32",
        MessagePackCode.Float64 => "float64",
        _ => MessagePackCode.TypeOf(code).ToString().ToLowerInvariant(),
    };
}
