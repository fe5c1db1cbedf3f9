using System.Buffers.Binary;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// The timestamp extension (type -1): seconds since the Unix epoch (signed 64-bit) plus
/// nanoseconds (0..999,999,999). Kept as the raw pair because the wire range (±292 billion
/// years) is far wider than DateTimeOffset's.
/// </summary>
public readonly record struct MessagePackTimestamp
{
    public const uint NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The extension type code of timestamps.</summary>
    public const sbyte ExtensionType = -1;

    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        if (nanoseconds >= NanosecondsPerSecond)
            throw new ArgumentOutOfRangeException(nameof(nanoseconds), nanoseconds, "nanoseconds must be below 1,000,000,000");
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    public long Seconds { get; }
    public uint Nanoseconds { get; }

    public static MessagePackTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0) { seconds--; remainder += TimeSpan.TicksPerSecond; }
        return new MessagePackTimestamp(seconds, (uint)(remainder * 100));
    }

    /// <summary>Converts to DateTimeOffset (UTC), truncating to 100 ns ticks; throws when out of its range.</summary>
    public DateTimeOffset ToDateTimeOffset()
    {
        const long minSeconds = -62_135_596_800; // 0001-01-01
        const long maxSeconds = 253_402_300_799; // 9999-12-31T23:59:59
        if (Seconds < minSeconds || Seconds > maxSeconds)
            throw new MessagePackException($"timestamp {Seconds}s is outside the DateTimeOffset range");
        return DateTimeOffset.UnixEpoch.AddTicks(Seconds * TimeSpan.TicksPerSecond + Nanoseconds / 100);
    }

    /// <summary>Payload size of the smallest encoding: 4 (timestamp32), 8 (timestamp64) or 12 (timestamp96).</summary>
    public int EncodedLength =>
        Nanoseconds == 0 && Seconds >= 0 && Seconds <= uint.MaxValue ? 4
        : Seconds >= 0 && Seconds < (1L << 34) ? 8
        : 12;

    /// <summary>Writes the smallest payload into destination (length EncodedLength).</summary>
    public void WritePayload(Span<byte> destination)
    {
        switch (EncodedLength)
        {
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Seconds);
                break;
            case 8:
                BinaryPrimitives.WriteUInt64BigEndian(destination, ((ulong)Nanoseconds << 34) | (ulong)Seconds);
                break;
            default:
                BinaryPrimitives.WriteUInt32BigEndian(destination, Nanoseconds);
                BinaryPrimitives.WriteInt64BigEndian(destination[4..], Seconds);
                break;
        }
    }

    /// <summary>Decodes a timestamp ext payload; throws on a bad length or nanoseconds ≥ 1e9.</summary>
    public static MessagePackTimestamp ReadPayload(ReadOnlySpan<byte> payload, long offset = -1)
    {
        switch (payload.Length)
        {
            case 4:
                return new MessagePackTimestamp(BinaryPrimitives.ReadUInt32BigEndian(payload), 0);
            case 8:
            {
                ulong packed = BinaryPrimitives.ReadUInt64BigEndian(payload);
                return Checked((long)(packed & ((1UL << 34) - 1)), (uint)(packed >> 34), offset);
            }
            case 12:
                return Checked(BinaryPrimitives.ReadInt64BigEndian(payload[4..]), BinaryPrimitives.ReadUInt32BigEndian(payload), offset);
            default:
                throw new MessagePackException($"timestamp payload must be 4, 8 or 12 bytes, got {payload.Length}", offset);
        }
    }

    private static MessagePackTimestamp Checked(long seconds, uint nanoseconds, long offset) =>
        nanoseconds < NanosecondsPerSecond
            ? new MessagePackTimestamp(seconds, nanoseconds)
            : throw new MessagePackException($"timestamp nanoseconds {nanoseconds} exceed 999999999", offset);

    public override string ToString() => $"{Seconds}.{Nanoseconds:D9}";
}
