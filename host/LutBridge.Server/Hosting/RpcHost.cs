using System.Net.Sockets;
using LutBridge.Interop.Protocol;
using LutBridge.Server.Jobs;
using LutBridge.Server.Methods;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Hosting;

/// <summary>Thrown when another host already serves the socket (the CLI exits 2 with the message).</summary>
public sealed class HostAlreadyRunningException(string message) : IOException(message);

/// <summary>
/// The host process's server: one Unix socket in a private directory, a peer-uid check for
/// every connection, many connections at once, and a clean stop (socket removed, jobs cancelled).
/// </summary>
public sealed class RpcHost : IAsyncDisposable
{
    private const int ShutdownGraceMs = 5000;
    private readonly TextWriter _log;
    private readonly MethodRegistry _registry;
    private readonly JobScheduler _scheduler = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Connection> _connections = [];
    private readonly uint _uid = Native.GetEffectiveUserId();
    private HostLock? _lock;
    private Socket? _listener;

    /// <param name="openEdit">Opens an editor's edit for look.distil_edit (lutbridge serve passes the editors in).</param>
    public RpcHost(string socketPath, bool testMethods, TextWriter log, Func<string, string?, Engines.Distil.EditRender>? openEdit = null)
    {
        SocketPath = Path.GetFullPath(socketPath);
        _registry = new MethodRegistry(testMethods, openEdit);
        _log = log;
    }

    public string SocketPath { get; }

    /// <summary>
    /// When all <see cref="ProtocolLimits.MaxConnections"/> are taken, a new client takes the place of the
    /// connection idle longest (no job in flight, nothing received or sent) once it has been idle this long;
    /// otherwise the new client is told "busy". Forgotten connections thus never lock everyone else out.
    /// </summary>
    public TimeSpan IdleEvictAfter { get; init; } = TimeSpan.FromMilliseconds(DefaultIdleEvictMs);

    public const int DefaultIdleEvictMs = 10_000;

    /// <summary>
    /// A connection idle this long (no job in flight, nothing received or sent) is closed even when
    /// the host is not full, so forgotten clients never pile up; a client that comes back reconnects
    /// (the darktable panel's session and lutbridge-c do). Null: never.
    /// </summary>
    public TimeSpan? CloseIdleAfter { get; init; } = TimeSpan.FromSeconds(DefaultCloseIdleSeconds);

    public const int DefaultCloseIdleSeconds = 1800;

    /// <summary>The clock of idle eviction and frame timeouts (tests pass a fake one and advance it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Raised after a connection was admitted or forgotten (tests wait on it instead of polling <see cref="OpenConnections"/>).</summary>
    public event Action? ConnectionsChanged;

    /// <summary>Connections being served now (for tests that check nothing is left behind).</summary>
    public int OpenConnections
    {
        get { lock (_connections) return _connections.Count; }
    }

    /// <summary>
    /// Takes the lock, replaces a stale socket, binds (0600) and listens. Throws
    /// <see cref="HostAlreadyRunningException"/> when another host serves this path.
    /// </summary>
    public void Start()
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the LutBridge host needs Unix sockets");
        if (System.Text.Encoding.UTF8.GetByteCount(SocketPath) > 107)
            throw new IOException($"{SocketPath}: socket path longer than 107 bytes");
        SocketLocation.PrepareDirectory(SocketPath, hostsOwnFolder: SocketLocation.IsDefault(SocketPath));
        _lock = HostLock.TryAcquire(SocketPath)
                ?? throw new HostAlreadyRunningException($"another LutBridge host is already serving {SocketPath} (it holds {SocketPath}.lock)");
        if (File.Exists(SocketPath) || Directory.Exists(SocketPath))
        {
            if (IsSomeoneListening(SocketPath))
                throw new HostAlreadyRunningException($"another process is listening on {SocketPath}");
            _log.WriteLine($"lutbridge serve: replacing stale socket {SocketPath} (nobody listens on it)");
            File.Delete(SocketPath);
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(ProtocolLimits.MaxConnections);
        _listener = listener;
        _log.WriteLine($"lutbridge serve: listening on {SocketPath} (pid {Environment.ProcessId}, API level {ProtocolLimits.ApiLevel})");
    }

