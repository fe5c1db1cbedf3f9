using MessagePack;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Tests.Support;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>
/// Every limit and malformed case: the host answers with the declared error code (content
/// errors keep the connection; framing damage closes it after the error), and afterwards a
/// new connection is served normally.
/// </summary>
public class MalformedMessageTests
{
    private static byte[] Encode(MessagePackWriting write) => MessagePackBytes.Write(write);

    private static byte[] Value(MessagePackValue v) => v.Encode();

    /// <summary>Messages that are valid msgpack but not a valid request: error, connection kept.</summary>
    public static TheoryData<string, byte[], RpcErrorCode, uint> ContentErrors => new()
    {
        { "not an array", Value(5), RpcErrorCode.InvalidRequest, 0 },
        { "a map", Value(MessagePackValue.FromMap(("a", 1))), RpcErrorCode.InvalidRequest, 0 },
        { "three elements", Value(MessagePackValue.FromArray(0, 7, "ping")), RpcErrorCode.InvalidRequest, 7 },
        { "five elements", Value(MessagePackValue.FromArray(0, 7, "ping", MessagePackValue.FromArray(), 1)), RpcErrorCode.InvalidRequest, 7 },
        { "type 1", Value(MessagePackValue.FromArray(1, 7, "ping", MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 7 },
        { "type 2 from a client", Value(MessagePackValue.FromArray(2, "ping", MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 0 },
        { "negative msgid", Value(MessagePackValue.FromArray(0, -1, "ping", MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 0 },
        { "msgid over 32 bits", Value(MessagePackValue.FromArray(0, 1L << 33, "ping", MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 0 },
        { "string msgid", Value(MessagePackValue.FromArray(0, "7", "ping", MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 0 },
        { "method not a string", Value(MessagePackValue.FromArray(0, 7, 42, MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 7 },
        { "method as bin", Value(MessagePackValue.FromArray(0, 7, MessagePackValue.FromBinary("ping"u8), MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 7 },
        { "params a map", Value(MessagePackValue.FromArray(0, 7, "ping", MessagePackValue.FromMap())), RpcErrorCode.InvalidRequest, 7 },
        { "method name over the byte limit", Value(MessagePackValue.FromArray(0, 7, new string('p', ProtocolLimits.MaxMethodBytes + 1), MessagePackValue.FromArray())), RpcErrorCode.MethodNotFound, 7 },
        { "unknown method", Value(MessagePackValue.FromArray(0, 7, "no.such", MessagePackValue.FromArray())), RpcErrorCode.MethodNotFound, 7 },
        { "too many arguments", Value(MessagePackValue.FromArray(0, 7, "ping", MessagePackValue.FromArray(1))), RpcErrorCode.InvalidParams, 7 },
        { "missing argument", Value(MessagePackValue.FromArray(0, 7, "lut.info", MessagePackValue.FromArray())), RpcErrorCode.InvalidParams, 7 },
        { "int for str", Value(MessagePackValue.FromArray(0, 7, "lut.info", MessagePackValue.FromArray(3))), RpcErrorCode.WrongType, 7 },
        { "str for int", Value(MessagePackValue.FromArray(0, 7, "job.cancel", MessagePackValue.FromArray("3"))), RpcErrorCode.WrongType, 7 },
        { "array for optional map", Value(MessagePackValue.FromArray(0, 7, "lut.convert", MessagePackValue.FromArray("a.cube", "b.cube", MessagePackValue.FromArray()))), RpcErrorCode.WrongType, 7 },
        { "unknown option", Value(MessagePackValue.FromArray(0, 7, "lut.convert", MessagePackValue.FromArray("a.cube", "b.cube", MessagePackValue.FromMap(("sise", 17))))), RpcErrorCode.InvalidParams, 7 },
        { "option out of range", Value(MessagePackValue.FromArray(0, 7, "test.wait", MessagePackValue.FromArray(70000))), RpcErrorCode.BadInput, 7 },
        { "missing file", Value(MessagePackValue.FromArray(0, 7, "lut.info", MessagePackValue.FromArray("/nonexistent/x.cube"))), RpcErrorCode.BadInput, 7 },
        { "invalid UTF-8 method", Encode((ref MessagePackWriter w) => { w.WriteArrayHeader(4); w.Write(0); w.Write(7); w.WriteString([0x70, 0xff, 0xfe]); w.WriteArrayHeader(0); }), RpcErrorCode.Parse, 7 },
        { "timestamp as msgid", Value(MessagePackValue.FromArray(0, MessagePackValue.FromTimestamp(new MessagePackTimestamp(1, 0)), "ping", MessagePackValue.FromArray())), RpcErrorCode.InvalidRequest, 0 },
    };

    [Theory]
    [MemberData(nameof(ContentErrors))]
    public async Task ContentErrorIsAnsweredAndTheConnectionGoesOn(string name, byte[] message, RpcErrorCode expected, uint msgid)
    {
        await using var host = new TestHost();
        using (var client = host.Connect())
        {
            client.SendRaw(message);
            var m = client.Next() ?? throw new IOException($"{name}: the host closed the connection");
            Assert.Equal(1, m[0].AsInt64());
            Assert.Equal(msgid, m[1].AsInt64());
            Assert.Equal((long)expected, m[2]["code"].AsInt64());
            Assert.False(string.IsNullOrWhiteSpace(m[2]["message"].AsString()));
            Assert.True(m[3].IsNil);
            Assert.Equal("pong", client.Call("ping").Value.AsString()); // same connection still served
        }
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task WrongTypeMessageNamesTheArgumentAndTheTypes()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var r = client.Call("lut.apply", "a.cube", 5, "c.png");
        Assert.Equal((long)RpcErrorCode.WrongType, r.ErrorCode);
        Assert.Contains("argument 2 (input)", r.ErrorMessage);
        Assert.Contains("expected str, got int", r.ErrorMessage);
    }

    [Fact]
    public async Task TestMethodsAreNotServedWithoutTheFlag()
    {
        await using var host = new TestHost(testMethods: false);
        using var client = host.Connect();
        Assert.Equal((long)RpcErrorCode.MethodNotFound, client.Call("test.wait", 1).ErrorCode);
    }

    private static byte[] Header(params byte[] bytes) => bytes;

    /// <summary>Bytes that can never become a valid message within the limits: error, then close.</summary>
    public static TheoryData<string, byte[], RpcErrorCode> FramingErrors => new()
    {
        { "reserved byte 0xc1", Header(0xc1), RpcErrorCode.Parse },
        { "0xc1 inside a request", Header(0x94, 0x00, 0x01, 0xc1), RpcErrorCode.Parse },
        { "str32 over the string limit", Header(0x94, 0x00, 0x01, 0xdb, 0x00, 0x20, 0x00, 0x00), RpcErrorCode.TooLarge },
        { "bin32 of 4 GiB", Header(0x94, 0x00, 0x01, 0xc6, 0xff, 0xff, 0xff, 0xff), RpcErrorCode.TooLarge },
        { "ext32 over the limit", Header(0xc9, 0x01, 0x00, 0x00, 0x00, 0x05), RpcErrorCode.TooLarge },
        { "array32 of 2^32-1 items", Header(0xdd, 0xff, 0xff, 0xff, 0xff), RpcErrorCode.TooLarge },
        { "map32 over the item limit", Header(0xdf, 0x00, 0x20, 0x00, 0x00), RpcErrorCode.TooLarge },
        { "nesting deeper than the limit", Enumerable.Repeat((byte)0x91, ProtocolLimits.MaxDepth + 1).Append((byte)0xc0).ToArray(), RpcErrorCode.TooDeep },
    };

    [Theory]
    [MemberData(nameof(FramingErrors))]
    public async Task FramingDamageIsAnsweredThenTheConnectionCloses(string name, byte[] bytes, RpcErrorCode expected)
    {
        await using var host = new TestHost();
        using (var client = host.Connect())
        {
            client.SendRaw(bytes);
            var m = client.Next() ?? throw new IOException($"{name}: closed without an error response");
            Assert.Equal((long)expected, m[2]["code"].AsInt64());
            Assert.Contains("closing", m[2]["message"].AsString());
            Assert.Null(client.Next()); // then EOF
        }
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task MessageOverTheByteLimitIsRefusedBeforeItIsBuffered()
    {
        await using var host = new TestHost();
        using (var client = host.Connect())
        {
            // [0, 1, "lut.info", [str, str, str, str, str]] with 5 strings of 1 MiB: 5 MiB > 4 MiB.
            var chunk = new string('a', ProtocolLimits.MaxStringBytes);
            var message = MessagePackBytes.Write((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(4); w.Write(0); w.Write(1); w.Write("lut.info"); w.WriteArrayHeader(5);
                for (var i = 0; i < 5; i++) w.Write(chunk);
            }, 6 << 20);
            try
            {
                client.SendRaw(message);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // the host may close before all was written; the error is already on the way
            }
            var m = client.Next() ?? throw new IOException("closed without an error response");
            Assert.Equal((long)RpcErrorCode.TooLarge, m[2]["code"].AsInt64());
        }
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task StringOfExactlyTheLimitIsAccepted()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var r = client.Call("lut.info", "/nonexistent/" + new string('a', ProtocolLimits.MaxStringBytes - 13));
        Assert.Equal((long)RpcErrorCode.BadInput, r.ErrorCode); // read as a path: framing and decoding passed
        // The error echoes the path, cut to the protocol's error message limit.
        Assert.Equal(ProtocolLimits.MaxErrorMessageBytes, System.Text.Encoding.UTF8.GetByteCount(r.ErrorMessage));
        Assert.EndsWith("aaa...", r.ErrorMessage);
    }

    [Fact]
    public async Task TruncatedMessageThenHangUpLeavesTheHostServing()
    {
        await using var host = new TestHost();
        using (var client = host.Connect())
        {
            var full = RpcTestClient.Request(1, "ping");
            client.SendRaw(full.AsSpan(0, full.Length - 2));
            client.ShutdownWrite();
            Assert.Null(client.Next());
        }
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task MessageLeftUnfinishedPastTheFrameTimeoutIsAnsweredThenClosed()
    {
        // The host's clock is a fake one, advanced once the host waits for the rest of a message.
        var clock = new SignallingClock();
        await using var host = new TestHost(clock: clock);
        using (var client = host.Connect())
        {
            var full = RpcTestClient.Request(3, "ping");
            // Finished a moment before the timeout: answered as usual.
            client.SendRaw(full.AsSpan(0, full.Length - 1));
            await clock.TimerStarted();
            clock.Advance(TimeSpan.FromMilliseconds(ProtocolLimits.FrameTimeoutMs - 1));
            client.SendRaw(full.AsSpan(full.Length - 1));
            Assert.Equal("pong", client.WaitFor(3).Value.AsString());
            // Left unfinished for the whole timeout: answered with parse_error, then closed.
            client.SendRaw(full.AsSpan(0, full.Length - 1));
            await clock.TimerStarted();
            clock.Advance(TimeSpan.FromMilliseconds(ProtocolLimits.FrameTimeoutMs));
            var m = client.Next() ?? throw new IOException("closed without an error response");
            Assert.Equal((long)RpcErrorCode.Parse, m[2]["code"].AsInt64());
            Assert.Contains($"{ProtocolLimits.FrameTimeoutMs} ms", m[2]["message"].AsString());
            Assert.Null(client.Next());
        }
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task MessageSplitIntoSingleBytesIsFramed()
    {
        await using var host = new TestHost();
        using var client = host.Connect();
        var full = RpcTestClient.Request(9, "lut.info", "/nonexistent.cube");
        foreach (var b in full) client.SendRaw([b]);
        var r = client.WaitFor(9);
        Assert.Equal((long)RpcErrorCode.BadInput, r.ErrorCode);
    }

    [Fact]
    public async Task TooManyJobsInFlightOnOneConnectionGetBusy()
    {
        await using var host = new TestHost();
        using (var client = host.Connect())
        {
            var ids = Enumerable.Range(0, ProtocolLimits.MaxPendingPerConnection + 1).Select(_ => client.Send("test.wait", 20000)).ToList();
            var busy = client.WaitFor(ids[^1]);
            Assert.Equal((long)RpcErrorCode.Busy, busy.ErrorCode);
        } // closing cancels the 64 jobs
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task JobsBeyondTheSharedQueueGetBusy()
    {
        await using var host = new TestHost();
        using (var first = host.Connect())
        using (var second = host.Connect())
        {
            // Fill the workers and the queue from two connections (each under its own limit).
            var capacity = ProtocolLimits.MaxConcurrentJobs + ProtocolLimits.MaxQueuedJobs;
            var fromFirst = Enumerable.Range(0, ProtocolLimits.MaxPendingPerConnection).Select(_ => first.Send("test.wait", 20000)).ToList();
            Assert.Equal("pong", first.Call("ping").Value.AsString()); // all 64 accepted by now
            var fromSecond = Enumerable.Range(0, capacity - fromFirst.Count).Select(_ => second.Send("test.wait", 20000)).ToList();
            Assert.Equal("pong", second.Call("ping").Value.AsString());
            var refused = second.Call("test.wait", 20000);
            Assert.Equal((long)RpcErrorCode.Busy, refused.ErrorCode);
            Assert.Contains("retry later", refused.ErrorMessage);
        } // hanging up cancels them all
        AssertNewConnectionWorks(host);
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitGetBusyAndAreClosed()
    {
        // No idle connection gives way here, however slow the pings (that is HostLifecycleTests' case).
        await using var host = new TestHost(idleEvictAfter: TimeSpan.FromHours(1));
        var clients = new List<RpcTestClient>();
        try
        {
            for (var i = 0; i < ProtocolLimits.MaxConnections; i++)
            {
                clients.Add(host.Connect());
                Assert.Equal("pong", clients[^1].Call("ping").Value.AsString());
            }
            using var extra = host.Connect();
            var m = extra.Next() ?? throw new IOException("closed without an error response");
            Assert.Equal((long)RpcErrorCode.Busy, m[2]["code"].AsInt64());
            Assert.Null(extra.Next());
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
        await host.OpenConnectionsReach(0); // the host has noticed the hang-ups
        AssertNewConnectionWorks(host);
    }

    private static void AssertNewConnectionWorks(TestHost host)
    {
        using var fresh = host.Connect();
        Assert.Equal("pong", fresh.Call("ping").Value.AsString());
        Assert.Equal("lutbridge-rpc", fresh.Call("version").Value["protocol"].AsString());
    }
}
