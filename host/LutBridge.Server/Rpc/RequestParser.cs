using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using MessagePack;

namespace LutBridge.Server.Rpc;

/// <summary>
/// Turns one framed message into an <see cref="RpcRequest"/>, or throws an
/// <see cref="RpcException"/> with the exact reason (names the argument and types).
/// </summary>
public static class RequestParser
{
    /// <summary>Best effort msgid of a message that failed to parse, for the error response (0 when unknown).</summary>
    public static uint PeekMsgId(ReadOnlyMemory<byte> message)
    {
        try
        {
            var r = new MessagePackReader(message);
            if (r.NextMessagePackType != MessagePackType.Array || r.ReadArrayHeader() < 2) return 0;
            // The message type is skipped only when it is a scalar: Skip() would recurse without a depth bound.
            if (r.NextMessagePackType is MessagePackType.Array or MessagePackType.Map) return 0;
            r.Skip();
            return r.NextMessagePackType == MessagePackType.Integer ? r.ReadUInt32() : 0;
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException)
        {
            return 0;
        }
    }

    public static RpcRequest Parse(ReadOnlyMemory<byte> message, Func<MethodSpec, bool> served)
    {
        MessagePackValue value;
        try
        {
            value = MessagePackValue.Decode(message, RpcMessages.Limits);
        }
        catch (MessagePackException e)
        {
            throw new RpcException(RpcMessages.Classify(e), e.Message);
        }
        if (value.Kind != MessagePackValueKind.Array)
            throw new RpcException(RpcErrorCode.InvalidRequest, $"a request is an array [0, msgid, method, params], got {Describe(value)}");
        var items = value.AsArray();
        if (items.Count != 4)
            throw new RpcException(RpcErrorCode.InvalidRequest, $"a request has 4 elements [0, msgid, method, params], got {items.Count}");
        if (items[0].Kind != MessagePackValueKind.Integer || items[0].IsAboveInt64 || items[0].AsInt64() != ProtocolLimits.MessageRequest)
            throw new RpcException(RpcErrorCode.InvalidRequest, $"message type must be 0 (request), got {Describe(items[0])}");
        if (items[1].Kind != MessagePackValueKind.Integer || items[1].IsAboveInt64 || items[1].AsInt64() is < 0 or > uint.MaxValue)
            throw new RpcException(RpcErrorCode.InvalidRequest, $"msgid must be an unsigned 32-bit integer, got {Describe(items[1])}");
        var msgid = (uint)items[1].AsInt64();
        if (items[2].Kind != MessagePackValueKind.String)
            throw new RpcException(RpcErrorCode.InvalidRequest, $"method must be a string, got {Describe(items[2])}");
        var name = items[2].AsString();
        if (items[3].Kind != MessagePackValueKind.Array)
            throw new RpcException(RpcErrorCode.InvalidRequest, $"params must be an array, got {Describe(items[3])}");
        var method = MethodTable.Find(name);
        if (method == null || !served(method))
            throw new RpcException(RpcErrorCode.MethodNotFound, $"no method \"{Truncate(name)}\" at API level {ProtocolLimits.ApiLevel}");
        var args = items[3].AsArray();
        CheckArguments(method, args);
        return new RpcRequest(msgid, method, args);
    }

    /// <summary>Arity and types against the method's declaration in protocol.h.</summary>
    public static void CheckArguments(MethodSpec method, IReadOnlyList<MessagePackValue> args)
    {
        var required = method.RequiredCount;
        var max = method.Params.Count;
        if (args.Count < required || args.Count > max)
        {
            var expected = required == max ? $"{max}" : $"{required} to {max}";
            throw new RpcException(RpcErrorCode.InvalidParams,
                $"{method.Name} takes {expected} argument{(max == 1 ? "" : "s")} ({method.ParamsDeclaration}), got {args.Count}");
        }
        for (var i = 0; i < args.Count; i++)
        {
            var spec = method.Params[i];
            if (spec.Optional && args[i].IsNil) continue;
            if (!Matches(spec.Type, args[i]))
                throw new RpcException(RpcErrorCode.WrongType,
                    $"wrong type for argument {i + 1} ({spec.Name}) of {method.Name}: expected {ParamSpec.TypeName(spec.Type)}, got {Describe(args[i])}");
        }
    }

    private static bool Matches(ParamType type, MessagePackValue v) => type switch
    {
        ParamType.Any => true,
        ParamType.Nil => v.IsNil,
        ParamType.Bool => v.Kind == MessagePackValueKind.Boolean,
        ParamType.Int => v.Kind == MessagePackValueKind.Integer,
        ParamType.Float => v.Kind is MessagePackValueKind.Float32 or MessagePackValueKind.Float64 or MessagePackValueKind.Integer,
        ParamType.Str => v.Kind == MessagePackValueKind.String,
        ParamType.Bin => v.Kind == MessagePackValueKind.Binary,
        ParamType.Array => v.Kind == MessagePackValueKind.Array,
        ParamType.Map => v.Kind == MessagePackValueKind.Map,
        _ => false,
    };

    /// <summary>The protocol's type word for a value ("str", "int", ...).</summary>
    public static string Describe(MessagePackValue v) => v.Kind switch
    {
        MessagePackValueKind.Nil => "nil",
        MessagePackValueKind.Boolean => "bool",
        MessagePackValueKind.Integer => "int",
        MessagePackValueKind.Float32 or MessagePackValueKind.Float64 => "float",
        MessagePackValueKind.String => "str",
        MessagePackValueKind.Binary => "bin",
        MessagePackValueKind.Array => "array",
        MessagePackValueKind.Map => "map",
        MessagePackValueKind.Extension => "ext",
        MessagePackValueKind.Timestamp => "timestamp",
        _ => "unknown",
    };

    private static string Truncate(string s) => s.Length <= ProtocolLimits.MaxMethodBytes ? s : s[..ProtocolLimits.MaxMethodBytes] + "...";
}
