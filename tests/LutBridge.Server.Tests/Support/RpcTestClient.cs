using MessagePack;
using System.Net.Sockets;
using LutBridge.Interop.MessagePack;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Tests.Support;

/// <summary>
/// A minimal msgpack-rpc peer for tests, written against the Interop codec only: sends raw
/// bytes or requests, reads whole messages (framed by the codec), and tells EOF apart.
/// </summary>
public sealed class RpcTestClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[8 << 20];
    private int _start, _end;
    private uint _nextId = 1;

    public RpcTestClient(string socketPath)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        _socket.ReceiveTimeout = 20000;
    }

    /// <summary>How long <see cref="Next"/> waits for a message (20 s unless a test sets more for a long job on a busy machine).</summary>
    public int ReceiveTimeoutMs { get => _socket.ReceiveTimeout; set => _socket.ReceiveTimeout = value; }

    public static byte[] Request(uint msgid, string method, params MessagePackValue[] args)
    {
        return MessagePackBytes.Write((msgid, method, args), static (ref MessagePackWriter w, (uint MsgId, string Method, MessagePackValue[] Args) r) =>
        {
            w.WriteArrayHeader(4);
            w.Write(0);
            w.Write(r.MsgId);
            w.Write(r.Method);
            w.WriteArrayHeader(r.Args.Length);
            foreach (var a in r.Args) a.Write(ref w);
        });
    }

    public uint Send(string method, params MessagePackValue[] args)
    {
        var id = _nextId++;
        SendRaw(Request(id, method, args));
        return id;
    }

    public void SendRaw(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var n = _socket.Send(bytes);
            bytes = bytes[n..];
        }
    }

    public void ShutdownWrite() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next whole message, or null when the host closed the connection.</summary>
    public MessagePackValue? Next()
    {
        var limits = RpcMessages.Limits with { MaxMessageBytes = _buffer.Length };
        while (true)
        {
            if (_end > _start && MessageFraming.TryGetMessageLength(_buffer.AsMemory(_start, _end - _start), limits, out var length))
            {
                var value = MessagePackValue.Decode(_buffer.AsMemory(_start, length), limits);
                _start += length;
                return value;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            int n;
            try
            {
                n = _socket.Receive(_buffer.AsSpan(_end));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return null;
            }
            if (n == 0) return null;
            _end += n;
        }
    }

    /// <summary>
    /// <see cref="Next"/>, but a message that does not come within <paramref name="ms"/> fails the
    /// test with <paramref name="failure"/> (a bound on an event, not a measured time).
    /// </summary>
    public MessagePackValue? NextWithin(int ms, string failure)
    {
        var saved = ReceiveTimeoutMs;
        ReceiveTimeoutMs = ms;
        try
        {
            return Next();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
        {
            throw new Xunit.Sdk.XunitException(failure);
        }
        finally
        {
            ReceiveTimeoutMs = saved;
        }
    }

    /// <summary>The response to msgid; progress notifications met on the way go to progress.</summary>
    public Response WaitFor(uint msgid, List<(double Fraction, string Stage)>? progress = null)
    {
        while (true)
        {
            var m = Next() ?? throw new IOException($"the host closed the connection before answering {msgid}");
            var items = m.AsArray();
            if (items[0].AsInt64() == 2)
            {
                var p = items[2];
                if (p["job"].AsInt64() == msgid) progress?.Add((p["fraction"].AsDouble(), p["stage"].AsString()));
                continue;
            }
            if (items[0].AsInt64() == 1 && items[1].AsInt64() == msgid) return new Response(items[2], items[3]);
        }
    }

    public Response Call(string method, params MessagePackValue[] args) => WaitFor(Send(method, args));

    public void Dispose() => _socket.Dispose();
}

/// <summary>A response: Error is nil on success.</summary>
public sealed record Response(MessagePackValue Error, MessagePackValue Result)
{
    public bool Ok => Error.IsNil;
    public long ErrorCode => Error.IsNil ? 0 : Error["code"].AsInt64();
    public string ErrorMessage => Error.IsNil ? "" : Error["message"].AsString();

    public MessagePackValue Value => Ok ? Result : throw new Xunit.Sdk.XunitException($"expected a result, got error {ErrorCode}: {ErrorMessage}");
}
