using LutBridge.Neural.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LutBridge.Neural.Runtime;

/// <summary>
/// One loaded ONNX model on one device: what it declares (inputs, outputs) and a thread-safe
/// <see cref="Run"/>. Loading never crashes on a bad file: it throws <see cref="ModelException"/>.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;

    public string Path { get; }
    /// <summary>The device the session really runs on (CPU after a CUDA fallback).</summary>
    public ExecutionDevice Device { get; }
    public IReadOnlyList<TensorSpec> Inputs { get; }
    public IReadOnlyList<TensorSpec> Outputs { get; }

    private ModelSession(InferenceSession session, string path, ExecutionDevice device)
    {
        _session = session;
        Path = path;
        Device = device;
        Inputs = Specs(session.InputNames, session.InputMetadata);
        Outputs = Specs(session.OutputNames, session.OutputMetadata);
    }

    /// <summary>
    /// Loads <paramref name="path"/>. CUDA (asked for, or <see cref="ExecutionDevice.Auto"/> in the
    /// GPU build) falls back to the CPU when its libraries cannot load, telling <paramref name="log"/> once why.
    /// </summary>
    public static ModelSession Load(string path, ExecutionDevice device = ExecutionDevice.Auto, Action<string>? log = null)
    {
        if (Directory.Exists(path)) throw new ModelException($"{path}: is a folder, not an .onnx model file");
        if (!File.Exists(path)) throw new ModelException($"{path}: no such model file");
        bool tryCuda = device == ExecutionDevice.Cuda || (device == ExecutionDevice.Auto && ExecutionDevices.GpuBuild);
        if (tryCuda)
        {
            try
            {
                var cudaOptions = new SessionOptions();
                cudaOptions.AppendExecutionProvider_CUDA(0);
                return new ModelSession(new InferenceSession(path, cudaOptions), path, ExecutionDevice.Cuda);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The provider's libraries (CUDA 13, cuDNN 9) may be absent even though
                // GetAvailableProviders lists CUDA; a fresh CPU session is the fallback.
                log?.Invoke($"CUDA unavailable ({FirstLine(e.Message)}); running on the CPU");
            }
        }
        try
        {
            return new ModelSession(new InferenceSession(path, new SessionOptions()), path, ExecutionDevice.Cpu);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelException($"{path}: not a model ONNX Runtime can load: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Runs the model on named inputs (each a flat array and its shape) and returns the named
    /// outputs the same way. <paramref name="cancel"/> stops a running inference.
    /// </summary>
    public IReadOnlyList<(float[] Data, long[] Shape)> Run(
        IReadOnlyList<(string Name, Array Data, long[] Shape)> inputs, IReadOnlyList<string> outputs,
        CancellationToken cancel = default)
    {
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var (_, data, shape) in inputs)
                values.Add(data switch
                {
                    float[] f => OrtValue.CreateTensorValueFromMemory(f, shape),
                    long[] l => OrtValue.CreateTensorValueFromMemory(l, shape),
                    _ => throw new ArgumentException($"unsupported input type {data.GetType().Name}"),
                });
            using var runOptions = new RunOptions();
            using var registration = cancel.Register(() => runOptions.Terminate = true);
            cancel.ThrowIfCancellationRequested();
            IDisposableReadOnlyCollection<OrtValue> results;
            try
            {
                results = _session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, outputs.ToArray());
            }
            catch (OnnxRuntimeException) when (cancel.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancel);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ModelException($"{Path}: the model failed to run: {FirstLine(e.Message)}", e);
            }
            using (results)
                return results.Select(r => (r.GetTensorDataAsSpan<float>().ToArray(), r.GetTensorTypeAndShape().Shape)).ToList();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    public void Dispose() => _session.Dispose();

    private static List<TensorSpec> Specs(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        names.Select(n =>
        {
            var m = metadata[n];
            string type = m.IsTensor ? ElementName(m.ElementDataType) : m.OnnxValueType.ToString().ToLowerInvariant();
            return new TensorSpec(n, type, m.IsTensor ? m.Dimensions.Select(d => (long)d).ToArray() : []);
        }).ToList();

    private static string ElementName(TensorElementType t) => t switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "float64",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Bool => "bool",
        _ => t.ToString().ToLowerInvariant(),
    };

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
