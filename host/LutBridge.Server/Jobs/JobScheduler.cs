using System.Threading.Channels;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Jobs;

/// <summary>
/// The bounded worker pool: LB_MAX_CONCURRENT_JOBS workers take jobs from a queue of at most
/// LB_MAX_QUEUED_JOBS; a full queue refuses new work (the caller answers busy).
/// </summary>
/// <remarks>
/// Workers are dedicated threads, not thread-pool tasks: a job blocks its worker for seconds
/// while the engines' Parallel.For loops fill the pool, and on a two-core machine a pool
/// worker held by a job starved the connections' socket reads, so a job.cancel sent mid-job
/// was read only after the job had finished.
/// </remarks>
public sealed class JobScheduler : IAsyncDisposable
{
    // A worker blocked in ReadAsync takes a job straight from TryWrite, so exactly
    // LB_MAX_QUEUED_JOBS may wait behind busy workers, however late the workers wake.
    private readonly Channel<Action> _queue = Channel.CreateBounded<Action>(new BoundedChannelOptions(ProtocolLimits.MaxQueuedJobs)
    {
        SingleReader = false,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full
    });
    private readonly Thread[] _workers;

    public JobScheduler(int workers = ProtocolLimits.MaxConcurrentJobs)
    {
        _workers = Enumerable.Range(0, workers).Select(i =>
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"lutbridge-job-{i}" };
            thread.Start();
            return thread;
        }).ToArray();
    }

    /// <summary>Queues a job; false when LB_MAX_QUEUED_JOBS are already waiting.</summary>
    public bool TryEnqueue(Action job) => _queue.Writer.TryWrite(job);

    private void Work()
    {
        while (true)
        {
            Action job;
            try
            {
                job = _queue.Reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                return;
            }
            job(); // jobs catch their own exceptions and answer their caller
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(() =>
        {
            foreach (var worker in _workers) worker.Join();
        });
    }
}
