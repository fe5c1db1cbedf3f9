using System.Diagnostics;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Jobs;

/// <summary>
/// What a running method sees of its job: the cancellation token (job.cancel, the connection
/// closing, or host shutdown), a progress reporter throttled to one notification per
/// LB_PROGRESS_INTERVAL_MS, and the other jobs of its connection (<see cref="Jobs"/>).
/// </summary>
public sealed class JobContext
{
    private readonly Action<double, string>? _send;
    private long _lastSent = long.MinValue;

    public JobContext(uint jobId, CancellationToken cancellation, Action<double, string>? send, IJobControl? jobs = null)
    {
        JobId = jobId;
        Cancellation = cancellation;
        _send = send;
        Jobs = jobs;
    }

    public uint JobId { get; }
    public CancellationToken Cancellation { get; }

    /// <summary>The jobs of the connection this request came on (null outside a connection).</summary>
    public IJobControl? Jobs { get; }

    /// <summary>A context for calls answered inline: no progress, cancelled only with the connection.</summary>
    public static JobContext Inline(uint msgid, CancellationToken cancellation, IJobControl? jobs = null) => new(msgid, cancellation, null, jobs);

    /// <summary>Reports progress; calls closer together than the interval are dropped, except the final 1.0.</summary>
    public void Report(double fraction, string stage)
    {
        if (_send == null) return;
        var now = Stopwatch.GetTimestamp();
        if (fraction < 1.0 && _lastSent != long.MinValue &&
            Stopwatch.GetElapsedTime(_lastSent, now).TotalMilliseconds < ProtocolLimits.ProgressIntervalMs)
            return;
        _lastSent = now;
        _send(Math.Clamp(double.IsNaN(fraction) ? 0 : fraction, 0, 1), stage);
    }

    /// <summary>An IProgress&lt;double&gt; adapter for engines that report a fraction only.</summary>
    public IProgress<double> AsProgress(string stage) => new FractionProgress(this, stage);

    private sealed class FractionProgress(JobContext owner, string stage) : IProgress<double>
    {
        public void Report(double value) => owner.Report(value, stage);
    }
}
