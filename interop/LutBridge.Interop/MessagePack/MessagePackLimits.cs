using System.Collections.Concurrent;
using MessagePack;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// Bounds the reader enforces so a hostile peer cannot make us recurse deeply, allocate
/// huge buffers or wait for a message that will never fit. Lengths are also checked
/// against the bytes actually present before anything is allocated.
/// </summary>
public sealed record MessagePackLimits
{
    /// <summary>Defaults sized for RPC messages carrying LUTs and Looks (a 65³ float LUT is ~3.3 MB).</summary>
    public static MessagePackLimits Default { get; } = new();

    /// <summary>Maximum nesting of arrays/maps (a top-level scalar is depth 0).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Maximum UTF-8 byte length of one str.</summary>
    public int MaxStringBytes { get; init; } = 16 << 20;

    /// <summary>Maximum byte length of one bin.</summary>
    public int MaxBinaryBytes { get; init; } = 64 << 20;

    /// <summary>Maximum payload length of one ext.</summary>
    public int MaxExtensionBytes { get; init; } = 64 << 20;

    /// <summary>Maximum element count of one array.</summary>
    public int MaxArrayLength { get; init; } = 1 << 20;

    /// <summary>Maximum pair count of one map.</summary>
    public int MaxMapLength { get; init; } = 1 << 18;

    /// <summary>Maximum total encoded size of one message.</summary>
    public int MaxMessageBytes { get; init; } = 96 << 20;

    /// <summary>The package's depth guard for <see cref="MaxDepth"/> (DepthStep on every array and map read).</summary>
    internal MessagePackSecurity Security => SecurityByDepth.GetOrAdd(MaxDepth,
        depth => MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(depth));

    private static readonly ConcurrentDictionary<int, MessagePackSecurity> SecurityByDepth = new();
}
