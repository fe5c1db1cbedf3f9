using LutBridge.Core.Imaging;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;

namespace LutBridge.Neural.Embedding;

/// <summary>
/// Features per patch on a grid over the whole image: row-major <see cref="Rows"/> ×
/// <see cref="Columns"/> cells of <see cref="Channels"/> values; cell (r, c) covers the image's
/// columns c/Columns..(c+1)/Columns and rows r/Rows..(r+1)/Rows of its width and height.
/// </summary>
public sealed record PatchFeatureGrid(int Columns, int Rows, int Channels, float[] Values);

/// <summary>
/// A patch-features model (DINOv2-class) ready to use. The image is stretched to the model's input
/// size rather than centre-cropped, so every patch maps back to a known part of the whole frame.
/// </summary>
public sealed class PatchFeatureExtractor : IDisposable
{
    private readonly ModelSession _session;
    private readonly ModelBinding _binding;
    private readonly ImagePreprocessing _preprocessing;

    public ModelManifest Manifest { get; }

    public PatchFeatureExtractor(ModelManifest manifest, ModelSession session, ModelBinding binding)
    {
        if (binding.Task != ModelTask.PatchFeatures)
            throw new ModelException($"model '{manifest.Name}' is a {binding.Task.Name()} model, not patch-features");
        Manifest = manifest;
        _session = session;
        _binding = binding;
        _preprocessing = (manifest.Preprocessing ?? ImagePreprocessing.Clip) with { Resize = "stretch" };
    }

    public static PatchFeatureExtractor Open(ModelStore store, string name, ExecutionDevice device = ExecutionDevice.Auto, Action<string>? log = null)
    {
        var (manifest, session, binding) = store.Open(name, device, log);
        try
        {
            return new PatchFeatureExtractor(manifest, session, binding);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The grid of <paramref name="image"/>.</summary>
    public PatchFeatureGrid Extract(RgbImage image, CancellationToken cancel = default)
    {
        int s = _preprocessing.Size;
        var tensor = ImageTensor.Batch([image], _preprocessing);
        var (data, shape) = _session.Run([(_binding.Input, tensor, [1, 3, s, s])], [_binding.Output], cancel)[0];
        return ToGrid(data, shape, _session.Path);
    }

    /// <summary>
    /// [1,C,h,w] (a convolutional map) or [1,T,C] (a transformer's tokens: a class token and any
    /// register tokens first, then the h×w patches) as a row-major grid of C-long vectors.
    /// </summary>
    public static PatchFeatureGrid ToGrid(float[] data, long[] shape, string source)
    {
        if (shape.Length == 4 && shape[0] == 1)
        {
            int c = (int)shape[1], h = (int)shape[2], w = (int)shape[3];
            var values = new float[h * w * c];
            for (int k = 0; k < c; k++)
                for (int i = 0; i < h * w; i++)
                    values[i * c + k] = data[k * h * w + i];
            return new PatchFeatureGrid(w, h, c, values);
        }
        if (shape.Length == 3 && shape[0] == 1)
        {
            int tokens = (int)shape[1], c = (int)shape[2];
            // The patches are the largest square number of trailing tokens leaving at most a few in front.
            int side = (int)Math.Sqrt(tokens);
            if (side > 0 && tokens - side * side <= 8)
            {
                int skip = tokens - side * side;
                return new PatchFeatureGrid(side, side, c, data.AsSpan(skip * c, side * side * c).ToArray());
            }
        }
        throw new ModelException($"{source}: patch features of shape [{string.Join(",", shape)}] are not [1,C,h,w] or [1,tokens,C] with a square grid of patches");
    }

    public void Dispose() => _session.Dispose();
}
