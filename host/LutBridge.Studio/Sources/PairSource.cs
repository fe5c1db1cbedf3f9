using System.Globalization;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;

namespace LutBridge.Studio.Sources;

/// <summary>A before/after pair → a Look, through the distil engine with `lutbridge distil`'s defaults (--align auto).</summary>
public sealed class PairSource : IStudioSource
{
    public string Name => "pair";

    public IReadOnlyDictionary<string, (string[] Extensions, int Max)> Uploads { get; } =
        new Dictionary<string, (string[], int)> { ["before"] = (StudioSources.ImageExtensions, 1), ["after"] = (StudioSources.ImageExtensions, 1) };

    public SourceResult Make(SourceRequest request, IProgress<StudioProgress> progress, CancellationToken cancel)
    {
        var before = request.File("before");
        var after = request.File("after");
        var options = new DistilOptions { Alignment = AlignmentMode.Auto, Title = Path.GetFileNameWithoutExtension(after.Name) };
        options.Validate();
        progress.Report(new StudioProgress(0, "reading the pair"));
        var b = ImageFile.Read(before.Path);
        var a = ImageFile.Read(after.Path);
        cancel.ThrowIfCancellationRequested();
        var result = Distiller.Run(b, a, options,
            new Core.SyncProgress<DistilProgress>(p => progress.Report(new StudioProgress(p.Fraction, p.Stage))), cancel);
        var r = result.Report;
        return new SourceResult(result.Look, string.Create(CultureInfo.InvariantCulture,
            $"alignment {r.Alignment.Kind}; on the matched pixels PSNR {r.PsnrDb:0.0} dB, mean ΔE00 {r.De2000Mean:0.00}"));
    }
}
