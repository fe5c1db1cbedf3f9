using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using LutBridge.Neural.Embedding;

namespace LutBridge.Cli.Commands;

/// <summary>
/// An installed patch-features model (DINOv2-class) as distil's <see cref="IPatchFeatures"/>; the
/// engine knows only that interface.
/// </summary>
internal sealed class ModelPatchFeatures(PatchFeatureExtractor extractor) : IPatchFeatures, IDisposable
{
    public string Name => extractor.Manifest.Name;

    public static ModelPatchFeatures Open(string name) =>
        new(PatchFeatureExtractor.Open(ModelsCommand.Store(), name, log: m => Console.Error.WriteLine($"lutbridge: {m}")));

    public PatchGrid Extract(RgbImage image, CancellationToken ct)
    {
        var grid = extractor.Extract(image, ct);
        return new PatchGrid(grid.Columns, grid.Rows, grid.Channels, grid.Values);
    }

    public void Dispose() => extractor.Dispose();
}
