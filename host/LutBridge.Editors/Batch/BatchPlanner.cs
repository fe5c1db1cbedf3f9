using LutBridge.Core;
using LutBridge.Editors.Raw;

namespace LutBridge.Editors.Batch;

/// <summary>Turns --in paths into batch items, and decides which ones are already finished (resume).</summary>
public static class BatchPlanner
{
    /// <summary>Files (folders expanded to their supported images, sorted), each checked to exist.</summary>
    public static IReadOnlyList<string> ExpandInputs(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var images = Directory.EnumerateFiles(path)
                    .Where(f => !Path.GetFileName(f).StartsWith('.') && AnyImage.IsSupported(f))
                    .Order(StringComparer.Ordinal).Select(Path.GetFullPath).ToList();
                if (images.Count == 0) throw new InputException($"{path}: folder holds no images LutBridge reads");
                files.AddRange(images);
            }
            else if (File.Exists(path))
            {
                if (!AnyImage.IsSupported(path)) throw new InputException($"{path}: not an image LutBridge reads (png, jpg, tif or camera raw)");
                files.Add(Path.GetFullPath(path));
            }
            else throw new InputException($"{path}: no such file or folder");
        }
        if (files.Count == 0) throw new InputException("no input images given (--in)");
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Output = &lt;out&gt;/&lt;input name without extension&gt;.&lt;format&gt;; two inputs with one output name are an error.</summary>
    public static IReadOnlyList<BatchItem> Plan(IReadOnlyList<string> inputs, string outputDir, string format)
    {
        var outDir = Path.GetFullPath(outputDir);
        var items = inputs.Select(i => new BatchItem(i, Path.Combine(outDir, $"{Path.GetFileNameWithoutExtension(i)}.{format}"))).ToList();
        var clash = items.GroupBy(i => i.Output, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InputException($"{string.Join(" and ", clash.Select(c => c.Input))} would both become {clash.Key}; run them in separate batches");
        var self = items.FirstOrDefault(i => i.Output == i.Input);
        if (self is not null) throw new InputException($"{self.Input}: the output would overwrite the input; choose another --out folder");
        return items;
    }

    /// <summary>
    /// Decides what to do with <paramref name="item"/> from its output and its record (see
    /// <see cref="BatchRecord"/>): skip an output made from this input with these settings, redo
    /// one made with other settings or from an older input, and never replace a file that LutBridge
    /// did not write or that changed since it did (<paramref name="force"/> replaces anything).
    /// </summary>
    /// <param name="why">for <see cref="BatchDecision.Redo"/> and <see cref="BatchDecision.NotOurs"/>: what the user is told</param>
    public static BatchDecision Decide(BatchItem item, BatchSettings settings, bool force, out string? why)
    {
        why = null;
        if (!File.Exists(item.Output)) return BatchDecision.Render;
        if (force) { why = "--force"; return BatchDecision.Redo; }
        var record = BatchRecord.Load(item);
        if (record is null || record.OutputStamp != FileStamp.Of(item.Output))
        {
            why = record is null
                ? "exists, and no LutBridge batch record says how it was made; kept (--force replaces it)"
                : "changed since LutBridge wrote it; kept (--force replaces it)";
            return BatchDecision.NotOurs;
        }
        var changes = settings.Differences(record.Settings).ToList();
        if (record.Input != item.Input || record.InputStamp != FileStamp.Of(item.Input)) changes.Add("the input image");
        if (changes.Count == 0) return BatchDecision.Finished;
        why = "made with other settings: " + string.Join(", ", changes);
        return BatchDecision.Redo;
    }
}
