using LutBridge.Core.Imaging;
using LutBridge.Neural.Embedding;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;
using LutBridge.Testing;

namespace LutBridge.Neural.Tests;

/// <summary>Adding, checking, listing and removing models, and the image-embedding pipeline end to end.</summary>
public class ModelStoreTests
{
    private readonly TinyModels _models = TinyModels.Get();

    private static ModelStore NewStore() => new(Path.Combine(TestEnvironment.NewTempDir("store"), "models"));

    [Fact]
    public void Add_checks_the_model_copies_it_with_a_manifest_and_list_and_remove_follow()
    {
        var store = NewStore();
        var m = store.Add(_models.Path_("tiny_image_embed"), ModelTask.ImageEmbedding, "clip-tiny");
        Assert.Equal("image-embedding", m.Task);
        Assert.Equal("pixel_values float32[?,3,224,224]", m.Inputs.Single().ToString());
        Assert.Equal("image_embeds float32[?,8]", m.Outputs.Single().ToString());
        // sha256 against coreutils' sha256sum, an independent implementation.
        var (_, sum, _) = TestEnvironment.Run(TestEnvironment.RequireTool("sha256sum"), [_models.Path_("tiny_image_embed")]);
        Assert.Equal(sum.Split(' ')[0], m.Sha256);
        Assert.True(File.Exists(Path.Combine(store.Root, "clip-tiny", "model.onnx")));
        Assert.Equal(["clip-tiny"], store.List().Select(x => x.Name));
        Assert.Contains("installed already", Assert.Throws<ModelException>(
            () => store.Add(_models.Path_("tiny_image_embed"), ModelTask.ImageEmbedding, "clip-tiny")).Message);
        store.Remove("clip-tiny");
        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFileSystemEntries(store.Root));
    }

    [Theory]
    [InlineData("wrong_channels", ModelTask.ImageEmbedding, "takes float32 [N,3,H,W]")]
    [InlineData("tiny_text_embed", ModelTask.ImageEmbedding, "takes float32 [N,3,H,W]")]
    [InlineData("tiny_image_embed", ModelTask.TextEmbedding, "takes int64 [N,L] token ids")]
    [InlineData("tiny_segmentation", ModelTask.ImageEmbedding, "gives a float32 output of rank 2")]
    [InlineData("tiny_image_embed", ModelTask.PatchFeatures, "gives a float32 output of rank 3 or 4")]
    public void A_model_that_does_not_fit_its_task_is_refused_and_nothing_is_installed(string file, ModelTask task, string why)
    {
        var store = NewStore();
        var e = Assert.Throws<ModelException>(() => store.Add(_models.Path_(file), task));
        Assert.Contains(why, e.Message);
        Assert.False(Directory.Exists(store.Root) && Directory.GetFileSystemEntries(store.Root).Length > 0);
    }

    [Theory]
    [InlineData("tiny_patch_features", ModelTask.PatchFeatures)]
    [InlineData("tiny_segmentation", ModelTask.Segmentation)]
    public void Models_of_each_task_are_accepted(string file, ModelTask task)
    {
        var store = NewStore();
        Assert.Equal(task.Name(), store.Add(_models.Path_(file), task).Task);
    }

    [Fact]
    public void A_model_file_changed_after_it_was_added_is_refused()
    {
        var store = NewStore();
        store.Add(_models.Path_("tiny_image_embed"), ModelTask.ImageEmbedding, "m");
        var file = Path.Combine(store.Root, "m", "model.onnx");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 1;
        File.WriteAllBytes(file, bytes);
        Assert.Contains("does not match its manifest's sha256", Assert.Throws<ModelException>(() => store.Open("m")).Message);
    }

    [Fact]
    public void Embedding_a_photo_equals_numpys_forward_of_the_prepared_tensor()
    {
        var store = NewStore();
        store.Add(_models.Path_("tiny_image_embed"), ModelTask.ImageEmbedding, "clip-tiny");
        var photos = new[] { "skimage_chelsea.png", "skimage_coffee.png", "skimage_rocket.jpg" }
            .Select(f => ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", f))).ToList();
        using var embedder = ImageEmbedder.Open(store, "clip-tiny", ExecutionDevice.Cpu);
        var embeddings = embedder.Embed(photos, batchSize: 2); // 2 + 1: a partial last batch
        var expected = _models.NumpyForward("tiny_image_embed", ImageTensor.Batch(photos, ImagePreprocessing.Clip), 3);
        Assert.Equal(3, embeddings.Length);
        for (int n = 0; n < 3; n++)
            for (int d = 0; d < 8; d++)
                Assert.True(Math.Abs(expected[n * 8 + d] - embeddings[n][d]) <= 1e-4);
        Assert.NotEqual(embeddings[0], embeddings[1]);
    }

    [Fact]
    public void A_manifest_that_lies_is_refused_with_its_path()
    {
        var store = NewStore();
        store.Add(_models.Path_("tiny_image_embed"), ModelTask.ImageEmbedding, "m");
        var manifest = Path.Combine(store.Root, "m", "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"model.onnx\"", "\"../../etc/passwd\""));
        var e = Assert.Throws<ModelException>(() => store.Find("m"));
        Assert.StartsWith(manifest + ": model file", e.Message);
    }
}