    private static bool IsSomeoneListening(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Accepts connections until <see cref="Stop"/>; then cleans up.</summary>
    public async Task RunAsync()
    {
        var listener = _listener ?? throw new InvalidOperationException("Start() first");
        using var idleSweep = CloseIdleAfter is { } limit
            // A real-time sweep (idle time itself is read from Clock): a fake clock's timers are the
            // frame timeouts tests wait for, and a sweep must not be mistaken for one.
            ? new Timer(_ => CloseIdle(limit), null, SweepPeriod(limit), SweepPeriod(limit))
            : null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(_stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    _log.WriteLine($"lutbridge serve: accept failed: {e.Message}");
                    continue;
                }
                Admit(client);
            }
        }
        finally
        {
            await ShutdownAsync();
        }
    }

    private void Admit(Socket client)
    {
        PeerCredentials peer;
        try
        {
            peer = PeerCredentials.Of(client);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            _log.WriteLine($"lutbridge serve: refused a peer whose credentials cannot be read: {e.Message}");
            client.Dispose();
            return;
        }
        if (peer.Uid != _uid)
        {
            _log.WriteLine($"lutbridge serve: refused pid {peer.Pid}: uid {peer.Uid} is not the host's uid {_uid}");
            client.Dispose();
            return;
        }
        var connection = new Connection(client, _registry, _scheduler, _log, _stopping.Token, Clock) { ClientPid = peer.Pid };
        // Idle times are read outside the set's lock (a connection's own lock is taken for them).
        Connection[] all;
        lock (_connections) all = _connections.Count >= ProtocolLimits.MaxConnections ? [.. _connections] : [];
        var longestIdle = all.Select(c => (Connection: c, Idle: c.IdleFor)).Where(x => x.Idle >= IdleEvictAfter)
            .OrderByDescending(x => x.Idle).Select(x => x.Connection).FirstOrDefault();
        Connection? evicted = null;
        lock (_connections)
        {
            if (longestIdle != null && _connections.Count >= ProtocolLimits.MaxConnections && _connections.Remove(longestIdle))
                evicted = longestIdle;
            if (_connections.Count >= ProtocolLimits.MaxConnections)
            {
                connection.Send(RpcMessages.Error(0, RpcErrorCode.Busy,
                    $"the host already serves {ProtocolLimits.MaxConnections} connections"));
                connection.Dispose();
                return;
            }
            _connections.Add(connection);
        }
        if (evicted != null)
        {
            _log.WriteLine($"lutbridge serve: closed a connection idle for {evicted.IdleFor.TotalSeconds:0} s to admit pid {peer.Pid} ({ProtocolLimits.MaxConnections} connections are the limit)");
            evicted.Dispose();
        }
        connection.Closed += c =>
        {
            bool removed;
            lock (_connections) removed = _connections.Remove(c);
            if (removed) ConnectionsChanged?.Invoke();
        };
        ConnectionsChanged?.Invoke();
        _ = Task.Run(connection.RunAsync);
    }

    /// <summary>Looked at four times per <paramref name="limit"/>, at most every 30 s: a connection closes within 1.25 × the limit.</summary>
    private static TimeSpan SweepPeriod(TimeSpan limit) => TimeSpan.FromTicks(Math.Clamp(limit.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond * 30));

    private void CloseIdle(TimeSpan limit)
    {
        Connection[] all;
        lock (_connections) all = [.. _connections];
        foreach (var c in all)
        {
            var idle = c.IdleFor;
            if (idle < limit) continue;
            bool removed;
            lock (_connections) removed = _connections.Remove(c);
            if (!removed) continue; // closed meanwhile
            _log.WriteLine($"lutbridge serve: closed a connection idle for {idle.TotalSeconds:0} s (pid {c.ClientPid})");
            c.Dispose();
            ConnectionsChanged?.Invoke();
        }
    }

    /// <summary>Asks the host to stop (SIGTERM, SIGINT): stops accepting, cancels jobs, removes the socket.</summary>
    public void Stop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ShutdownAsync()
    {
        _stopping.Cancel(); // every job sees its cancellation
        _listener?.Dispose();
        // Let the jobs answer "cancelled" on their still-open connections, for a bounded time.
        var drained = _scheduler.DisposeAsync().AsTask();
        await Task.WhenAny(drained, Task.Delay(ShutdownGraceMs));
        Connection[] open;
        lock (_connections) open = [.. _connections];
        foreach (var c in open) c.Dispose();
        if (!drained.IsCompleted)
            _log.WriteLine($"lutbridge serve: some jobs did not stop within {ShutdownGraceMs} ms of the shutdown; exiting anyway");
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
        _lock?.Dispose();
        _lock = null;
        _log.WriteLine("lutbridge serve: stopped");
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener != null && !_stopping.IsCancellationRequested) Stop();
        _lock?.Dispose();
        await Task.CompletedTask;
    }
}
