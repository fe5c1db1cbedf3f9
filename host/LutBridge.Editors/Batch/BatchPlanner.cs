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
    /// A finished output exists and is newer than its input and the look (outputs are written atomically,
    /// so an existing file is complete). Anything else is (re)rendered.
    /// </summary>
    public static bool IsFinished(BatchItem item, DateTime lookChangedUtc)
    {
        if (!File.Exists(item.Output)) return false;
        var written = File.GetLastWriteTimeUtc(item.Output);
        return written >= File.GetLastWriteTimeUtc(item.Input) && written >= lookChangedUtc;
    }
}
