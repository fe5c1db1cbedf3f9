namespace LutBridge.Core;

/// <summary>
/// Reports progress on the calling thread, in order. (Progress&lt;T&gt; posts each report to the
/// thread pool, so reports can arrive late or out of order.)
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
