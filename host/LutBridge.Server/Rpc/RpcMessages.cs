using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using MessagePack;

namespace LutBridge.Server.Rpc;

/// <summary>Encodes the messages the host sends: responses and progress notifications.</summary>
public static class RpcMessages
{
    /// <summary>The limits every message from a peer is read with (protocol.h).</summary>
    public static MessagePackLimits Limits => ProtocolLimits.Reader;

    public static byte[] Result(uint msgid, MessagePackValue result) =>
        MessagePackBytes.Write((msgid, result), static (ref MessagePackWriter w, (uint MsgId, MessagePackValue Result) m) =>
        {
            w.WriteArrayHeader(4);
            w.Write(ProtocolLimits.MessageResponse);
            w.Write(m.MsgId);
            w.WriteNil();
            m.Result.Write(ref w);
        }, 64);

    public static byte[] Error(uint msgid, RpcErrorCode code, string message) =>
        MessagePackBytes.Write((msgid, code, Shorten(message)), static (ref MessagePackWriter w, (uint MsgId, RpcErrorCode Code, string Message) m) =>
        {
            w.WriteArrayHeader(4);
            w.Write(ProtocolLimits.MessageResponse);
            w.Write(m.MsgId);
            w.WriteMapHeader(2);
            w.Write("code");
            w.Write((int)m.Code);
            w.Write("message");
            MessagePackValue.WriteString(ref w, m.Message);
            w.WriteNil();
        }, 64 + 3 * message.Length);

    public static byte[] Progress(uint job, double fraction, string stage) =>
        MessagePackBytes.Write((job, fraction, stage), static (ref MessagePackWriter w, (uint Job, double Fraction, string Stage) m) =>
        {
            w.WriteArrayHeader(3);
            w.Write(ProtocolLimits.MessageNotification);
            w.Write(MethodTable.ProgressNotification);
            w.WriteMapHeader(3);
            w.Write("job");
            w.Write(m.Job);
            w.Write("fraction");
            w.Write(Math.Clamp(m.Fraction, 0.0, 1.0));
            w.Write("stage");
            MessagePackValue.WriteString(ref w, m.Stage);
        }, 64);

    /// <summary>Cuts a message to LB_MAX_ERROR_MESSAGE_BYTES of UTF-8 (a path echoed back can be huge).</summary>
    public static string Shorten(string message)
    {
        const string Ellipsis = "...";
        if (System.Text.Encoding.UTF8.GetByteCount(message) <= ProtocolLimits.MaxErrorMessageBytes) return message;
        var budget = ProtocolLimits.MaxErrorMessageBytes - Ellipsis.Length;
        var end = 0;
        foreach (var rune in message.EnumerateRunes())
        {
            budget -= rune.Utf8SequenceLength;
            if (budget < 0) break;
            end += rune.Utf16SequenceLength;
        }
        return message[..end] + Ellipsis;
    }

    /// <summary>Maps a codec failure to the protocol's error code.</summary>
    public static RpcErrorCode Classify(MessagePackException e) => e.Kind switch
    {
        MessagePackErrorKind.TooDeep => RpcErrorCode.TooDeep,
        MessagePackErrorKind.TooLarge => RpcErrorCode.TooLarge,
        _ => RpcErrorCode.Parse,
    };
}
