using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Editors.Darktable;

namespace LutBridge.Editors.Batch;

/// <summary>
/// darktable-cli renders the batch through <see cref="DarktableExporter"/> (the look as a lut3d
/// style, one configdir per process, every output checked). The exporter works on the whole list
/// at once (one darktable start for many images) and fails as a whole, so when it fails the images
/// are rendered again one by one: each failure is then the image's own (a raw darktable cannot
/// decode, an output without the look) and every other image is still written.
/// JPEG quality is darktable's own setting (--quality does not reach it).
/// </summary>
public sealed class DarktableEngine(LookSource source, int jobs, string format) : IBatchEngine
{
    public string Name => "darktable";

    public void Run(IReadOnlyList<BatchItem> items, Action<BatchItemResult> finished, CancellationToken cancel)
    {
        if (items.Count == 0) return;
        var lut = source.Lut ?? source.ToLut(33);
        if (items.Count == 1 || !TryExport(items, lut, finished, cancel, out _))
        {
            if (items.Count == 1)
            {
                if (!TryExport(items, lut, finished, cancel, out var error))
                    finished(new BatchItemResult(items[0], BatchOutcome.Failed, 0, error));
                return;
            }
            // One image spoiled the shared run: find it by giving each image its own.
            var options = new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel };
            Parallel.ForEach(items, options, item =>
            {
                var clock = Stopwatch.StartNew();
                if (!TryExport([item], lut, finished, cancel, out var error))
                    finished(new BatchItemResult(item, BatchOutcome.Failed, clock.Elapsed.TotalSeconds, error));
            });
        }
    }

    /// <summary>Exports <paramref name="items"/> in one exporter run; false (nothing reported) when it failed.</summary>
    private bool TryExport(IReadOnlyList<BatchItem> items, Core.Luts.Lut lut, Action<BatchItemResult> finished, CancellationToken cancel, out string? error)
    {
        error = null;
        var clock = Stopwatch.StartNew();
        var outDir = Path.GetDirectoryName(items[0].Output)!;
        var request = new DarktableExportRequest(lut, source.Name, items.Select(i => i.Input).ToList(), outDir, format, items.Count == 1 ? 1 : jobs);
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
            return true;
        }
        catch (Exception e) when (e is InputException or IOException)
        {
            error = items.Count == 1 ? Reason(e.Message, items[0].Input) : e.Message;
            return false;
        }
    }

    /// <summary>darktable-cli's words for one image, without the folder of links LutBridge ran it on.</summary>
    private static string Reason(string message, string input)
    {
        int cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.Contains("darktable-cli failed", StringComparison.Ordinal) && cut > 0
            ? $"darktable-cli cannot render it ({message[(cut + 3)..]})"
            : message.Replace(input + ": ", "");
    }

    public void Dispose() { }
}
