using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Editors.Darktable;

namespace LutBridge.Editors.Batch;

/// <summary>
/// darktable-cli renders the batch through <see cref="DarktableExporter"/> (the look as a lut3d
/// style, one configdir per process, every output checked). The exporter works on the whole list
/// at once and fails as a whole, so a failure marks every image of this run as failed.
/// JPEG quality is darktable's own setting (--quality does not reach it).
/// </summary>
public sealed class DarktableEngine(LookSource source, int jobs, string format) : IBatchEngine
{
    public string Name => "darktable";

    public void Run(IReadOnlyList<BatchItem> items, Action<BatchItemResult> finished, CancellationToken cancel)
    {
        if (items.Count == 0) return;
        var clock = Stopwatch.StartNew();
        var lut = source.Lut ?? source.ToLut(33);
        var outDir = Path.GetDirectoryName(items[0].Output)!;
        var request = new DarktableExportRequest(lut, source.Name, items.Select(i => i.Input).ToList(), outDir, format, jobs);
        var byInput = items.ToDictionary(i => i.Input, StringComparer.Ordinal);
        try
        {
            var results = DarktableExporter.Export(request, progress: null, cancel);
            double each = clock.Elapsed.TotalSeconds / Math.Max(1, results.Count);
            foreach (var r in results)
            {
                var item = byInput[r.Input];
                if (r.Output != item.Output) File.Move(r.Output, item.Output, overwrite: true);
                finished(new BatchItemResult(item, BatchOutcome.Done, each));
            }
        }
        catch (Exception e) when (e is InputException or IOException)
        {
            double each = clock.Elapsed.TotalSeconds / items.Count;
            foreach (var item in items) finished(new BatchItemResult(item, BatchOutcome.Failed, each, e.Message));
        }
    }

    public void Dispose() { }
}
