using LutBridge.Core.LutFiles;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Studio.Sources;

/// <summary>A .look, a LutBridge .cube (its Look rides in a comment) or any LUT, decomposed into a Look as `lutbridge decompose` does.</summary>
public sealed class LutSource : IStudioSource
{
    public string Name => "lut";

    public IReadOnlyDictionary<string, (string[] Extensions, int Max)> Uploads { get; } =
        new Dictionary<string, (string[], int)> { ["lut"] = ([.. LutFile.ReadableExtensions, ".look"], 1) };

    public SourceResult Make(SourceRequest request, IProgress<StudioProgress> progress, CancellationToken cancel)
    {
        var file = request.File("lut");
        var look = Path.GetExtension(file.Path) switch
        {
            ".look" => LookFile.Read(file.Path),
            ".cube" => LookFile.FromCubeText(File.ReadLines(file.Path), file.Name),
            _ => null,
        };
        string summary = "opened as saved";
        if (look is null)
        {
            progress.Report(new StudioProgress(0, "reading the LUT"));
            var result = Decomposer.Run(LutFile.Read(file.Path), DecomposeOptions.Default,
                new Core.SyncProgress<DecomposeProgress>(p => progress.Report(new StudioProgress(p.Fraction, p.Stage))), cancel);
            look = result.Look;
            summary = "decomposed into sliders" + (look.Residual is null ? "" : " and a residual");
        }
        if (look.Title is null) look = look.WithTitle(Path.GetFileNameWithoutExtension(file.Name));
        return new SourceResult(look, summary);
    }
}
