using LutBridge.Interop.MessagePack;

namespace LutBridge.Interop.Protocol;

/// <summary>
/// Identity, message tags and limits of the RPC protocol: a mirror of
/// plugin-c/include/lutbridge/protocol.h (a test parses the header and compares).
/// </summary>
public static class ProtocolLimits
{
    public const string ProtocolName = "lutbridge-rpc";
    public const int ApiLevel = 2;
    public const int ApiLevelCompatible = 1;

    public const int MessageRequest = 0;
    public const int MessageResponse = 1;
    public const int MessageNotification = 2;

    public const int MaxMessageBytes = 4194304;
    public const int MaxStringBytes = 1048576;
    public const int MaxContainerItems = 1048576;
    public const int MaxDepth = 32;
    public const int MaxMethodBytes = 64;
    public const int MaxErrorMessageBytes = 1024;
    public const int MaxConcurrentJobs = 2;
    public const int MaxQueuedJobs = 64;
    public const int MaxPendingPerConnection = 64;
    public const int MaxConnections = 128;
    public const int FrameTimeoutMs = 10000;
    public const int DefaultCallTimeoutMs = 120000;
    public const int HostStartTimeoutMs = 30000;
    public const int ProgressIntervalMs = 50;

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

    /// <summary>Every limit by its C name (LB_ prefix dropped), for the agreement test.</summary>
    public static IReadOnlyDictionary<string, long> ByCName { get; } = new Dictionary<string, long>
    {
        ["API_LEVEL"] = ApiLevel,
        ["API_LEVEL_COMPATIBLE"] = ApiLevelCompatible,
        ["MSG_REQUEST"] = MessageRequest,
        ["MSG_RESPONSE"] = MessageResponse,
        ["MSG_NOTIFICATION"] = MessageNotification,
        ["MAX_MESSAGE_BYTES"] = MaxMessageBytes,
        ["MAX_STRING_BYTES"] = MaxStringBytes,
        ["MAX_CONTAINER_ITEMS"] = MaxContainerItems,
        ["MAX_DEPTH"] = MaxDepth,
        ["MAX_METHOD_BYTES"] = MaxMethodBytes,
        ["MAX_ERROR_MESSAGE_BYTES"] = MaxErrorMessageBytes,
        ["MAX_CONCURRENT_JOBS"] = MaxConcurrentJobs,
        ["MAX_QUEUED_JOBS"] = MaxQueuedJobs,
        ["MAX_PENDING_PER_CONNECTION"] = MaxPendingPerConnection,
        ["MAX_CONNECTIONS"] = MaxConnections,
        ["FRAME_TIMEOUT_MS"] = FrameTimeoutMs,
        ["DEFAULT_CALL_TIMEOUT_MS"] = DefaultCallTimeoutMs,
        ["HOST_START_TIMEOUT_MS"] = HostStartTimeoutMs,
        ["PROGRESS_INTERVAL_MS"] = ProgressIntervalMs,
    };
}
