using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Neural.Embedding;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge models add|list|remove|embed`: the user's ONNX models (models/README.md).</summary>
internal static class ModelsCommand
{
    /// <summary>$LUTBRIDGE_MODELS_DIR, else $XDG_DATA_HOME/lutbridge/models, else ~/.local/share/lutbridge/models.</summary>
    public static ModelStore Store()
    {
        if (Environment.GetEnvironmentVariable("LUTBRIDGE_MODELS_DIR") is { Length: > 0 } dir) return new ModelStore(Path.GetFullPath(dir));
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return new ModelStore(Path.Combine(data, "lutbridge", "models"));
    }

    public static Command Create()
    {
        var command = new Command("models",
            "Learned models (ONNX) that LutBridge may use: none are bundled and nothing is downloaded; you add files you have.\n" +
            "Models live in $LUTBRIDGE_MODELS_DIR, else $XDG_DATA_HOME/lutbridge/models (~/.local/share/lutbridge/models).\n" +
            "Example:\n  lutbridge models add clip-vit-b32-vision.onnx --task image-embedding --name clip-b32\n" +
            "  lutbridge models embed --model clip-b32 --image photo.jpg --json");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Embed());
        return command;
    }

    private static Command Add()
    {
        var file = new Argument<string>("file") { Description = "the .onnx model file (it is copied; the original is left alone)" };
        var task = new Option<string>("--task") { Description = $"what the model does: {ModelTasks.Names}", Required = true };
        var name = new Option<string?>("--name") { Description = "name to use it by (default: the file name without .onnx)" };
        var size = new Option<int>("--size") { Description = "image tasks: square input size (default 224)", DefaultValueFactory = _ => 224 };
        var resize = new Option<string>("--resize") { Description = "image tasks: shortest-side (then centre crop, default) or stretch", DefaultValueFactory = _ => "shortest-side" };
        var mean = new Option<string?>("--mean") { Description = "image tasks: per-channel mean after /255, as R,G,B (default CLIP's 0.48145466,0.4578275,0.40821073)" };
        var std = new Option<string?>("--std") { Description = "image tasks: per-channel std, as R,G,B (default CLIP's 0.26862954,0.26130258,0.27577711)" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "text-embedding (required): the export's Hugging Face tokenizer.json (copied beside the model)" };
        var command = new Command("add",
            "Check that a model loads and that its inputs and outputs fit the task, then install it under a name.\n" +
            "image-embedding: float32 pixel_values [N,3,S,S] → image_embeds [N,D] (a CLIP vision export with projection);\n" +
            "text-embedding: int64 input_ids [N,L] (+ attention_mask) → text_embeds [N,D], with --tokenizer tokenizer.json;\n" +
            "patch-features: [N,3,S,S] → [N,P,C] or [N,C,h,w] (DINOv2-class); segmentation: [N,3,S,S] → [N,K,h,w].")
        { file, task, name, size, resize, mean, std, tokenizer };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            if (!ModelTasks.TryParse(pr.GetValue(task)!, out var t))
                throw new InputException($"--task must be one of {ModelTasks.Names}, got '{pr.GetValue(task)}'");
            var preprocessing = new ImagePreprocessing
            {
                Size = pr.GetValue(size),
                Resize = pr.GetValue(resize)!,
                Mean = pr.GetValue(mean) is { } m ? Triple(m, "--mean") : ImagePreprocessing.Clip.Mean,
                Std = pr.GetValue(std) is { } s ? Triple(s, "--std") : ImagePreprocessing.Clip.Std,
            };
            var store = Store();
            var manifest = store.Add(pr.GetValue(file)!, t, pr.GetValue(name), preprocessing, pr.GetValue(tokenizer));
            Console.WriteLine($"added {manifest.Name} ({manifest.Task}) to {Path.Combine(store.Root, manifest.Name)}");
            Console.WriteLine($"  inputs:  {string.Join(", ", manifest.Inputs)}");
            Console.WriteLine($"  outputs: {string.Join(", ", manifest.Outputs)}");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "print the manifests as a JSON array" };
        var command = new Command("list", "List installed models with their task, inputs and outputs.") { json };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var store = Store();
            var manifests = store.List();
            if (pr.GetValue(json))
            {
                Console.WriteLine("[" + string.Join(",", manifests.Select(m => m.ToJson())) + "]");
                return CliApp.ExitOk;
            }
            if (manifests.Count == 0) Console.WriteLine($"no models in {store.Root} (add one with 'lutbridge models add FILE --task ...')");
            foreach (var m in manifests)
                Console.WriteLine($"{m.Name,-24} {m.Task,-16} {string.Join(", ", m.Inputs)} → {string.Join(", ", m.Outputs)}");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "the model's name (see models list)" };
        var command = new Command("remove", "Remove an installed model (its copy only; the file you added from stays).") { name };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            Store().Remove(pr.GetValue(name)!);
            Console.WriteLine($"removed {pr.GetValue(name)}");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Command Embed()
    {
        var model = new Option<string>("--model") { Description = "an installed image-embedding model", Required = true };
        var image = new Option<string[]>("--image") { Description = "image file(s) (PNG, JPEG, TIFF)", Required = true, AllowMultipleArgumentsPerToken = true };
        var device = new Option<string>("--device") { Description = "auto (CUDA in the GPU build, else CPU), cpu or cuda", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "print {\"embedding\": [...]} (one image) or {\"embeddings\": [[...], ...]}" };
        var command = new Command("embed", "Print the embedding of image(s) by an image-embedding model.") { model, image, device, json };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var dev = ParseDevice(pr.GetValue(device)!);
            using var embedder = ImageEmbedder.Open(Store(), pr.GetValue(model)!, dev, line => Console.Error.WriteLine($"lutbridge: {line}"));
            // JPEGs decode at the reduced DCT scale the model's input size allows.
            var images = pr.GetValue(image)!.Select(path => ImageTensor.Load(path, embedder.Preprocessing)).ToList();
            var vectors = embedder.Embed(images);
            if (pr.GetValue(json))
                Console.WriteLine(vectors.Length == 1
                    ? JsonSerializer.Serialize(new { embedding = vectors[0] })
                    : JsonSerializer.Serialize(new { embeddings = vectors }));
            else
                foreach (var v in vectors)
                    Console.WriteLine(string.Join(" ", v.Select(x => x.ToString("G7", CultureInfo.InvariantCulture))));
            return CliApp.ExitOk;
        }));
        return command;
    }

    public static ExecutionDevice ParseDevice(string text) =>
        ExecutionDevices.TryParse(text, out var d) ? d : throw new InputException($"--device must be auto, cpu or cuda, got '{text}'");

    private static float[] Triple(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.Length != 3 || !parts.All(p => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new InputException($"{option} takes three numbers R,G,B, got '{text}'");
        return parts.Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ToArray();
    }
}
