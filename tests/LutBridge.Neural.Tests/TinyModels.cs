using LutBridge.Testing;

namespace LutBridge.Neural.Tests;

/// <summary>
/// The tiny ONNX models of tiny_models.py, generated once per test run with Debian's
/// python3-onnx, and their numpy forward pass as the independent reference.
/// </summary>
public sealed class TinyModels
{
    public const string Python = "/usr/bin/python3";

    public string Dir { get; }

    private static readonly Lazy<TinyModels> Shared = new(() => new TinyModels());

    public static TinyModels Get() => Shared.Value;

    private TinyModels()
    {
        Dir = TestEnvironment.NewTempDir("tinymodels");
        var (code, _, err) = TestEnvironment.Run(Python, [Script, "make", Dir], timeoutMs: 120_000);
        if (code != 0)
            throw new InvalidOperationException(
                $"generating the tiny models failed (python3-onnx and python3-numpy are required: scripts/install-deps.sh): {err}");
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "tiny_models.py");

    public string Path_(string name) => Path.Combine(Dir, name + ".onnx");

    /// <summary>numpy's output of model <paramref name="name"/> on a batch of <paramref name="n"/> inputs.</summary>
    public float[] NumpyForward(string name, Array input, int n)
    {
        var src = Path.Combine(Dir, $"{name}-{Guid.NewGuid():N}.in");
        var dst = Path.ChangeExtension(src, ".out");
        var bytes = new byte[Buffer.ByteLength(input)];
        Buffer.BlockCopy(input, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(src, bytes);
        var (code, _, err) = TestEnvironment.Run(Python, [Script, "forward", name, Dir, src, dst, n.ToString()], timeoutMs: 300_000);
        Assert.True(code == 0, err);
        var raw = File.ReadAllBytes(dst);
        var result = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, result, 0, raw.Length);
        return result;
    }

    /// <summary>Runs a Python snippet with numpy and PIL available; returns its stdout.</summary>
    public static string RunPython(string code)
    {
        var (exit, stdout, err) = TestEnvironment.Run(Python, ["-c", code], timeoutMs: 120_000);
        Assert.True(exit == 0, err);
        return stdout;
    }
}
