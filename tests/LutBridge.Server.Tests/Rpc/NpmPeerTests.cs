using System.Text.Json.Nodes;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>An independent msgpack-rpc peer (tests/npm/rpc-peer.mjs: node + @msgpack/msgpack) against the host.</summary>
public class NpmPeerTests
{
    [Fact]
    public async Task JavaScriptPeerCallsWaitsCancelsAndPipelines()
    {
        var npm = TestEnvironment.RepoFile("tests", "npm");
        if (!File.Exists(Path.Combine(npm, "node_modules", "@msgpack", "msgpack", "package.json")))
            throw new InvalidOperationException($"{npm}/node_modules is missing: run scripts/install-deps.sh (npm ci in tests/npm)");
        var lut = TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube");
        await using var host = new TestHost();
        var (code, stdout, stderr) = await Task.Run(() => TestEnvironment.Run(TestEnvironment.RequireTool("node"),
            [Path.Combine(npm, "rpc-peer.mjs"), host.SocketPath, lut], timeoutMs: 60_000));
        Assert.True(code == 0, $"rpc-peer.mjs exited {code}: {stderr}");
        var r = JsonNode.Parse(stdout)!;
        Assert.Equal("pong", (string)r["ping"]!);
        Assert.Equal("lutbridge-rpc", (string)r["protocol"]!);
        Assert.Equal(ProtocolLimits.ApiLevel, (int)r["apiLevel"]!);
        Assert.Contains("test.wait", r["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(4, (int)r["lutSize"]!);
        Assert.InRange((int)r["waitedMs"]!, 140, 10_000);
        var fractions = r["fractions"]!.AsArray().Select(f => (double)f!).ToList();
        Assert.True(fractions.Count >= 2);
        Assert.Equal(1.0, fractions[^1]);
        Assert.True((bool)r["cancelAccepted"]!);
        Assert.Equal((int)RpcErrorCode.Cancelled, (int)r["cancelledCode"]!);
        Assert.Equal((int)RpcErrorCode.MethodNotFound, (int)r["unknownMethod"]!["code"]!);
        Assert.Equal((int)RpcErrorCode.WrongType, (int)r["wrongType"]!["code"]!);
        Assert.Contains("argument 1", (string)r["wrongType"]!["message"]!);
        Assert.Equal(200, (int)r["pipelined"]!);
        Assert.Equal(200, (int)r["distinctIds"]!);
    }
}
