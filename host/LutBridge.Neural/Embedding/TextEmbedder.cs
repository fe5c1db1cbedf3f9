using LutBridge.Neural.Models;
using LutBridge.Neural.Runtime;
using LutBridge.Neural.Text;

namespace LutBridge.Neural.Embedding;

/// <summary>A text-embedding model and its tokenizer: a text in, one vector out.</summary>
public sealed class TextEmbedder : IDisposable
{
    private readonly ModelSession _session;
    private readonly ModelBinding _binding;
    private readonly TextTokenizer _tokenizer;
    private readonly int? _fixedLength;

    public ModelManifest Manifest { get; }

    public TextEmbedder(ModelManifest manifest, ModelSession session, ModelBinding binding, TextTokenizer tokenizer)
    {
        if (binding.Task != ModelTask.TextEmbedding)
            throw new ModelException($"model '{manifest.Name}' is a {binding.Task.Name()} model, not text-embedding");
        Manifest = manifest;
        _session = session;
        _binding = binding;
        _tokenizer = tokenizer;
        // Some exports fix the sequence length (CLIP's 77): shorter texts are padded, masked when the model takes a mask.
        var ids = session.Inputs.First(i => i.Name == binding.Input);
        _fixedLength = ids.Shape.Count == 2 && ids.Shape[1] > 0 ? (int)ids.Shape[1] : null;
    }

    public static TextEmbedder Open(ModelStore store, string name, ExecutionDevice device = ExecutionDevice.Auto, Action<string>? log = null)
    {
        var (manifest, session, binding) = store.Open(name, device, log);
        try
        {
            return new TextEmbedder(manifest, session, binding, TextTokenizer.Load(store.TokenizerPath(manifest)));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The token ids and mask the model is given for <paramref name="text"/>.</summary>
    public (long[] Ids, long[] Mask) Tokens(string text)
    {
        var ids = _tokenizer.Encode(text);
        if (_fixedLength is not int length) return (ids, Enumerable.Repeat(1L, ids.Length).ToArray());
        // Too long: keep the start and the last token (CLIP pools at its end-of-text token).
        if (ids.Length > length) ids = [.. ids.Take(length - 1), ids[^1]];
        var padded = new long[length];
        var mask = new long[length];
        ids.CopyTo(padded, 0);
        for (int i = 0; i < ids.Length; i++) mask[i] = 1;
        return (padded, mask);
    }

    public float[] Embed(string text, CancellationToken cancel = default)
    {
        var (ids, mask) = Tokens(text);
        var inputs = new List<(string, Array, long[])> { (_binding.Input, ids, [1, ids.Length]) };
        if (_binding.Mask is not null) inputs.Add((_binding.Mask, mask, [1, mask.Length]));
        var (data, shape) = _session.Run(inputs, [_binding.Output], cancel)[0];
        if (shape.Length != 2 || shape[0] != 1)
            throw new ModelException($"{_session.Path}: expected [1,D] from {_binding.Output}, got [{string.Join(",", shape)}]");
        return data;
    }

    public void Dispose()
    {
        _session.Dispose();
        _tokenizer.Dispose();
    }
}
