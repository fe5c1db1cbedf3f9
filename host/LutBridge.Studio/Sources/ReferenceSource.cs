using LutBridge.Core.Imaging;
using LutBridge.Engines.Match;

namespace LutBridge.Studio.Sources;

/// <summary>
/// Reference photo(s) → a Look that carries their grade, through the match engine as
/// `lutbridge match --ref R... --in PHOTO` runs it (adapted to the open photo's preview, when one is open).
/// </summary>
public sealed class ReferenceSource : IStudioSource
{
    /// <summary>As the RPC method: at most this many references.</summary>
    public const int MaxReferences = 16;

    public string Name => "reference";

    public IReadOnlyDictionary<string, (string[] Extensions, int Max)> Uploads { get; } =
        new Dictionary<string, (string[], int)> { ["reference"] = (StudioSources.ImageExtensions, MaxReferences) };

    public SourceResult Make(SourceRequest request, IProgress<StudioProgress> progress, CancellationToken cancel)
    {
        var files = request.FilesOf("reference");
        if (files.Count == 0) throw new Core.InputException("choose one or more reference photos");
        progress.Report(new StudioProgress(0, "reading the references"));
        var references = new List<RgbImage>();
        foreach (var f in files)
        {
            cancel.ThrowIfCancellationRequested();
            references.Add(ImageFile.Read(f.Path));
        }
        progress.Report(new StudioProgress(0.5, "estimating the grade"));
        var options = new MatchOptions { Title = Path.GetFileNameWithoutExtension(files[0].Name) + " match" };
        options.Validate();
        var result = Matcher.Run(references, request.Photo, options);
        var moved = result.Report.Moved;
        return new SourceResult(result.Look, moved.Count == 0
            ? "the reference looks ungraded: all sliders neutral"
            : $"{moved.Count} sliders moved" + (result.Report.AdaptedToInput ? ", adapted to the photo" : ""));
    }
}
