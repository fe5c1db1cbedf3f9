using System.Net.Sockets;
using LutBridge.Core;
using LutBridge.Interop.MessagePack;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Jobs;
using LutBridge.Server.Methods;

namespace LutBridge.Server.Rpc;

/// <summary>
/// One client: frames incoming bytes into messages, answers calls inline, hands jobs to the
/// worker pool, and serialises everything it writes. Content errors are answered and the
/// connection goes on; framing damage is answered and the connection closes. Which method
/// does what is the dispatcher's business; the connection offers its jobs to methods
/// through <see cref="IJobControl"/> (job.cancel).
/// </summary>
public sealed class Connection : IDisposable, IJobControl
{
    private const int ReadChunk = 64 * 1024;
    private readonly Socket _socket;
    private readonly IMethodDispatcher _methods;
    private readonly JobScheduler _scheduler;
    private readonly TextWriter _log;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _closed;
    // Cancels the work of this connection: when it closes, or when the host stops (then the
    // jobs still answer "cancelled" before the host closes the connection).
    private readonly CancellationTokenSource _work;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<uint, Job> _jobs = new();
    // Messages that follow the response of the inline call being answered (a queued job that
    // call cancelled); guarded by the _jobs lock.
    private readonly List<byte[]> _afterResponse = new();

    /// <summary>A job of this connection: its cancellation, and whether a worker has taken it yet.</summary>
    private sealed class Job(CancellationTokenSource cancel, string method)
    {
        public readonly string Method = method;
        public const int Queued = 0, Running = 1, Dropped = 2;
        public readonly CancellationTokenSource Cancel = cancel;
        public int State = Queued;
    }
    private bool _disposed;

    /// <summary>The client's process (SO_PEERCRED), whose working folder relative paths are resolved against; 0 when unknown.</summary>
    public int ClientPid { get; init; }

    private long _lastActivity;

