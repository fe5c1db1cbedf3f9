namespace LutBridge.Server.Hosting;

/// <summary>
/// Stops a host once no client has been connected for <see cref="Idle"/> (`serve --exit-when-idle`:
/// a host a client started on demand goes away after its editor). Driven by the host's
/// <see cref="RpcHost.ConnectionsChanged"/>: a one-shot timer on <paramref name="clock"/> starts when the
/// last connection goes (and at once, when none is open) and is dropped when one comes, so any
/// connection, even one that only waits, keeps the host running.
/// </summary>
public sealed class IdleExit : IDisposable
{
    /// <summary>The option's range in seconds (a day at most; a client starting the host passes 300).</summary>
    public static readonly Core.IntRange SecondsRange = new("exit_when_idle", 1, 86400, 300);

    private readonly RpcHost _host;
    private readonly TextWriter _log;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private ITimer? _timer;
    private object? _armed; // identifies the live timer: a callback of a dropped one does nothing
    private bool _disposed;

    public TimeSpan Idle { get; }

    public IdleExit(RpcHost host, TimeSpan idle, TextWriter log, TimeProvider? clock = null)
    {
        _host = host;
        Idle = idle;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        host.ConnectionsChanged += ConnectionsChanged;
        ConnectionsChanged();
    }

    private void ConnectionsChanged()
    {
        lock (_gate)
        {
            if (_disposed) return;
            bool idle = _host.OpenConnections == 0;
            if (idle && _timer == null)
            {
                var token = new object();
                _armed = token;
                _timer = _clock.CreateTimer(Expired, token, Idle, Timeout.InfiniteTimeSpan);
            }
            else if (!idle && _timer != null)
                Disarm();
        }
    }

    private void Expired(object? token)
    {
        lock (_gate)
        {
            // A client may have come between the timer firing and this lock: the change event drops the timer.
            if (_disposed || token != _armed || _host.OpenConnections > 0) return;
            Disarm();
        }
        _log.WriteLine($"lutbridge: no client for {Idle.TotalSeconds:0} s: stopping");
        _host.Stop();
    }

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
        _armed = null;
    }

    public void Dispose()
    {
        _host.ConnectionsChanged -= ConnectionsChanged;
        lock (_gate)
        {
            _disposed = true;
            Disarm();
        }
    }
}
