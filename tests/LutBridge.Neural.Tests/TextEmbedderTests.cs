using LutBridge.Core;
using LutBridge.Neural.Embedding;
using LutBridge.Neural.Models;
using LutBridge.Neural.Text;
using LutBridge.Testing;

namespace LutBridge.Neural.Tests;

/// <summary>
/// Text models with their tokenizer: ids as the tokenizer.json defines them (written by
/// tiny_models.py: lower-cased words, [BOS] … [EOS]), embeddings against numpy, fixed-length
/// exports padded and masked, and a model without its tokenizer or with a damaged one refused.
/// </summary>
public class TextEmbedderTests
{
    private readonly TinyModels _models = TinyModels.Get();
    private string Tokenizer => Path.Combine(_models.Dir, "clip_words_tokenizer.json");

    private static ModelStore NewStore() => new(Path.Combine(TestEnvironment.NewTempDir("textstore"), "models"));

    [Fact]
    public void The_tokenizer_file_decides_the_ids_including_its_special_tokens()
    {
        using var tokenizer = TextTokenizer.Load(Tokenizer);
        // tiny_models.py's VOCAB: [BOS]=1, [EOS]=2, a=3, photo=4, warm=5, [UNK]=0.
        Assert.Equal([1L, 3, 4, 2], tokenizer.Encode("A photo"));
        Assert.Equal([1L, 5, 0, 2], tokenizer.Encode("warm sunset"));
    }

    [Fact]
    public void Embeddings_are_numpys_and_a_fixed_length_export_gives_the_same_through_its_mask()
    {
        var store = NewStore();
        store.Add(_models.Path_("clip_words_text"), ModelTask.TextEmbedding, "words", tokenizer: Tokenizer);
        store.Add(_models.Path_("clip_words_text_fixed"), ModelTask.TextEmbedding, "words-fixed", tokenizer: Tokenizer);
        using var dynamic = TextEmbedder.Open(store, "words");
        using var fixedLength = TextEmbedder.Open(store, "words-fixed");
        foreach (var text in new[] { "warm", "a photo", "Cool greener" })
        {
            var (ids, mask) = dynamic.Tokens(text);
            Assert.All(mask, m => Assert.Equal(1, m));
            var expected = _models.NumpyForward("clip_words_text", ids, 1);
            var got = dynamic.Embed(text);
            Assert.Equal(3, got.Length);
            for (int i = 0; i < 3; i++) Assert.True(Math.Abs(expected[i] - got[i]) <= 1e-5, $"{text}[{i}]: {got[i]} vs numpy {expected[i]}");
            var (padded, paddedMask) = fixedLength.Tokens(text);
            Assert.Equal(8, padded.Length);
            Assert.Equal(ids.Length, paddedMask.Sum());
            var viaMask = fixedLength.Embed(text);
            for (int i = 0; i < 3; i++) Assert.True(Math.Abs(expected[i] - viaMask[i]) <= 1e-5, $"{text}[{i}] fixed: {viaMask[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void A_text_model_needs_a_sound_tokenizer_that_stays_the_one_added()
    {
        var store = NewStore();
        // Named by the option's key (the CLI says --tokenizer), as every engine's option error.
        var missing = Assert.Throws<OptionException>(() => store.Add(_models.Path_("clip_words_text"), ModelTask.TextEmbedding));
        Assert.Equal(("tokenizer", "is needed by a text-embedding model: its tokenizer.json, from the same export"), (missing.Key, missing.Problem));
        Assert.Equal("tokenizer", Assert.Throws<OptionException>(
            () => store.Add(_models.Path_("clip_mean_image"), ModelTask.ImageEmbedding, tokenizer: Tokenizer)).Key);
        var damaged = Path.Combine(TestEnvironment.NewTempDir("badtok"), "tokenizer.json");
        File.WriteAllText(damaged, "{\"model\": {\"type\": \"Nonsense\"}}");
        Assert.Contains("not a tokenizer.json", Assert.Throws<ModelException>(
            () => store.Add(_models.Path_("clip_words_text"), ModelTask.TextEmbedding, tokenizer: damaged)).Message);
        Assert.False(Directory.Exists(store.Root) && Directory.GetFileSystemEntries(store.Root).Length > 0);

        store.Add(_models.Path_("clip_words_text"), ModelTask.TextEmbedding, "words", tokenizer: Tokenizer);
        var installed = Path.Combine(store.Root, "words", "tokenizer.json");
        Assert.True(File.Exists(installed));
        File.AppendAllText(installed, " ");
        Assert.Contains("does not match its manifest's sha256", Assert.Throws<ModelException>(() => TextEmbedder.Open(store, "words")).Message);
    }
}
