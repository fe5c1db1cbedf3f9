using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// Frames a byte stream into whole MessagePack values with MessagePack-CSharp's reader,
/// enforcing <see cref="MessagePackLimits"/> on the headers alone, so a peer cannot make us
/// buffer, allocate or recurse without bound: every declared length and count is checked
/// against its limit and against the message limit before its bytes are waited for, and
/// nesting depth goes through <see cref="MessagePackSecurity.DepthStep"/> (the package's
/// reader enforces no depth by itself). Contents are not decoded here (UTF-8 is checked
/// when a value is read).
/// </summary>
public static class MessageFraming
{
    private enum Outcome { Complete, NeedMoreData }

    /// <summary>
    /// When <paramref name="buffer"/> starts with one complete value, returns true with its
    /// encoded length; returns false when more bytes are needed; throws
    /// <see cref="MessagePackException"/> when the bytes can never form a valid message within
    /// the limits (reserved byte, too deep, a declared length over a limit, or a message that
    /// would exceed MaxMessageBytes).
    /// </summary>
    public static bool TryGetMessageLength(ReadOnlyMemory<byte> buffer, MessagePackLimits? limits, out int length)
    {
        limits ??= MessagePackLimits.Default;
        var reader = new MessagePackReader(buffer);
        if (Walk(ref reader, limits, Security(limits)) == Outcome.Complete)
        {
            length = (int)reader.Consumed;
            return true;
        }
        length = 0;
        if (buffer.Length >= limits.MaxMessageBytes)
            throw new MessagePackException($"message exceeds the limit of {limits.MaxMessageBytes} bytes", 0, MessagePackErrorKind.TooLarge);
        return false;
    }

    /// <summary>
    /// Checks that the value at the reader's position is complete and within the limits,
    /// without moving the reader; throws a truncation error when it is incomplete.
    /// </summary>
    internal static void CheckComplete(in MessagePackReader reader, MessagePackLimits limits)
    {
        long start = reader.Consumed;
        var probe = reader; // a copy: same sequence and position, moves on its own
        if (Walk(ref probe, limits, Security(limits), start) != Outcome.Complete)
            throw new MessagePackException($"truncated: the value starting at {start} is incomplete", probe.Consumed);
    }

    /// <summary>The package's depth guard for these limits (one instance per limits object).</summary>
    internal static MessagePackSecurity Security(MessagePackLimits limits) => limits.Security;

