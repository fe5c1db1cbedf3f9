namespace LutBridge.Interop.Protocol;

/// <summary>
/// Names of the protocol's error codes. The <see cref="RpcErrorCode"/> enum, <see cref="Names"/>
/// and <see cref="Meanings"/> are generated at build time from LB_ERRORS in
/// plugin-c/include/lutbridge/protocol.h (LutBridge.Interop.Generator).
/// </summary>
public static partial class RpcErrorCodes
{
    public static string NameOf(RpcErrorCode code) => Names.TryGetValue(code, out var n) ? n : "unknown_error";
}
