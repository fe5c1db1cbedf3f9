using System.Reflection;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Jobs;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Methods;

/// <summary>ping, version, job.cancel (through the calling connection's <see cref="IJobControl"/>) and test.wait.</summary>
internal static class BuiltinMethods
{
    public const int MaxTestWaitMs = 60000;

    public static void Register(MethodRegistry registry)
    {
        registry.Add("ping", (_, _) => "pong");
        registry.Add("version", (_, _) => Version(registry));
        registry.Add("job.cancel", (request, context) =>
            (context.Jobs ?? throw new RpcException(RpcErrorCode.Internal, "job.cancel: no connection to cancel a job of"))
                .Cancel(request.Int(0)));
        registry.Add(MethodRegistry.TestWait, (request, context) =>
        {
            var ms = request.Int(0);
            if (ms is < 0 or > MaxTestWaitMs)
                throw new RpcException(RpcErrorCode.BadInput, $"test.wait: ms must be 0..{MaxTestWaitMs}, got {ms}");
            var start = Environment.TickCount64;
            const int Steps = 20;
            for (var i = 1; i <= Steps; i++)
            {
                if (context.Cancellation.WaitHandle.WaitOne((int)(ms / Steps)))
                    context.Cancellation.ThrowIfCancellationRequested();
                context.Report((double)i / Steps, "waiting");
            }
            return MessagePackValue.FromMap(("waited_ms", Environment.TickCount64 - start));
        });
    }

    public static string HostVersion =>
        typeof(BuiltinMethods).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static MessagePackValue Version(MethodRegistry registry) => MessagePackValue.FromMap(
        ("protocol", ProtocolLimits.ProtocolName),
        ("api_level", ProtocolLimits.ApiLevel),
        ("api_compatible", ProtocolLimits.ApiLevelCompatible),
        ("host_version", HostVersion),
        ("pid", Environment.ProcessId),
        ("methods", MessagePackValue.FromArray(registry.Served.Select(m => (MessagePackValue)m.Name))));
}
