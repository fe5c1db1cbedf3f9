using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Rpc;

/// <summary>Encodes the messages the host sends: responses and progress notifications.</summary>
public static class RpcMessages
{
    /// <summary>The limits every message from a peer is read with (protocol.h).</summary>
    public static MessagePackLimits Limits => ProtocolLimits.Reader;

    public static byte[] Result(uint msgid, MessagePackValue result)
    {
        var w = new MessagePackWriter(64);
        w.WriteArrayHeader(4);
        w.Write(ProtocolLimits.MessageResponse);
        w.Write(msgid);
        w.WriteNil();
        result.Write(w);
        return w.ToArray();
    }

    public static byte[] Error(uint msgid, RpcErrorCode code, string message)
    {
        message = Shorten(message);
        var w = new MessagePackWriter(64 + message.Length);
        w.WriteArrayHeader(4);
        w.Write(ProtocolLimits.MessageResponse);
        w.Write(msgid);
        w.WriteMapHeader(2);
        w.Write("code");
        w.Write((int)code);
        w.Write("message");
        w.Write(message);
        w.WriteNil();
        return w.ToArray();
    }

    public static byte[] Progress(uint job, double fraction, string stage)
    {
        var w = new MessagePackWriter(64);
        w.WriteArrayHeader(3);
        w.Write(ProtocolLimits.MessageNotification);
        w.Write(MethodTable.ProgressNotification);
        w.WriteMapHeader(3);
        w.Write("job");
        w.Write(job);
        w.Write("fraction");
        w.Write(Math.Clamp(fraction, 0.0, 1.0));
        w.Write("stage");
        w.Write(stage);
        return w.ToArray();
    }

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
    public static RpcErrorCode Classify(MessagePackException e) =>
        e.Message.Contains("nesting deeper", StringComparison.Ordinal) ? RpcErrorCode.TooDeep
        : e.Message.Contains("limit", StringComparison.Ordinal) ? RpcErrorCode.TooLarge
        : RpcErrorCode.Parse;
}
