using LutBridge.Interop.MessagePack;

namespace LutBridge.Interop.Protocol;

/// <summary>
/// Identity, message tags and limits of the RPC protocol. The constants and
/// <see cref="ByCName"/> are generated at build time from the #defines of
/// plugin-c/include/lutbridge/protocol.h (LutBridge.Interop.Generator); this part derives
/// the reader's limits from them.
/// </summary>
public static partial class ProtocolLimits
{
    /// <summary>The limits every message from a peer is read with.</summary>
    public static MessagePackLimits Reader { get; } = new()
    {
        MaxDepth = MaxDepth,
        MaxStringBytes = MaxStringBytes,
        MaxBinaryBytes = MaxStringBytes,
        MaxExtensionBytes = MaxStringBytes,
        MaxArrayLength = MaxContainerItems,
        MaxMapLength = MaxContainerItems,
        MaxMessageBytes = MaxMessageBytes,
    };
}
