using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Looks;

namespace LutBridge.Studio.Sources;

/// <summary>How far a source's work has come (0..1) and what it is doing, for the page's progress bar.</summary>
public readonly record struct StudioProgress(double Fraction, string Stage);

/// <summary>One uploaded file of a source request, saved in the session folder under a fixed name.</summary>
public sealed record SourceFile(string Field, string Path, string Name);

/// <summary>What the page sent for a source: its files, its text fields and the photo being graded (its preview), if any.</summary>
public sealed record SourceRequest(IReadOnlyList<SourceFile> Files, IReadOnlyDictionary<string, string> Fields, RgbImage? Photo)
{
    public SourceFile File(string field) =>
        Files.FirstOrDefault(f => f.Field == field) ?? throw new InputException($"choose the {field} image");

    public IReadOnlyList<SourceFile> FilesOf(string field) => Files.Where(f => f.Field == field).ToList();

    public string? Field(string name) => Fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}

/// <summary>What a source made: the Look, a title for the page and one line on how it went.</summary>
public sealed record SourceResult(Look Look, string Summary);

/// <summary>
/// A way to get a Look (a LUT, a before/after pair, reference photos, words): the upload fields it
/// takes and a call into its engine, the same call the CLI command and the RPC method make.
/// </summary>
public interface IStudioSource
{
    /// <summary>The name the page posts (?kind=NAME).</summary>
    string Name { get; }

    /// <summary>Upload field → the file extensions it accepts, and at most how many files.</summary>
    IReadOnlyDictionary<string, (string[] Extensions, int Max)> Uploads { get; }

    SourceResult Make(SourceRequest request, IProgress<StudioProgress> progress, CancellationToken cancel);
}

/// <summary>Every source the page offers.</summary>
public static class StudioSources
{
    /// <summary>The photo extensions the studio reads (the engines read PNG, JPEG and TIFF); before <see cref="All"/>, which uses it.</summary>
    public static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff"];

    public static readonly IReadOnlyList<IStudioSource> All = [new LutSource(), new PairSource(), new ReferenceSource(), new WordsSource()];

    public static IStudioSource Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new InputException($"unknown source '{name}' (one of {string.Join(", ", All.Select(s => s.Name))})");
}
