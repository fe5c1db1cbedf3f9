namespace LutBridge.Interop.MessagePack;

/// <summary>What kind of problem a <see cref="MessagePackException"/> reports; the RPC layer maps it to an error code.</summary>
public enum MessagePackErrorKind
{
    /// <summary>Malformed, truncated or mistyped data (a reserved byte, invalid UTF-8, a value that ends early).</summary>
    Malformed,
    /// <summary>A declared length, a count or the message itself is over a <see cref="MessagePackLimits"/> bound.</summary>
    TooLarge,
    /// <summary>Arrays and maps nest deeper than <see cref="MessagePackLimits.MaxDepth"/>.</summary>
    TooDeep,
}

/// <summary>
/// Malformed, truncated, mistyped or over-limit MessagePack data. The message says what
/// was wrong and at which byte offset, so a peer's bad message can be reported precisely;
/// <see cref="Kind"/> says which class of problem it is.
/// </summary>
public sealed class MessagePackException : Exception
{
    public MessagePackException(string message, MessagePackErrorKind kind = MessagePackErrorKind.Malformed) : base(message)
    {
        Kind = kind;
    }

    public MessagePackException(string message, long offset, MessagePackErrorKind kind = MessagePackErrorKind.Malformed)
        : base($"{message} (at byte offset {offset})")
    {
        Offset = offset;
        Kind = kind;
    }

    public MessagePackErrorKind Kind { get; }

    /// <summary>Byte offset in the message where the problem was found; -1 when not tied to one.</summary>
    public long Offset { get; } = -1;
}
