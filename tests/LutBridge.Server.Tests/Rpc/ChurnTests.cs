using System.Net.Sockets;
using LutBridge.Interop.MessagePack;
using LutBridge.Server.Tests.Support;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>Hundreds of clients that misbehave or vanish: the host forgets every one and its workers stay free.</summary>
public class ChurnTests
{
    [Fact]
    public async Task MisbehavingClientsLeaveNothingBehind()
    {
        await using var host = new TestHost();
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            using var client = host.Connect();
            try
            {
                Misbehave(client, i, random);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset)
            {
                // The host may already have hung up: while earlier connections are still being
                // torn down it can be at its connection limit, answer "busy" and close at once.
            }
        } // each client hangs up without reading
        await host.OpenConnectionsReach(0);
        // 60 jobs of 20 s were abandoned: their cancellation must have freed the workers.
        using var fresh = host.Connect();
        // A held worker would hold this job back for the abandoned jobs' 20 s: its first message would not come.
        var id = fresh.Send("test.wait", 10);
        Assert.NotNull(fresh.NextWithin(10_000, "abandoned jobs still hold the workers"));
        Assert.True(fresh.WaitFor(id).Ok);
        Assert.Equal("pong", fresh.Call("ping").Value.AsString());
    }

    private static void Misbehave(RpcTestClient client, int i, Random random)
    {
        switch (i % 5)
        {
            case 0: client.SendRaw([0xc1]); break; // framing damage
            case 1: client.SendRaw(MessagePackValue.FromArray(0, 1, "no.such", MessagePackValue.FromArray()).Encode()); break;
            case 2: client.Send("test.wait", 20000); break; // hangs up with a job running or queued
            case 3: client.SendRaw(RpcTestClient.Request(1, "ping").AsSpan(0, 3)); break; // half a message
            default:
                var junk = new byte[random.Next(1, 64)];
                random.NextBytes(junk);
                client.SendRaw(junk);
                break;
        }
    }
}
