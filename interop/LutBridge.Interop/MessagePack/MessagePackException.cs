namespace LutBridge.Interop.MessagePack;

/// <summary>
/// Malformed, truncated, mistyped or over-limit MessagePack data. The message says what
/// was wrong and at which byte offset, so a peer's bad message can be reported precisely.
/// </summary>
public sealed class MessagePackException : Exception
{
    public MessagePackException(string message) : base(message) { }

    public MessagePackException(string message, long offset) : base($"{message} (at byte offset {offset})")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the message where the problem was found; -1 when not tied to one.</summary>
    public long Offset { get; } = -1;
}
