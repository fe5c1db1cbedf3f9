using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;

namespace LutBridge.Neural.Embedding;

/// <summary>
/// Where the time of a run went: our preparation (resize, normalise, copy) and the model's run,
/// as wall time and as the process's CPU time (which a busy machine inflates less).
/// </summary>
public readonly record struct BatchTiming(TimeSpan Prepare, TimeSpan Model, TimeSpan PrepareCpu, TimeSpan ModelCpu);

/// <summary>An image-embedding model ready to use: images in, one vector per image out.</summary>
public sealed class ImageEmbedder : IDisposable
{
    private readonly ModelSession _session;
    private readonly ModelBinding _binding;
    private readonly ImagePreprocessing _preprocessing;
    // The last batch's input tensor, reused by the next batch of the same size (no per-batch allocation).
    private float[]? _spareTensor;

    public ModelManifest Manifest { get; }

    /// <summary>How images become this model's input (read files with <see cref="ImageTensor.Load"/> and this).</summary>
    public ImagePreprocessing Preprocessing => _preprocessing;
    public ExecutionDevice Device => _session.Device;

    public ImageEmbedder(ModelManifest manifest, ModelSession session, ModelBinding binding)
    {
        if (binding.Task != ModelTask.ImageEmbedding)
            throw new ModelException($"model '{manifest.Name}' is a {binding.Task.Name()} model, not image-embedding");
        Manifest = manifest;
        _session = session;
        _binding = binding;
        _preprocessing = manifest.Preprocessing ?? ImagePreprocessing.Clip;
    }

    public static ImageEmbedder Open(ModelStore store, string name, ExecutionDevice device = ExecutionDevice.Auto, Action<string>? log = null)
    {
        var (manifest, session, binding) = store.Open(name, device, log);
        return new ImageEmbedder(manifest, session, binding);
    }

    /// <summary>Embeds <paramref name="images"/> in batches of at most <paramref name="batchSize"/>.</summary>
    public float[][] Embed(IReadOnlyList<RgbImage> images, int batchSize = 16, CancellationToken cancel = default) =>
        EmbedTimed(images, batchSize, cancel).Embeddings;

    public (float[][] Embeddings, BatchTiming Timing) EmbedTimed(IReadOnlyList<RgbImage> images, int batchSize = 16,
        CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var result = new List<float[]>(images.Count);
        TimeSpan prepare = TimeSpan.Zero, model = TimeSpan.Zero, prepareCpu = TimeSpan.Zero, modelCpu = TimeSpan.Zero;
        int s = _preprocessing.Size;
        for (int start = 0; start < images.Count; start += batchSize)
        {
            cancel.ThrowIfCancellationRequested();
            var batch = images.Skip(start).Take(batchSize).ToList();
            var clock = Stopwatch.StartNew();
            var cpu = ProcessCpu();
            int length = batch.Count * 3 * s * s;
            var tensor = Interlocked.Exchange(ref _spareTensor, null) is { } spare && spare.Length == length ? spare : new float[length];
            ImageTensor.BatchInto(batch, _preprocessing, tensor);
            prepare += clock.Elapsed;
            prepareCpu += ProcessCpu() - cpu;
            clock.Restart();
            cpu = ProcessCpu();
            var (data, shape) = _session.Run([(_binding.Input, tensor, [batch.Count, 3, s, s])], [_binding.Output], cancel)[0];
            model += clock.Elapsed;
            modelCpu += ProcessCpu() - cpu;
            _spareTensor = tensor;
            if (shape.Length != 2 || shape[0] != batch.Count)
                throw new ModelException($"{_session.Path}: expected [{batch.Count},D] from {_binding.Output}, got [{string.Join(",", shape)}]");
            int d = (int)shape[1];
            for (int n = 0; n < batch.Count; n++) result.Add(data.AsSpan(n * d, d).ToArray());
        }
        return (result.ToArray(), new BatchTiming(prepare, model, prepareCpu, modelCpu));
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public void Dispose() => _session.Dispose();
}
