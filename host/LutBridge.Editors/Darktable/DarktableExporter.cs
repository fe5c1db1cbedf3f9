using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;

namespace LutBridge.Editors.Darktable;

/// <summary>What to export: the LUT (a Look already baked, or a LUT file read), the images and where to.</summary>
public sealed record DarktableExportRequest(Lut Lut, string LookName, IReadOnlyList<string> Inputs, string OutputDir, string Format, int Jobs);

/// <summary>One exported image and how its check went.</summary>
public sealed record DarktableExportResult(string Input, string Output, ExportCheck.Verdict Verdict, bool Checkable);

/// <summary>
/// Batch export through darktable-cli with a generated lut3d style. Inputs are split over
/// <c>Jobs</c> workers, each one darktable-cli run with its own configdir over a folder of
/// links to its share of the images. Outputs are rendered into a hidden folder inside the
/// output folder and renamed into place only after the check that darktable applied the
/// LUT (<see cref="ExportCheck"/>); inputs LutBridge cannot decode (raw files) are checked
/// against a neutral darktable render of themselves.
/// </summary>
public static class DarktableExporter
{
    public static readonly string[] Formats = ["jpg", "png", "tif"];
    public const string LutFileName = "look.cube";

    public static IReadOnlyList<DarktableExportResult> Export(DarktableExportRequest request, IProgress<int>? progress, CancellationToken cancel)
    {
        if (!Formats.Contains(request.Format)) throw new InputException($"--format must be one of {string.Join(", ", Formats)}, got '{request.Format}'");
        if (request.Jobs < 1) throw new InputException($"--jobs must be at least 1, got {request.Jobs}");
        CheckInputs(request.Inputs);
        var lut = request.Lut.IsPlainLattice ? request.Lut : request.Lut.ToPlainLattice();

        Directory.CreateDirectory(request.OutputDir);
        // A hidden work folder in the output folder (same file system: outputs are renamed into place);
        // named so that a later run removes it when this process was killed (StaleTemporaries).
        Core.IO.StaleTemporaries.Sweep(request.OutputDir);
        var work = Core.IO.StaleTemporaries.WorkFolderPath(Path.GetFullPath(request.OutputDir));
        try
        {
            var lutFolder = Path.Combine(work, "luts");
            LutFile.Write(Path.Combine(lutFolder, LutFileName), lut);
            var styleName = $"lutbridge-export-{Path.GetFileName(work)[^8..]}";
            var stylePath = Path.Combine(work, "style.dtstyle");
            var style = new DtStyle(styleName, $"LutBridge look '{request.LookName}'", [DtStyleItem.Lut3d(new Lut3dParams(LutFileName))]);
            Core.IO.AtomicFile.WriteAllText(stylePath, style.ToXml());

            int done = 0;
            void Exported(string _) => progress?.Report(Interlocked.Increment(ref done));
            var rendered = RunWorkers(request.Inputs, work, "look", request, lutFolder, stylePath, styleName, Exported, cancel);
            var raws = request.Inputs.Where(i => !ImageFile.IsImagePath(i)).ToList();
            var neutral = raws.Count == 0
                ? new Dictionary<string, string>()
                : RunWorkers(raws, work, "neutral", request, lutFolder, null, null, _ => { }, cancel);

            var results = request.Inputs.AsParallel().AsOrdered().WithCancellation(cancel).Select(input =>
            {
                var exported = rendered[input];
                var reference = ImageFile.IsImagePath(input) ? ImageFile.Read(input) : ImageFile.Read(neutral[input]);
                var image = ImageFile.Read(exported);
                bool checkable = ExportCheck.LutEffect(reference, lut) >= ExportCheck.MinimumVisibleChange;
                var verdict = ExportCheck.Compare(reference, image, lut);
                return new DarktableExportResult(input, exported, verdict, checkable);
            }).ToList();

            var failed = results.Where(r => r.Checkable && !r.Verdict.Applied).ToList();
            if (failed.Count > 0)
                throw new InputException(
                    $"darktable exported {failed.Count} of {results.Count} image(s) without the look (its output matches the input, " +
                    $"not the LUT; darktable-cli exits 0 when lut3d cannot load its LUT): {string.Join(", ", failed.Select(f => f.Input))}");

            return results.Select(r =>
            {
                var final = Path.Combine(request.OutputDir, Path.GetFileName(r.Output));
                File.Move(r.Output, final, overwrite: true);
                return r with { Output = final };
            }).ToList();
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Expands folders into their image files (sorted) and checks every path exists.</summary>
    public static IReadOnlyList<string> ExpandInputs(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var inDir = Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".xmp", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).ToList();
                if (inDir.Count == 0) throw new InputException($"{path}: folder holds no images");
                files.AddRange(inDir.Select(Path.GetFullPath));
            }
            else if (File.Exists(path)) files.Add(Path.GetFullPath(path));
            else throw new InputException($"{path}: no such file or folder");
        }
        if (files.Count == 0) throw new InputException("no input images given (--in)");
        return files;
    }

    private static void CheckInputs(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) throw new InputException("no input images given (--in)");
        var clash = inputs.GroupBy(i => Path.GetFileNameWithoutExtension(i), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash != null)
            throw new InputException($"{string.Join(" and ", clash)} would export to the same file name '{clash.Key}'; export them separately");
    }

    /// <summary>Runs the workers; returns input path -> rendered file.</summary>
    private static Dictionary<string, string> RunWorkers(IReadOnlyList<string> inputs, string work, string pass,
        DarktableExportRequest request, string lutFolder, string? stylePath, string? styleName, Action<string> onExported,
        CancellationToken cancel)
    {
        int workers = Math.Min(request.Jobs, inputs.Count);
        var runs = Enumerable.Range(0, workers).Select(w =>
        {
            var dir = Path.Combine(work, $"{pass}-{w}");
            var run = new DarktableCliRun(Path.Combine(dir, "in"), Path.Combine(dir, "out"), request.Format,
                Path.Combine(dir, "config"), Path.Combine(dir, "cache"), lutFolder, stylePath, styleName);
            Directory.CreateDirectory(run.InputDir);
            Directory.CreateDirectory(run.OutputDir);
            return run;
        }).ToArray();
        var result = new Dictionary<string, string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var run = runs[i % workers];
            File.CreateSymbolicLink(Path.Combine(run.InputDir, Path.GetFileName(inputs[i])), inputs[i]);
            result[inputs[i]] = Path.Combine(run.OutputDir, $"{Path.GetFileNameWithoutExtension(inputs[i])}.{request.Format}");
        }
        try
        {
            Parallel.ForEach(runs, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel },
                run => run.Run(onExported, cancel));
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.All(x => x is InputException))
        {
            // The workers' own messages (darktable-cli's reasons), not "One or more errors occurred".
            throw new InputException(string.Join("; ", e.Flatten().InnerExceptions.Select(x => x.Message)), e);
        }
        foreach (var (input, output) in result)
            if (!File.Exists(output)) throw new InputException($"darktable-cli did not export {input} (expected {output})");
        return result;
    }
}
