using LutBridge.Core.Imaging;
using LutBridge.Engines.Prompt;
using LutBridge.Neural.Embedding;
using LutBridge.Neural.Models;

namespace LutBridge.Cli.Commands;

/// <summary>
/// An installed image-embedding and text-embedding pair (one CLIP export's two halves) as the
/// prompt refiner's model; the engines know only <see cref="IImageTextEmbedder"/>.
/// </summary>
internal sealed class ModelImageTextEmbedder : IImageTextEmbedder, IDisposable
{
    private readonly ImageEmbedder _image;
    private readonly TextEmbedder _text;

    public string ImageModel => _image.Manifest.Name;
    public string TextModel => _text.Manifest.Name;

    private ModelImageTextEmbedder(ImageEmbedder image, TextEmbedder text)
    {
        _image = image;
        _text = text;
    }

    /// <summary>Opens the named models, or the first installed one of each task when a name is not given.</summary>
    public static ModelImageTextEmbedder Open(ModelStore store, string? imageModel, string? textModel)
    {
        var installed = store.List();
        string Pick(string? name, ModelTask task) => name ?? installed.FirstOrDefault(m => m.ParsedTask == task)?.Name
            ?? throw new ModelException($"--refine needs an installed {task.Name()} model and none is in {store.Root}: " +
                                        "add one with 'lutbridge models add' (models/README.md says where to find CLIP exports)");
        var image = ImageEmbedder.Open(store, Pick(imageModel, ModelTask.ImageEmbedding), log: m => Console.Error.WriteLine($"lutbridge: {m}"));
        try
        {
            return new ModelImageTextEmbedder(image, TextEmbedder.Open(store, Pick(textModel, ModelTask.TextEmbedding)));
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    // Texts embedded before (the neutral "a photo" of every refinement): a text run of a 77-token
    // CLIP costs about as much as an image, and a host keeps this object with its sessions.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> _texts = new();

    public float[] EmbedText(string text)
    {
        if (_texts.TryGetValue(text, out var known)) return known;
        if (_texts.Count > 1024) _texts.Clear();
        return _texts[text] = _text.Embed(text);
    }

    /// <summary>Forgets the embedded texts except <paramref name="keep"/> (benchmarks time each prompt's own text run).</summary>
    public void ForgetTexts(string keep)
    {
        foreach (var text in _texts.Keys)
            if (text != keep) _texts.TryRemove(text, out _);
    }

    public float[][] EmbedImages(IReadOnlyList<RgbImage> images, CancellationToken cancel) => _image.Embed(images, 16, cancel);

    public void Dispose()
    {
        _image.Dispose();
        _text.Dispose();
    }
}
