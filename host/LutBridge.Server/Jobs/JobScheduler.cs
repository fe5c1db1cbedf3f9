using System.Threading.Channels;
using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Jobs;

/// <summary>
/// The bounded worker pool: LB_MAX_CONCURRENT_JOBS workers take jobs from a queue of at most
/// LB_MAX_QUEUED_JOBS; a full queue refuses new work (the caller answers busy).
/// </summary>
public sealed class JobScheduler : IAsyncDisposable
{
    private readonly Channel<Action> _queue = Channel.CreateBounded<Action>(new BoundedChannelOptions(ProtocolLimits.MaxQueuedJobs)
    {
        SingleReader = false,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full
    });
    private readonly Task[] _workers;

    public JobScheduler(int workers = ProtocolLimits.MaxConcurrentJobs)
    {
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Queues a job; false when LB_MAX_QUEUED_JOBS are already waiting.</summary>
    public bool TryEnqueue(Action job) => _queue.Writer.TryWrite(job);

    private async Task WorkAsync()
    {
        await foreach (var job in _queue.Reader.ReadAllAsync())
            job(); // jobs catch their own exceptions and answer their caller
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
    }
}
