using System.Security.Cryptography;
using LutBridge.Core;
using LutBridge.Neural.Runtime;
using LutBridge.Neural.Text;

namespace LutBridge.Neural.Models;

/// <summary>
/// The user's model folder: one subfolder per model holding <c>model.onnx</c> and
/// <c>manifest.json</c> (models/README.md). The caller decides where the folder is
/// (the CLI: $LUTBRIDGE_MODELS_DIR, else the XDG data folder).
/// </summary>
public sealed class ModelStore(string root)
{
    public const string ManifestName = "manifest.json";
    public const string ModelFileName = "model.onnx";
    public const string TokenizerFileName = "tokenizer.json";

    public string Root { get; } = root;

    /// <summary>Names are folder names: letters, digits, '-', '_' and '.', not starting with '.'.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public IReadOnlyList<ModelManifest> List()
    {
        if (!Directory.Exists(Root)) return [];
        var manifests = new List<ModelManifest>();
        foreach (var dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(dir, ManifestName);
            if (File.Exists(path)) manifests.Add(ModelManifest.Parse(File.ReadAllText(path), path));
        }
        return manifests;
    }

    /// <summary>The manifest of <paramref name="name"/> and the full path of its model file.</summary>
    public (ModelManifest Manifest, string ModelPath) Find(string name)
    {
        if (!IsValidName(name)) throw new ModelException($"invalid model name '{name}'");
        var dir = Path.Combine(Root, name);
        var manifestPath = Path.Combine(dir, ManifestName);
        if (!File.Exists(manifestPath))
            throw new ModelException($"no model named '{name}' in {Root} (see 'lutbridge models list')");
        var manifest = ModelManifest.Parse(File.ReadAllText(manifestPath), manifestPath);
        return (manifest, Path.Combine(dir, manifest.File));
    }

    /// <summary>
    /// Checks that <paramref name="file"/> loads and fits <paramref name="task"/>, then copies it
    /// in with its manifest. All or nothing: the model appears only once both files are complete.
    /// </summary>
    /// <remarks>A text-embedding model needs <paramref name="tokenizer"/>, the Hugging Face tokenizer.json of its export.</remarks>
    public ModelManifest Add(string file, ModelTask task, string? name = null, ImagePreprocessing? preprocessing = null, string? tokenizer = null)
    {
        name ??= Path.GetFileNameWithoutExtension(file);
        if (!IsValidName(name)) throw new ModelException($"invalid model name '{name}': use letters, digits, '-', '_', '.'");
        var target = Path.Combine(Root, name);
        if (Directory.Exists(target)) throw new ModelException($"a model named '{name}' is installed already (models remove {name} first)");
        if (task != ModelTask.TextEmbedding) preprocessing ??= ImagePreprocessing.Clip;
        else preprocessing = null;
        preprocessing?.Validate();

        ModelManifest manifest;
        using (var session = ModelSession.Load(file, ExecutionDevice.Cpu))
        {
            TaskContract.Bind(task, session.Inputs, session.Outputs, preprocessing?.Size);
            if (task == ModelTask.TextEmbedding && tokenizer is null)
                throw new OptionException("tokenizer", "is needed by a text-embedding model: its tokenizer.json, from the same export");
            if (task != ModelTask.TextEmbedding && tokenizer is not null)
                throw new OptionException("tokenizer", $"goes with text-embedding models, not {task.Name()}");
            if (tokenizer is not null) TextTokenizer.Load(tokenizer).Dispose(); // refuse a damaged one now, not mid-prompt
            manifest = new ModelManifest
            {
                Name = name,
                Task = task.Name(),
                File = ModelFileName,
                Sha256 = Sha256Of(file),
                Inputs = session.Inputs,
                Outputs = session.Outputs,
                Preprocessing = preprocessing,
                Tokenizer = tokenizer is null ? null : TokenizerFileName,
                TokenizerSha256 = tokenizer is null ? null : Sha256Of(tokenizer),
            };
        }

        Directory.CreateDirectory(Root);
        var staging = Path.Combine(Root, $".{name}.adding-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            File.Copy(file, Path.Combine(staging, ModelFileName));
            if (tokenizer is not null) File.Copy(tokenizer, Path.Combine(staging, TokenizerFileName));
            File.WriteAllText(Path.Combine(staging, ManifestName), manifest.ToJson());
            if (Sha256Of(Path.Combine(staging, ModelFileName)) != manifest.Sha256)
                throw new ModelException($"{file}: changed while it was being copied");
            if (tokenizer is not null && Sha256Of(Path.Combine(staging, TokenizerFileName)) != manifest.TokenizerSha256)
                throw new ModelException($"{tokenizer}: changed while it was being copied");
            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return manifest;
    }

    public void Remove(string name)
    {
        Find(name);
        var dir = Path.Combine(Root, name);
        // Rename first so a half-deleted model is never listed.
        var doomed = Path.Combine(Root, $".{name}.removing-{Environment.ProcessId}");
        Directory.Move(dir, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    /// <summary>Loads an installed model after checking its file is the one that was added.</summary>
    public (ModelManifest Manifest, ModelSession Session, ModelBinding Binding) Open(
        string name, ExecutionDevice device = ExecutionDevice.Auto, Action<string>? log = null)
    {
        var (manifest, path) = Find(name);
        if (!File.Exists(path)) throw new ModelException($"{path}: the model file of '{name}' is missing");
        if (Sha256Of(path) != manifest.Sha256)
            throw new ModelException($"{path}: the model file of '{name}' does not match its manifest's sha256 (re-add it)");
        var session = ModelSession.Load(path, device, log);
        try
        {
            var binding = TaskContract.Bind(manifest.ParsedTask, session.Inputs, session.Outputs, manifest.Preprocessing?.Size);
            return (manifest, session, binding);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The tokenizer of an installed text model, after checking it is the one that was added.</summary>
    public string TokenizerPath(ModelManifest manifest)
    {
        if (manifest.Tokenizer is null)
            throw new ModelException($"model '{manifest.Name}' has no tokenizer (add it again with its tokenizer.json)");
        var path = Path.Combine(Root, manifest.Name, manifest.Tokenizer);
        if (!File.Exists(path)) throw new ModelException($"{path}: the tokenizer of '{manifest.Name}' is missing");
        if (Sha256Of(path) != manifest.TokenizerSha256)
            throw new ModelException($"{path}: the tokenizer of '{manifest.Name}' does not match its manifest's sha256 (re-add it)");
        return path;
    }

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
