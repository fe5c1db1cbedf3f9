using System.Buffers.Binary;
using System.Text;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// Writes MessagePack into a growable buffer, always choosing the smallest (canonical)
/// encoding for the value: fixint/uint/int by value, fixstr/str8..32, bin8..32,
/// fixarray/array16/32, fixmap/map16/32, fixext/ext8..32, timestamp 32/64/96.
/// Floats keep their width: Write(float) is float32, Write(double) is float64.
/// Reuse one writer with Clear() to avoid reallocating.
/// </summary>
public sealed class MessagePackWriter
{
    private byte[] _buffer;
    private int _length;

    public MessagePackWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets what was written, keeping the buffer for reuse.</summary>
    public void Clear() => _length = 0;

    public void WriteNil() => Reserve(1)[0] = MessagePackCode.Nil;

    public void Write(bool value) => Reserve(1)[0] = value ? MessagePackCode.True : MessagePackCode.False;

    public void Write(sbyte value) => Write((long)value);
    public void Write(short value) => Write((long)value);
    public void Write(int value) => Write((long)value);
    public void Write(byte value) => Write((ulong)value);
    public void Write(ushort value) => Write((ulong)value);
    public void Write(uint value) => Write((ulong)value);

    public void Write(long value)
    {
        if (value >= 0) { Write((ulong)value); return; }
        if (value >= -32) { Reserve(1)[0] = unchecked((byte)value); return; }
        if (value >= sbyte.MinValue) { var s = Reserve(2); s[0] = MessagePackCode.Int8; s[1] = unchecked((byte)value); return; }
        if (value >= short.MinValue) { var s = Reserve(3); s[0] = MessagePackCode.Int16; BinaryPrimitives.WriteInt16BigEndian(s[1..], (short)value); return; }
        if (value >= int.MinValue) { var s = Reserve(5); s[0] = MessagePackCode.Int32; BinaryPrimitives.WriteInt32BigEndian(s[1..], (int)value); return; }
        var w = Reserve(9); w[0] = MessagePackCode.Int64; BinaryPrimitives.WriteInt64BigEndian(w[1..], value);
    }

    public void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxPositiveFixInt) { Reserve(1)[0] = (byte)value; return; }
        if (value <= byte.MaxValue) { var s = Reserve(2); s[0] = MessagePackCode.UInt8; s[1] = (byte)value; return; }
        if (value <= ushort.MaxValue) { var s = Reserve(3); s[0] = MessagePackCode.UInt16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)value); return; }
        if (value <= uint.MaxValue) { var s = Reserve(5); s[0] = MessagePackCode.UInt32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)value); return; }
        var w = Reserve(9); w[0] = MessagePackCode.UInt64; BinaryPrimitives.WriteUInt64BigEndian(w[1..], value);
    }

    /// <summary>float32.</summary>
    public void Write(float value)
    {
        var s = Reserve(5);
        s[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(s[1..], value);
    }

    /// <summary>float64.</summary>
    public void Write(double value)
    {
        var s = Reserve(9);
        s[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(s[1..], value);
    }

    /// <summary>str (UTF-8); null writes nil. Unpaired surrogates throw (they have no UTF-8 form).</summary>
    public void Write(string? value)
    {
        if (value is null) { WriteNil(); return; }
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("string contains an unpaired surrogate and cannot be encoded as UTF-8", nameof(value), e);
        }
        WriteStringHeader(byteCount);
        StrictUtf8.GetBytes(value, Reserve(byteCount));
    }

    /// <summary>str from bytes the caller guarantees to be valid UTF-8.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        utf8.CopyTo(Reserve(utf8.Length));
    }

    public void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= 31) Reserve(1)[0] = (byte)(MessagePackCode.MinFixStr | byteCount);
        else if (byteCount <= byte.MaxValue) { var s = Reserve(2); s[0] = MessagePackCode.Str8; s[1] = (byte)byteCount; }
        else if (byteCount <= ushort.MaxValue) { var s = Reserve(3); s[0] = MessagePackCode.Str16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)byteCount); }
        else { var s = Reserve(5); s[0] = MessagePackCode.Str32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)byteCount); }
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteBinaryHeader(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void WriteBinaryHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= byte.MaxValue) { var s = Reserve(2); s[0] = MessagePackCode.Bin8; s[1] = (byte)byteCount; }
        else if (byteCount <= ushort.MaxValue) { var s = Reserve(3); s[0] = MessagePackCode.Bin16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)byteCount); }
        else { var s = Reserve(5); s[0] = MessagePackCode.Bin32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)byteCount); }
    }

    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15) Reserve(1)[0] = (byte)(MessagePackCode.MinFixArray | count);
        else if (count <= ushort.MaxValue) { var s = Reserve(3); s[0] = MessagePackCode.Array16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count); }
        else { var s = Reserve(5); s[0] = MessagePackCode.Array32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)count); }
    }

    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15) Reserve(1)[0] = (byte)(MessagePackCode.MinFixMap | count);
        else if (count <= ushort.MaxValue) { var s = Reserve(3); s[0] = MessagePackCode.Map16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count); }
        else { var s = Reserve(5); s[0] = MessagePackCode.Map32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)count); }
    }

    public void WriteExtension(sbyte type, ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(type, data.Length);
        data.CopyTo(Reserve(data.Length));
    }

    public void WriteExtensionHeader(sbyte type, int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        byte fixCode = byteCount switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0) { var s = Reserve(2); s[0] = fixCode; s[1] = unchecked((byte)type); }
        else if (byteCount <= byte.MaxValue) { var s = Reserve(3); s[0] = MessagePackCode.Ext8; s[1] = (byte)byteCount; s[2] = unchecked((byte)type); }
        else if (byteCount <= ushort.MaxValue) { var s = Reserve(4); s[0] = MessagePackCode.Ext16; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)byteCount); s[3] = unchecked((byte)type); }
        else { var s = Reserve(6); s[0] = MessagePackCode.Ext32; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)byteCount); s[5] = unchecked((byte)type); }
    }

    /// <summary>Timestamp extension in its smallest form (32, 64 or 96 bit).</summary>
    public void WriteTimestamp(MessagePackTimestamp value)
    {
        int length = value.EncodedLength;
        WriteExtensionHeader(MessagePackCode.TimestampType, length);
        value.WritePayload(Reserve(length));
    }

    public void WriteTimestamp(long seconds, uint nanoseconds) => WriteTimestamp(new MessagePackTimestamp(seconds, nanoseconds));

    public void WriteTimestamp(DateTimeOffset value) => WriteTimestamp(MessagePackTimestamp.FromDateTimeOffset(value));

    /// <summary>Appends bytes that already are one or more complete MessagePack values.</summary>
    public void WriteRaw(ReadOnlySpan<byte> encoded) => encoded.CopyTo(Reserve(encoded.Length));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Span<byte> Reserve(int count)
    {
        int needed = _length + count;
        if (needed > _buffer.Length)
        {
            int grown = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, needed));
            if (grown < needed) throw new InvalidOperationException("MessagePack output exceeds the maximum array size");
            Array.Resize(ref _buffer, grown);
        }
        var span = _buffer.AsSpan(_length, count);
        _length = needed;
        return span;
    }
}
