namespace LutBridge.Editors.Batch.Cluster;

/// <summary>
/// Wakes whoever follows a job when its tasks write progress or summaries, so following costs
/// nothing between writes (the follower shares a small node with the tasks). inotify does not see
/// writes made by other nodes on a network file system, so <see cref="Wait"/> always returns after
/// its timeout too: there, following falls back to polling at that interval.
/// </summary>
public sealed class JobFolderSignal : IDisposable
{
    private readonly FileSystemWatcher? _watcher;
    private readonly SemaphoreSlim _changed = new(0, 1);

    public JobFolderSignal(string dir)
    {
        try
        {
            _watcher = new FileSystemWatcher(dir, "task-*")
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Created += (_, _) => Signal();
            _watcher.Changed += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            _watcher?.Dispose();
            _watcher = null; // out of inotify watches, or a file system without them: polling only
        }
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            try { _changed.Release(); }
            catch (SemaphoreFullException) { } // another event got there first: one wake is enough
            catch (ObjectDisposedException) { } // an event still in flight while the follower finished
        }
    }

    /// <summary>Returns when a task file changed (true) or after <paramref name="timeout"/> (false).</summary>
    public bool Wait(TimeSpan timeout) => _changed.Wait(timeout);

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }
}
