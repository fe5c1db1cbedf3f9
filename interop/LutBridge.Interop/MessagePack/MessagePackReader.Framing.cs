using System.Buffers.Binary;

namespace LutBridge.Interop.MessagePack;

public ref partial struct MessagePackReader
{
    internal enum ScanOutcome { Complete, NeedMoreData }

    /// <summary>
    /// Incremental framing for a byte stream: when buffer starts with one complete value,
    /// returns true with its encoded length; returns false when more bytes are needed;
    /// throws <see cref="MessagePackException"/> when the bytes can never form a valid
    /// message within the limits (reserved byte, too deep, a declared length over a limit,
    /// or a message that would exceed MaxMessageBytes) — so a peer cannot make us buffer
    /// without bound. Contents are not decoded (UTF-8 is checked when the value is read).
    /// </summary>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> buffer, MessagePackLimits? limits, out int length)
    {
        limits ??= MessagePackLimits.Default;
        int position = 0;
        if (Scan(buffer, ref position, 0, limits) == ScanOutcome.Complete)
        {
            length = position;
            return true;
        }
        length = 0;
        if (buffer.Length >= limits.MaxMessageBytes)
            throw new MessagePackException($"message exceeds the limit of {limits.MaxMessageBytes} bytes", 0);
        return false;
    }

    /// <summary>
    /// Walks one value starting at position. On Complete, position is just past it; on
    /// NeedMoreData, position is where the data ran out. Throws for anything malformed
    /// or over a limit; offsets count from the start of data (the message).
    /// </summary>
    internal static ScanOutcome Scan(ReadOnlySpan<byte> data, ref int position, int depth, MessagePackLimits limits)
    {
        if (position >= data.Length) return ScanOutcome.NeedMoreData;
        int start = position;
        if (!TryReadHeader(data, position, limits, out int headerSize, out long payload, out long elements))
            return ScanOutcome.NeedMoreData;

        // The smallest the whole value can be: header + payload + one byte per element.
        long minimumEnd = start + headerSize + payload + elements;
        if (minimumEnd > limits.MaxMessageBytes)
            throw new MessagePackException($"value would end past the message limit of {limits.MaxMessageBytes} bytes", start);

        if (elements == 0)
        {
            if (minimumEnd > data.Length)
            {
                position = data.Length;
                return ScanOutcome.NeedMoreData;
            }
            position = (int)minimumEnd;
            return ScanOutcome.Complete;
        }

        if (depth + 1 > limits.MaxDepth)
            throw new MessagePackException($"nesting deeper than the limit of {limits.MaxDepth}", start);
        position = start + headerSize;
        for (long i = 0; i < elements; i++)
        {
            if (Scan(data, ref position, depth + 1, limits) == ScanOutcome.NeedMoreData)
                return ScanOutcome.NeedMoreData;
        }
        return ScanOutcome.Complete;
    }

    /// <summary>
    /// Decodes the header at position: its size, the byte payload that follows it (str, bin,
    /// ext, fixed-width scalars) and the number of nested values (array elements, or 2 × map
    /// pairs). Returns false when the header itself is incomplete. Applies the per-type limits.
    /// </summary>
    internal static bool TryReadHeader(ReadOnlySpan<byte> data, int position, MessagePackLimits limits,
        out int headerSize, out long payload, out long elements)
    {
        byte code = data[position];
        payload = 0;
        elements = 0;
        headerSize = 1;
        int lengthBytes = 0;
        char kind = 's'; // s scalar/str, b bin, e ext, a array, m map
        switch (code)
        {
            case <= MessagePackCode.MaxPositiveFixInt:
            case >= MessagePackCode.MinNegativeFixInt:
            case MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True:
                return true;
            case <= MessagePackCode.MaxFixMap:
                elements = 2L * (code & 0x0f);
                kind = 'm';
                break;
            case <= MessagePackCode.MaxFixArray:
                elements = code & 0x0f;
                kind = 'a';
                break;
            case <= MessagePackCode.MaxFixStr:
                payload = code & 0x1f;
                break;
            case MessagePackCode.NeverUsed:
                throw new MessagePackException("reserved format byte 0xc1", position);
            case MessagePackCode.Bin8: lengthBytes = 1; kind = 'b'; break;
            case MessagePackCode.Bin16: lengthBytes = 2; kind = 'b'; break;
            case MessagePackCode.Bin32: lengthBytes = 4; kind = 'b'; break;
            case MessagePackCode.Ext8: lengthBytes = 1; kind = 'e'; headerSize = 2; break;
            case MessagePackCode.Ext16: lengthBytes = 2; kind = 'e'; headerSize = 2; break;
            case MessagePackCode.Ext32: lengthBytes = 4; kind = 'e'; headerSize = 2; break;
            case MessagePackCode.Float32: payload = 4; break;
            case MessagePackCode.Float64: payload = 8; break;
            case MessagePackCode.UInt8 or MessagePackCode.Int8: payload = 1; break;
            case MessagePackCode.UInt16 or MessagePackCode.Int16: payload = 2; break;
            case MessagePackCode.UInt32 or MessagePackCode.Int32: payload = 4; break;
            case MessagePackCode.UInt64 or MessagePackCode.Int64: payload = 8; break;
            case MessagePackCode.FixExt1: headerSize = 2; payload = 1; kind = 'e'; break;
            case MessagePackCode.FixExt2: headerSize = 2; payload = 2; kind = 'e'; break;
            case MessagePackCode.FixExt4: headerSize = 2; payload = 4; kind = 'e'; break;
            case MessagePackCode.FixExt8: headerSize = 2; payload = 8; kind = 'e'; break;
            case MessagePackCode.FixExt16: headerSize = 2; payload = 16; kind = 'e'; break;
            case MessagePackCode.Str8: lengthBytes = 1; break;
            case MessagePackCode.Str16: lengthBytes = 2; break;
            case MessagePackCode.Str32: lengthBytes = 4; break;
            case MessagePackCode.Array16: lengthBytes = 2; kind = 'a'; break;
            case MessagePackCode.Array32: lengthBytes = 4; kind = 'a'; break;
            case MessagePackCode.Map16: lengthBytes = 2; kind = 'm'; break;
            case MessagePackCode.Map32: lengthBytes = 4; kind = 'm'; break;
        }

        if (lengthBytes > 0)
        {
            headerSize += lengthBytes;
            if (data.Length - position < headerSize) return false;
            var field = data.Slice(position + 1, lengthBytes);
            long declared = lengthBytes switch
            {
                1 => field[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(field),
                _ => BinaryPrimitives.ReadUInt32BigEndian(field),
            };
            switch (kind)
            {
                case 'a': elements = declared; break;
                case 'm': elements = 2 * declared; break;
                default: payload = declared; break;
            }
        }
        else if (data.Length - position < headerSize)
        {
            return false;
        }

        (long value, long limit, string what) = kind switch
        {
            'a' => (elements, (long)limits.MaxArrayLength, "array elements"),
            'm' => (elements / 2, (long)limits.MaxMapLength, "map pairs"),
            'b' => (payload, (long)limits.MaxBinaryBytes, "bin bytes"),
            'e' => (payload, (long)limits.MaxExtensionBytes, "ext bytes"),
            _ => (payload, code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr or >= MessagePackCode.Str8 and <= MessagePackCode.Str32
                ? limits.MaxStringBytes : long.MaxValue, "str bytes"),
        };
        if (value > limit)
            throw new MessagePackException($"{value} {what} exceed the limit of {limit}", position);
        return true;
    }

    /// <summary>Walks the value at the reader's position without consuming it; probe ends where the walk stopped.</summary>
    internal static ScanOutcome ScanFrom(ref MessagePackReader reader, ref int probe) =>
        Scan(reader._data, ref probe, 0, reader.Limits);
}
