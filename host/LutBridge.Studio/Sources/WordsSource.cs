using LutBridge.Engines.Prompt;

namespace LutBridge.Studio.Sources;

/// <summary>Words → a Look, through the prompt engine as `lutbridge prompt TEXT --in PHOTO` runs it (adapted to the open photo).</summary>
public sealed class WordsSource : IStudioSource
{
    /// <summary>A prompt is a sentence or two, not a document.</summary>
    public const int MaxLength = 2000;

    public string Name => "words";

    public IReadOnlyDictionary<string, (string[] Extensions, int Max)> Uploads { get; } = new Dictionary<string, (string[], int)>();

    public SourceResult Make(SourceRequest request, IProgress<StudioProgress> progress, CancellationToken cancel)
    {
        var text = request.Field("text") ?? throw new Core.InputException("type the look in words, e.g. \"warm faded film, teal shadows\"");
        if (text.Length > MaxLength) throw new Core.InputException($"the words are longer than {MaxLength} characters");
        var photo = request.Photo is null ? null : PhotoStats.From(request.Photo);
        var result = PromptEngine.Run(text, photo);
        var phrases = result.Report.Phrases.Select(p => $"\"{p.Text}\" → {p.Meaning}");
        var summary = string.Join("; ", phrases);
        if (result.Report.Warnings.Count > 0) summary += " (" + string.Join("; ", result.Report.Warnings) + ")";
        return new SourceResult(result.Look, summary.Length == 0 ? "no words understood" : summary);
    }
}
