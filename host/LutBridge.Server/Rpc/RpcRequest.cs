using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Rpc;

/// <summary>A request whose shape, method and argument types have been checked against the table.</summary>
public sealed record RpcRequest(uint MsgId, MethodSpec Method, IReadOnlyList<MessagePackValue> Args)
{
    public string Str(int index) => Args[index].AsString();

    public long Int(int index) => Args[index].AsInt64();

    public ReadOnlyMemory<byte> Bin(int index) => Args[index].AsBinary();

    /// <summary>An optional argument, or null when the caller left it out (or sent nil).</summary>
    public MessagePackValue? Optional(int index) => index < Args.Count && !Args[index].IsNil ? Args[index] : null;
}
