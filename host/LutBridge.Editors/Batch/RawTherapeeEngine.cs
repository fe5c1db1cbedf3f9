using System.Collections.Concurrent;
using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Editors.Darktable;
using LutBridge.Editors.Raw;
using LutBridge.Editors.RawTherapee;

namespace LutBridge.Editors.Batch;

/// <summary>
/// rawtherapee-cli renders the batch: the look becomes a 16-bit HaldCLUT and a partial profile with
/// only [Film Simulation] (every other tool stays at RawTherapee's neutral defaults), and <c>jobs</c>
/// rawtherapee-cli processes run at once, each with private settings. rawtherapee-cli exits 0 and
/// writes the image without the look when it cannot load the CLUT, so every output of a non-raw
/// input is checked to be nearer to the input with the look applied than to the input.
/// </summary>
public sealed class RawTherapeeEngine : IBatchEngine
{
    private readonly string _work;
    private readonly string _profile;
    private readonly Lut _checkLut;
    private readonly int _jobs;
    private readonly string _format;
    private readonly int _quality;
    private readonly ConcurrentBag<RawTherapeeCli> _clis = [];

    public string Name => "rawtherapee";

    public RawTherapeeEngine(LookSource source, int jobs, string format, int quality)
    {
        _jobs = jobs;
        _format = format;
        _quality = quality;
        _ = new RawTherapeeCli().Executable; // fails early when rawtherapee-cli is missing
        _work = Path.Combine(Path.GetTempPath(), $"lutbridge-batch-rt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_work);
        var (clut, _) = HaldClutExporter.Export(source, _work, new HaldClutOptions { Level = 12, Bits = 16, Name = "look" });
        _profile = Path.Combine(_work, "look.pp3");
        ProfileWriter.WritePartial(_profile, new FilmSimulation(clut, 1.0));
        _checkLut = source.ToLut(33);
    }

    public void Run(IReadOnlyList<BatchItem> items, Action<BatchItemResult> finished, CancellationToken cancel)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = _jobs, CancellationToken = cancel };
        var partitioner = Partitioner.Create(items.ToList(), loadBalance: true);
        Parallel.ForEach(partitioner, options, item => finished(Render(item, cancel)));
    }

    private BatchItemResult Render(BatchItem item, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        if (!_clis.TryTake(out var cli)) cli = new RawTherapeeCli(privateDir: Path.Combine(_work, $"rt-{Guid.NewGuid():N}"));
        var dir = Path.GetDirectoryName(item.Output)!;
        var temp = Path.Combine(dir, Core.IO.StaleTemporaries.TempNameWithExtension(Path.GetFileNameWithoutExtension(item.Output), _format));
        try
        {
            Directory.CreateDirectory(dir);
            Core.IO.StaleTemporaries.Sweep(dir);
            bool raw = RawDecoder.IsRawPath(item.Input);
            cli.Convert(item.Input, temp, [_profile], new RtOutput(_format, _quality, raw && _format != "jpg" ? 16 : 8), cancel);
            if (!raw) CheckLookApplied(item.Input, temp);
            File.Move(temp, item.Output, overwrite: true);
            return new BatchItemResult(item, BatchOutcome.Done, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new BatchItemResult(item, BatchOutcome.Failed, clock.Elapsed.TotalSeconds, e.Message);
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { }
            _clis.Add(cli);
        }
    }

    private void CheckLookApplied(string input, string output)
    {
        var before = ImageFile.Read(input);
        if (ExportCheck.LutEffect(before, _checkLut, stride: 16) < ExportCheck.MinimumVisibleChange) return;
        var verdict = ExportCheck.Compare(before, ImageFile.Read(output), _checkLut, stride: 16);
        if (!verdict.Applied)
            throw new InputException($"{input}: rawtherapee-cli wrote the image without the look (it exits 0 when Film Simulation cannot load its CLUT)");
    }

    public void Dispose()
    {
        while (_clis.TryTake(out var cli)) cli.Dispose();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
