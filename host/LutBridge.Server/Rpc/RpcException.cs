using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Rpc;

/// <summary>A failure that becomes a response error {code, message}.</summary>
public sealed class RpcException(RpcErrorCode code, string message) : Exception(message)
{
    public RpcErrorCode Code { get; } = code;
}