    /// <summary>
    /// Walks one value. On Complete the reader is just past it; on NeedMoreData it stopped
    /// where the data ran out. Offsets are the reader's (from the start of its sequence);
    /// <paramref name="origin"/> is where the message starts (for the message limit).
    /// </summary>
    private static Outcome Walk(ref MessagePackReader reader, MessagePackLimits limits, MessagePackSecurity security, long origin = 0)
    {
        if (reader.End) return Outcome.NeedMoreData;
        long start = reader.Consumed;
        byte code = reader.NextCode;
        var type = reader.NextMessagePackType;
        if (type == MessagePackType.Unknown)
            throw new MessagePackException($"reserved format byte 0x{code:x2}", start);

        if (type is MessagePackType.Array or MessagePackType.Map)
        {
            bool isMap = type == MessagePackType.Map;
            int header;
            if (!(isMap ? reader.TryReadMapHeader(out header) : reader.TryReadArrayHeader(out header))) return Outcome.NeedMoreData;
            long count = (uint)header; // a 32-bit count above int.MaxValue arrives negative
            long limit = isMap ? limits.MaxMapLength : limits.MaxArrayLength;
            if (count > limit)
                throw new MessagePackException($"{count} {(isMap ? "map pairs" : "array elements")} exceed the limit of {limit}", start, MessagePackErrorKind.TooLarge);
            long elements = isMap ? 2 * count : count;
            // The smallest the whole value can be: one byte per element.
            CheckMessageLimit(reader.Consumed - origin + elements, start, limits);
            if (elements == 0) return Outcome.Complete;
            try
            {
                security.DepthStep(ref reader);
            }
            catch (InsufficientExecutionStackException)
            {
                throw new MessagePackException($"nesting deeper than the limit of {limits.MaxDepth}", start, MessagePackErrorKind.TooDeep);
            }
            for (long i = 0; i < elements; i++)
            {
                if (Walk(ref reader, limits, security, origin) == Outcome.NeedMoreData) return Outcome.NeedMoreData;
            }
            reader.Depth--;
            return Outcome.Complete;
        }

        if (!TryPayloadLength(ref reader, code, type, out int headerSize, out long payload)) return Outcome.NeedMoreData;
        (long max, string what) = type switch
        {
            MessagePackType.String => ((long)limits.MaxStringBytes, "str bytes"),
            MessagePackType.Binary => (limits.MaxBinaryBytes, "bin bytes"),
            MessagePackType.Extension => (limits.MaxExtensionBytes, "ext bytes"),
            _ => (long.MaxValue, ""),
        };
        if (payload > max)
            throw new MessagePackException($"{payload} {what} exceed the limit of {max}", start, MessagePackErrorKind.TooLarge);
        long end = start + headerSize + payload;
        CheckMessageLimit(end - origin, start, limits);
        if (end > reader.Sequence.Length) return Outcome.NeedMoreData;
        reader.Skip();
        return Outcome.Complete;
    }

    private static void CheckMessageLimit(long minimumEnd, long start, MessagePackLimits limits)
    {
        if (minimumEnd > limits.MaxMessageBytes)
            throw new MessagePackException($"value would end past the message limit of {limits.MaxMessageBytes} bytes", start, MessagePackErrorKind.TooLarge);
    }

    /// <summary>
    /// The header size and the payload length a scalar, str, bin or ext declares, read from
    /// its header alone (the package reads lengths only together with the bytes they count,
    /// which would make us wait for a 4 GiB string before refusing it). False when the header
    /// itself is incomplete.
    /// </summary>
    private static bool TryPayloadLength(ref MessagePackReader reader, byte code, MessagePackType type, out int headerSize, out long payload)
    {
        headerSize = 1;
        payload = 0;
        switch (type)
        {
            case MessagePackType.Extension:
            {
                var peek = reader; // a copy: the header is read again by Skip()
                if (!peek.TryReadExtensionFormatHeader(out var header)) return false;
                headerSize = (int)(peek.Consumed - reader.Consumed);
                payload = header.Length;
                return true;
            }
            case MessagePackType.String when code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr:
                payload = code & 0x1f;
                return true;
            case MessagePackType.String or MessagePackType.Binary:
            {
                int lengthBytes = code switch
                {
                    MessagePackCode.Str8 or MessagePackCode.Bin8 => 1,
                    MessagePackCode.Str16 or MessagePackCode.Bin16 => 2,
                    _ => 4,
                };
                headerSize = 1 + lengthBytes;
                var rest = reader.Sequence.Slice(reader.Position);
                if (rest.Length < headerSize) return false;
                Span<byte> field = stackalloc byte[4];
                rest.Slice(1, lengthBytes).CopyTo(field);
                payload = lengthBytes switch
                {
                    1 => field[0],
                    2 => BinaryPrimitives.ReadUInt16BigEndian(field),
                    _ => BinaryPrimitives.ReadUInt32BigEndian(field),
                };
                return true;
            }
            default:
                // nil, bool, integers and floats: the fixed width after the code byte.
                payload = code switch
                {
                    MessagePackCode.UInt8 or MessagePackCode.Int8 => 1,
                    MessagePackCode.UInt16 or MessagePackCode.Int16 => 2,
                    MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32 => 4,
                    MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64 => 8,
                    _ => 0,
                };
                return true;
        }
    }
}
