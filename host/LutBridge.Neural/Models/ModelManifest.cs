using System.Text.Json;
using System.Text.Json.Serialization;

namespace LutBridge.Neural.Models;

/// <summary>
/// What LutBridge knows about one installed model (models/README.md): its name and task,
/// the .onnx file beside the manifest and its SHA-256, the inputs and outputs as the file
/// declares them, and how images are prepared for it.
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string Name { get; init; }
    public required string Task { get; init; }
    /// <summary>The model file's name, relative to the manifest's folder.</summary>
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public required IReadOnlyList<TensorSpec> Inputs { get; init; }
    public required IReadOnlyList<TensorSpec> Outputs { get; init; }
    /// <summary>Image tasks only.</summary>
    public ImagePreprocessing? Preprocessing { get; init; }
    /// <summary>Text tasks only: the Hugging Face tokenizer.json beside the model, and its SHA-256.</summary>
    public string? Tokenizer { get; init; }
    public string? TokenizerSha256 { get; init; }

    [JsonIgnore]
    public ModelTask ParsedTask => ModelTasks.TryParse(Task, out var t) ? t : throw new ModelException($"unknown task '{Task}'");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads and checks a manifest; <paramref name="source"/> names it in errors.</summary>
    public static ModelManifest Parse(string json, string source)
    {
        ModelManifest? m;
        try
        {
            m = JsonSerializer.Deserialize<ModelManifest>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ModelException($"{source}: not a model manifest: {e.Message}");
        }
        if (m is null) throw new ModelException($"{source}: empty model manifest");
        if (m.Format != CurrentFormat) throw new ModelException($"{source}: manifest format {m.Format} is not {CurrentFormat}");
        if (!ModelStore.IsValidName(m.Name)) throw new ModelException($"{source}: invalid model name '{m.Name}'");
        if (!ModelTasks.TryParse(m.Task, out _)) throw new ModelException($"{source}: unknown task '{m.Task}' ({ModelTasks.Names})");
        if (m.File != Path.GetFileName(m.File) || m.File.StartsWith('.'))
            throw new ModelException($"{source}: model file '{m.File}' must be a plain name in the manifest's folder");
        if (m.Sha256.Length != 64 || !m.Sha256.All(Uri.IsHexDigit))
            throw new ModelException($"{source}: sha256 must be 64 hex digits");
        if (m.Tokenizer is not null && (m.Tokenizer != Path.GetFileName(m.Tokenizer) || m.Tokenizer.StartsWith('.')))
            throw new ModelException($"{source}: tokenizer file '{m.Tokenizer}' must be a plain name in the manifest's folder");
        if (m.Tokenizer is not null && (m.TokenizerSha256 is not { Length: 64 } || !m.TokenizerSha256.All(Uri.IsHexDigit)))
            throw new ModelException($"{source}: tokenizer_sha256 must be 64 hex digits");
        m.Preprocessing?.Validate();
        return m;
    }
}