    /// <summary>How long nothing was received or sent and no job was in flight (zero while a job runs).</summary>
    public TimeSpan IdleFor
    {
        get
        {
            lock (_jobs) if (_jobs.Count > 0) return TimeSpan.Zero;
            return _clock.GetElapsedTime(Interlocked.Read(ref _lastActivity));
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _clock.GetTimestamp());

    /// <summary>The client's current working folder (read from /proc at the time of the call), or null.</summary>
    private string? ClientWorkingDirectory()
    {
        if (ClientPid <= 0) return null;
        try
        {
            return new DirectoryInfo($"/proc/{ClientPid}/cwd").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Raised once when the connection has closed (the host forgets it).</summary>
    public event Action<Connection>? Closed;

    /// <param name="clock">Measures idleness and the frame timeout (tests pass a fake one and advance it).</param>
    public Connection(Socket socket, IMethodDispatcher methods, JobScheduler scheduler, TextWriter log, CancellationToken hostStopping, TimeProvider? clock = null)
    {
        _socket = socket;
        _methods = methods;
        _scheduler = scheduler;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        _lastActivity = _clock.GetTimestamp();
        _closed = new CancellationTokenSource();
        _work = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token, hostStopping);
        _socket.SendTimeout = 5000; // a client that never reads cannot hold a worker forever
    }

    public async Task RunAsync()
    {
        var buffer = new byte[ReadChunk];
        int start = 0, end = 0;
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                while (end > start)
                {
                    int length;
                    try
                    {
                        if (!MessageFraming.TryGetMessageLength(buffer.AsMemory(start, end - start), RpcMessages.Limits, out length))
                            break;
                    }
                    catch (MessagePackException e)
                    {
                        Send(RpcMessages.Error(0, RpcMessages.Classify(e), $"framing: {e.Message}; closing the connection"));
                        return;
                    }
                    Handle(buffer.AsMemory(start, length));
                    start += length;
                }
                if (start == end) start = end = 0;
                if (buffer.Length - end < ReadChunk / 4)
                {
                    // Keep only the partial message; grow up to one maximal message plus a chunk.
                    var pending = end - start;
                    var size = Math.Min(Math.Max(buffer.Length, pending * 2 + ReadChunk), ProtocolLimits.MaxMessageBytes + ReadChunk);
                    var next = size == buffer.Length ? buffer : new byte[size];
                    Buffer.BlockCopy(buffer, start, next, 0, pending);
                    buffer = next;
                    start = 0;
                    end = pending;
                }
                var n = await ReceiveAsync(buffer.AsMemory(end), partial: end > start);
                if (n == 0) return;
                Touch();
                end += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // peer went away, frame timeout, or host shutdown
        }
        finally
        {
            Dispose();
        }
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> into, bool partial)
    {
        if (!partial) return await _socket.ReceiveAsync(into, SocketFlags.None, _closed.Token);
        // A message has started: it must finish within LB_FRAME_TIMEOUT_MS.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(ProtocolLimits.FrameTimeoutMs), _clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token, deadline.Token);
        try
        {
            return await _socket.ReceiveAsync(into, SocketFlags.None, timeout.Token);
        }
        catch (OperationCanceledException) when (!_closed.IsCancellationRequested)
        {
            Send(RpcMessages.Error(0, RpcErrorCode.Parse,
                $"framing: a message was not finished within {ProtocolLimits.FrameTimeoutMs} ms; closing the connection"));
            throw;
        }
    }

    private void Handle(ReadOnlyMemory<byte> message)
    {
        RpcRequest request;
        try
        {
            request = RequestParser.Parse(message, _methods.Serves) with { WorkingDirectory = ClientWorkingDirectory };
        }
        catch (RpcException e)
        {
            Send(RpcMessages.Error(RequestParser.PeekMsgId(message), e.Code, e.Message));
            return;
        }
        var handler = _methods.Handler(request.Method);
        if (request.Method.Kind == MethodKind.Call)
        {
            Send(Execute(handler, request, JobContext.Inline(request.MsgId, _work.Token, this)));
            byte[][] follows;
            lock (_jobs)
            {
                follows = [.. _afterResponse];
                _afterResponse.Clear();
            }
            foreach (var follow in follows) Send(follow);
            return;
        }
        StartJob(handler, request);
    }

    private void StartJob(MethodHandler handler, RpcRequest request)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_work.Token);
        var job = new Job(cancel, request.Method.Name);
        lock (_jobs)
        {
            string? refusal = _jobs.Count >= ProtocolLimits.MaxPendingPerConnection
                ? $"this connection already has {ProtocolLimits.MaxPendingPerConnection} jobs in flight"
                : _jobs.ContainsKey(request.MsgId) ? $"msgid {request.MsgId} is already a running job of this connection" : null;
            if (refusal != null)
            {
                cancel.Dispose();
                Send(RpcMessages.Error(request.MsgId, RpcErrorCode.Busy, refusal));
                return;
            }
            _jobs[request.MsgId] = job;
        }
        var context = new JobContext(request.MsgId, cancel.Token,
            (fraction, stage) => Send(RpcMessages.Progress(request.MsgId, fraction, stage)), this);
        var queued = _scheduler.TryEnqueue(() =>
        {
            // A job cancelled while queued was answered then; the worker only drops it.
            if (Interlocked.CompareExchange(ref job.State, Job.Running, Job.Queued) != Job.Queued)
            {
                cancel.Dispose();
                return;
            }
            var response = cancel.IsCancellationRequested
                ? RpcMessages.Error(request.MsgId, RpcErrorCode.Cancelled, $"{request.Method.Name}: cancelled before it started")
                : Execute(handler, request, context);
            lock (_jobs) _jobs.Remove(request.MsgId);
            cancel.Dispose();
            Send(response);
        });
        if (!queued)
        {
            lock (_jobs) _jobs.Remove(request.MsgId);
            cancel.Dispose();
            Send(RpcMessages.Error(request.MsgId, RpcErrorCode.Busy,
                $"{ProtocolLimits.MaxQueuedJobs} jobs are already waiting for a worker; retry later"));
        }
    }

    /// <inheritdoc />
    public bool Cancel(long target)
    {
        lock (_jobs)
        {
            if (target is < 0 or > uint.MaxValue || !_jobs.TryGetValue((uint)target, out var job)) return false;
            job.Cancel.Cancel();
            if (Interlocked.CompareExchange(ref job.State, Job.Dropped, Job.Queued) == Job.Queued)
            {
                _jobs.Remove((uint)target);
                _afterResponse.Add(RpcMessages.Error((uint)target, RpcErrorCode.Cancelled, $"{job.Method}: cancelled before it started"));
            }
            return true; // a running job answers for itself
        }
    }

    /// <summary>Runs a handler and turns its outcome into a response (never throws).</summary>
    private byte[] Execute(MethodHandler handler, RpcRequest request, JobContext context)
    {
        var name = request.Method.Name;
        try
        {
            return RpcMessages.Result(request.MsgId, handler(request, context));
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return RpcMessages.Error(request.MsgId, RpcErrorCode.Cancelled, $"{name}: cancelled");
        }
        catch (RpcException e)
        {
            return RpcMessages.Error(request.MsgId, e.Code, e.Message);
        }
        catch (InputException e)
        {
            return RpcMessages.Error(request.MsgId, RpcErrorCode.BadInput, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RpcMessages.Error(request.MsgId, RpcErrorCode.BadInput, e.Message);
        }
        catch (MessagePackException e)
        {
            return RpcMessages.Error(request.MsgId, RpcErrorCode.WrongType, $"{name}: {e.Message}");
        }
        catch (Exception e)
        {
            _log.WriteLine($"lutbridge serve: internal error in {name}: {e}");
            return RpcMessages.Error(request.MsgId, RpcErrorCode.Internal, $"{name}: internal error: {e.Message}");
        }
    }

    /// <summary>Writes one whole message; a failed write closes the connection.</summary>
    public void Send(byte[] message)
    {
        lock (_writeLock)
        {
            if (_disposed) return;
            try
            {
                var sent = 0;
                while (sent < message.Length)
                    sent += _socket.Send(message.AsSpan(sent), SocketFlags.None);
                Touch();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _closed.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _closed.Cancel(); // cancels this connection's jobs too
        _socket.Dispose();
        _work.Dispose(); // drops its registration on the host's stopping token
        _closed.Dispose();
        Closed?.Invoke(this);
    }
}
