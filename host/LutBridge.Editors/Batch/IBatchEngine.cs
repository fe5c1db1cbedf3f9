namespace LutBridge.Editors.Batch;

/// <summary>Renders batch items; reports each one as it finishes (from any thread) and never throws for one bad image.</summary>
public interface IBatchEngine : IDisposable
{
    string Name { get; }

    void Run(IReadOnlyList<BatchItem> items, Action<BatchItemResult> finished, CancellationToken cancel);
}
