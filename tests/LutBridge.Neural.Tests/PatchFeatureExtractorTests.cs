using LutBridge.Core.Imaging;
using LutBridge.Neural.Embedding;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;
using LutBridge.Testing;

namespace LutBridge.Neural.Tests;

/// <summary>Patch features as a grid over the whole frame, against numpy's forward pass.</summary>
public class PatchFeatureExtractorTests
{
    private readonly TinyModels _models = TinyModels.Get();

    [Fact]
    public void The_grid_holds_numpys_features_of_the_whole_stretched_frame_cell_by_cell()
    {
        var store = new ModelStore(Path.Combine(TestEnvironment.NewTempDir("store"), "models"));
        store.Add(_models.Path_("patch_descriptor"), ModelTask.PatchFeatures, "descriptor");
        var photo = ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"));
        using var extractor = PatchFeatureExtractor.Open(store, "descriptor", ExecutionDevice.Cpu);
        var grid = extractor.Extract(photo);
        Assert.Equal((16, 16, 15), (grid.Columns, grid.Rows, grid.Channels));
        // The whole 600×400 frame stretched to 224² (no crop), CLIP's normalisation; numpy lays out [1,15,16,16].
        var input = ImageTensor.Batch([photo], ImagePreprocessing.Clip with { Resize = "stretch" });
        var expected = _models.NumpyForward("patch_descriptor", input, 1);
        for (int cell = 0; cell < 256; cell++)
            for (int k = 0; k < 15; k++)
                Assert.True(Math.Abs(expected[k * 256 + cell] - grid.Values[cell * 15 + k]) <= 1e-4, $"cell {cell} feature {k}");
    }

    [Fact]
    public void Transformer_tokens_lose_the_class_and_register_tokens_in_front()
    {
        // [1, 1 + 4 + 9, 2]: a class token, four registers, then a 3×3 grid.
        var data = Enumerable.Range(0, 14 * 2).Select(i => (float)i).ToArray();
        var grid = PatchFeatureExtractor.ToGrid(data, [1, 14, 2], "m.onnx");
        Assert.Equal((3, 3, 2), (grid.Columns, grid.Rows, grid.Channels));
        Assert.Equal(data[10..], grid.Values);
        Assert.Throws<ModelException>(() => PatchFeatureExtractor.ToGrid(data, [14, 2], "m.onnx"));
        // 110 tokens: 100 patches would leave 10 in front, more than class + registers.
        Assert.Throws<ModelException>(() => PatchFeatureExtractor.ToGrid(new float[110], [1, 110, 1], "m.onnx"));
    }
}
