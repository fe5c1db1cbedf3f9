using LutBridge.Interop.MessagePack;
using LutBridge.Server.Jobs;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Methods;

/// <summary>
/// The body of one method: arguments already checked against protocol.h; returns the result
/// value or throws (RpcException, InputException, OperationCanceledException, ...).
/// </summary>
public delegate MessagePackValue MethodHandler(RpcRequest request, JobContext context);
