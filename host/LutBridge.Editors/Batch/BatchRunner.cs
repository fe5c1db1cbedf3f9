using System.Diagnostics;

namespace LutBridge.Editors.Batch;

/// <summary>The outcome of a batch: one result per input, in input order, and the wall time of the rendering.</summary>
public sealed record BatchSummary(string Engine, IReadOnlyList<BatchItemResult> Results, double Seconds)
{
    public int Done => Results.Count(r => r.Outcome == BatchOutcome.Done);
    public int Skipped => Results.Count(r => r.Outcome == BatchOutcome.Skipped);
    public IReadOnlyList<BatchItemResult> Failures => Results.Where(r => r.Outcome == BatchOutcome.Failed).ToList();

    /// <summary>Rendered images per second of wall time (skipped ones do not count).</summary>
    public double ImagesPerSecond => Seconds > 0 ? Done / Seconds : 0;
}

/// <summary>Runs a batch: plans outputs, skips finished ones (resume), renders the rest with the chosen engine.</summary>
public static class BatchRunner
{
    /// <param name="started">called once with the number of images to render</param>
    /// <param name="finished">called for each image as it finishes (from worker threads)</param>
    public static BatchSummary Run(BatchRequest request, Action<int>? started, Action<BatchItemResult>? finished, CancellationToken cancel)
    {
        request.Validate();
        var items = BatchPlanner.Plan(request.Inputs, request.OutputDir, request.Format);
        Directory.CreateDirectory(request.OutputDir);
        var settings = BatchSettings.Of(request);
        var results = new Dictionary<BatchItem, BatchItemResult>();
        var notes = new Dictionary<BatchItem, string>();
        var todo = new List<BatchItem>();
        foreach (var item in items)
        {
            switch (BatchPlanner.Decide(item, settings, request.Force, out var why))
            {
                case BatchDecision.Finished:
                    results[item] = new BatchItemResult(item, BatchOutcome.Skipped, 0);
                    break;
                case BatchDecision.NotOurs:
                    results[item] = new BatchItemResult(item, BatchOutcome.Skipped, 0, Note: why);
                    break;
                case BatchDecision.Redo:
                    notes[item] = why!;
                    todo.Add(item);
                    break;
                default:
                    todo.Add(item);
                    break;
            }
        }
        started?.Invoke(todo.Count);

        using var engine = Create(request);
        var clock = Stopwatch.StartNew();
        var gate = new object();
        if (todo.Count > 0)
            engine.Run(todo, r =>
            {
                if (r.Outcome == BatchOutcome.Done)
                {
                    try
                    {
                        BatchRecord.Save(r.Item, settings); // outputs + records are the batch's whole state
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or Core.InputException)
                    {
                        r = r with { Outcome = BatchOutcome.Failed, Error = $"written, but its batch record could not be: {e.Message}" };
                    }
                }
                if (notes.TryGetValue(r.Item, out var note)) r = r with { Note = note };
                lock (gate) results[r.Item] = r;
                finished?.Invoke(r);
            }, cancel);
        var seconds = clock.Elapsed.TotalSeconds;
        return new BatchSummary(engine.Name, items.Select(i => results[i]).ToList(), seconds);
    }

    private static IBatchEngine Create(BatchRequest r) => r.Engine switch
    {
        BatchEngineKind.Host => new HostEngine(r.Source, r.Jobs, r.Format, r.Quality),
        BatchEngineKind.RawTherapee => new RawTherapeeEngine(r.Source, r.Jobs, r.Format, r.Quality),
        BatchEngineKind.Darktable => new DarktableEngine(r.Source, r.Jobs, r.Format),
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };
}
