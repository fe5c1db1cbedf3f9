using LutBridge.Neural.Models;
using Tokenizers.DotNet;

namespace LutBridge.Neural.Text;

/// <summary>
/// A model export's own tokenizer (Hugging Face tokenizer.json, read by the tokenizers library
/// itself), so the ids are the ones the text model was trained on: normalisation, pre-tokenising,
/// the vocabulary and the special tokens its post-processor adds all come from the file.
/// </summary>
public sealed class TextTokenizer : IDisposable
{
    private readonly Tokenizer _tokenizer;

    private TextTokenizer(Tokenizer tokenizer) => _tokenizer = tokenizer;

    public static TextTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new ModelException($"{path}: no such tokenizer file");
        try
        {
            return new TextTokenizer(new Tokenizer(vocabPath: path));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelException($"{path}: not a tokenizer.json the tokenizers library can read ({e.Message.Split('\n')[0]})", e);
        }
    }

    public long[] Encode(string text)
    {
        var ids = _tokenizer.Encode(text);
        if (ids.Length == 0) throw new ModelException($"the tokenizer gives no tokens for '{text}'");
        return ids.Select(i => (long)i).ToArray();
    }

    public void Dispose() => _tokenizer.Dispose();
}
