using LutBridge.Core;
using LutBridge.Interop.MessagePack;
using LutBridge.Server.Rpc;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Methods;

/// <summary>
/// Reading the optional options map of a method, with errors that name the key. Numbers are read
/// against the engines' own ranges (<see cref="NumberRange"/>, <see cref="IntRange"/>), which the CLI's flags share.
/// </summary>
internal sealed class Options(string method, MessagePackValue? map)
{
    private static readonly IReadOnlyList<KeyValuePair<MessagePackValue, MessagePackValue>> Empty = [];
    private readonly IReadOnlyList<KeyValuePair<MessagePackValue, MessagePackValue>> _pairs = map?.AsMap() ?? Empty;

    /// <summary>Fails on keys the method does not know, so a typo never passes silently.</summary>
    public Options Only(params string[] known)
    {
        foreach (var (key, _) in _pairs)
        {
            if (key.Kind != MessagePackValueKind.String || !known.Contains(key.AsString()))
                throw new RpcException(RpcErrorCode.InvalidParams,
                    $"{method}: unknown option {key} (known: {string.Join(", ", known)})");
        }
        return this;
    }

    private MessagePackValue? Get(string key)
    {
        foreach (var (k, v) in _pairs)
            if (k.Kind == MessagePackValueKind.String && k.AsString() == key && !v.IsNil) return v;
        return null;
    }

    /// <summary>The integer under <paramref name="range"/>'s key, checked against it; null when absent.</summary>
    public int? Int(IntRange range)
    {
        var v = Get(range.Key);
        if (v == null) return null;
        if (v.Kind != MessagePackValueKind.Integer || v.IsAboveInt64 || !range.Contains(v.AsInt64()))
            throw new RpcException(RpcErrorCode.WrongType, $"{method}: option {range.Key} must be an integer in {range.Text}, got {v}");
        return (int)v.AsInt64();
    }

    /// <summary>The number under <paramref name="range"/>'s key, checked against it; null when absent.</summary>
    public double? Number(NumberRange range)
    {
        var v = Get(range.Key);
        if (v == null) return null;
        if (v.Kind is not (MessagePackValueKind.Integer or MessagePackValueKind.Float32 or MessagePackValueKind.Float64) ||
            !range.Contains(v.AsDouble()))
            throw new RpcException(RpcErrorCode.WrongType, $"{method}: option {range.Key} must be a number in {range.Text}, got {v}");
        return v.AsDouble();
    }

    public string? Str(string key)
    {
        var v = Get(key);
        if (v == null) return null;
        if (v.Kind != MessagePackValueKind.String)
            throw new RpcException(RpcErrorCode.WrongType, $"{method}: option {key} must be a string, got {RequestParser.Describe(v)}");
        return v.AsString();
    }

    public bool? Bool(string key)
    {
        var v = Get(key);
        if (v == null) return null;
        if (v.Kind != MessagePackValueKind.Boolean)
            throw new RpcException(RpcErrorCode.WrongType, $"{method}: option {key} must be true or false, got {RequestParser.Describe(v)}");
        return v.AsBoolean();
    }
}
