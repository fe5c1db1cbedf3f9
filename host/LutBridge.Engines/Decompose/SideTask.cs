namespace LutBridge.Engines.Decompose;

/// <summary>
/// Work started beside the caller's own (a residual search while the sliders are fitted): when the
/// caller fails or is cancelled, the side task is stopped and awaited before it leaves, so nothing
/// runs on behind it.
/// </summary>
internal static class SideTask
{
    /// <summary>Cancels <paramref name="task"/> through <paramref name="stop"/> and waits for it; its own cancellation is expected and ignored, any other failure is thrown.</summary>
    public static void StopAndWait(CancellationTokenSource stop, Task task)
    {
        stop.Cancel();
        try { task.Wait(CancellationToken.None); }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException)) { }
    }
}
