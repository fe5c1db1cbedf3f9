using LutBridge.Neural.Models;
using LutBridge.Neural.Runtime;

namespace LutBridge.Neural.Tests;

/// <summary>ONNX Runtime through <see cref="ModelSession"/> against numpy on the tiny models.</summary>
public class ModelSessionTests
{
    private readonly TinyModels _models = TinyModels.Get();

    private static float[] RandomImages(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 3 * 224 * 224];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        return x;
    }

    [Theory]
    [InlineData("tiny_image_embed", new long[] { 2, 8 })]
    [InlineData("tiny_patch_features", new long[] { 2, 6, 16, 16 })]
    [InlineData("patch_descriptor", new long[] { 2, 15, 16, 16 })]
    [InlineData("tiny_segmentation", new long[] { 2, 2, 224, 224 })]
    public void Image_models_give_numpys_numbers_within_1e4(string name, long[] shape)
    {
        using var session = ModelSession.Load(_models.Path_(name), ExecutionDevice.Cpu);
        var input = RandomImages(2, name.Length);
        var (data, outShape) = session.Run([("pixel_values", input, [2, 3, 224, 224])], [session.Outputs[0].Name])[0];
        Assert.Equal(shape, outShape);
        var expected = _models.NumpyForward(name, input, 2);
        Assert.Equal(expected.Length, data.Length);
        for (int i = 0; i < data.Length; i++)
            Assert.True(Math.Abs(expected[i] - data[i]) <= 1e-4, $"{name}[{i}]: ORT {data[i]} vs numpy {expected[i]}");
    }

    [Fact]
    public void Text_model_gives_numpys_numbers_and_declares_its_shapes()
    {
        using var session = ModelSession.Load(_models.Path_("tiny_text_embed"), ExecutionDevice.Cpu);
        Assert.Equal("input_ids int64[?,?]", session.Inputs.Single().ToString());
        Assert.Equal("text_embeds float32[?,8]", session.Outputs.Single().ToString());
        long[] ids = [3, 14, 15, 92, 65, 35, 89, 79];
        var (data, shape) = session.Run([("input_ids", ids, [2, 4])], ["text_embeds"])[0];
        Assert.Equal([2L, 8], shape);
        var expected = _models.NumpyForward("tiny_text_embed", ids, 2);
        for (int i = 0; i < data.Length; i++) Assert.True(Math.Abs(expected[i] - data[i]) <= 1e-5);
    }

    [Fact]
    public void A_corrupt_or_missing_model_file_is_refused_with_one_clear_error()
    {
        var dir = LutBridge.Testing.TestEnvironment.NewTempDir("badmodel");
        var garbage = Path.Combine(dir, "garbage.onnx");
        File.WriteAllBytes(garbage, [0x08, 0x07, 0x12, 0xFF, 0x00, 0x42, 0x13]);
        var e = Assert.Throws<ModelException>(() => ModelSession.Load(garbage));
        Assert.StartsWith(garbage + ": not a model ONNX Runtime can load", e.Message);

        var truncated = Path.Combine(dir, "truncated.onnx");
        var whole = File.ReadAllBytes(_models.Path_("tiny_patch_features"));
        File.WriteAllBytes(truncated, whole[..(whole.Length / 2)]);
        Assert.Throws<ModelException>(() => ModelSession.Load(truncated));

        Assert.Contains("no such model file", Assert.Throws<ModelException>(() => ModelSession.Load(Path.Combine(dir, "none.onnx"))).Message);
        Assert.Contains("is a folder", Assert.Throws<ModelException>(() => ModelSession.Load(dir)).Message);
    }

    [Fact]
    public void Asking_for_CUDA_where_it_cannot_load_falls_back_to_the_CPU_with_one_log_line()
    {
        var log = new List<string>();
        using var session = ModelSession.Load(_models.Path_("tiny_image_embed"), ExecutionDevice.Cuda, log.Add);
        if (session.Device == ExecutionDevice.Cuda) { Assert.Empty(log); return; } // a GPU machine: nothing to fall back from
        Assert.Equal(ExecutionDevice.Cpu, session.Device);
        var line = Assert.Single(log);
        Assert.StartsWith("CUDA unavailable (", line);
        Assert.EndsWith("); running on the CPU", line);
    }

    [Fact]
    public void A_cancelled_run_throws_OperationCanceled()
    {
        using var session = ModelSession.Load(_models.Path_("tiny_image_embed"), ExecutionDevice.Cpu);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            session.Run([("pixel_values", RandomImages(1, 1), [1, 3, 224, 224])], ["image_embeds"], cts.Token));
    }
}
