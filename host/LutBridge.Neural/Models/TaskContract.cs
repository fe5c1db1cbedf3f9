namespace LutBridge.Neural.Models;

/// <summary>Which of a model's inputs and outputs LutBridge feeds and reads for its task.</summary>
public sealed record ModelBinding(ModelTask Task, string Input, string? Mask, string Output, TensorSpec OutputSpec);

/// <summary>
/// The shapes each task requires, checked against what a model file declares, so that a
/// model for the wrong task is refused when it is added rather than failing mid-batch.
/// </summary>
public static class TaskContract
{
    /// <summary>Output names real exports use, tried before "the first output of the right rank".</summary>
    private static readonly Dictionary<ModelTask, string[]> PreferredOutputs = new()
    {
        [ModelTask.ImageEmbedding] = ["image_embeds", "embeddings", "pooler_output"],
        [ModelTask.TextEmbedding] = ["text_embeds", "embeddings", "pooler_output"],
        [ModelTask.PatchFeatures] = ["last_hidden_state", "patch_features", "features"],
        [ModelTask.Segmentation] = ["masks", "logits", "pred_masks"],
    };

    /// <summary>Binds <paramref name="inputs"/>/<paramref name="outputs"/> to <paramref name="task"/> or says why not.</summary>
    public static ModelBinding Bind(ModelTask task, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs,
        int? imageSize = null)
    {
        return task switch
        {
            ModelTask.TextEmbedding => BindText(inputs, outputs),
            _ => BindImage(task, inputs, outputs, imageSize),
        };
    }

    private static ModelBinding BindImage(ModelTask task, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, int? imageSize)
    {
        if (inputs.Count != 1)
            throw new ModelException($"a {task.Name()} model takes one image input; this one has {Describe(inputs)}");
        var input = inputs[0];
        if (input.ElementType != "float32" || input.Rank != 4 || !input.Allows(1, 3))
            throw new ModelException($"a {task.Name()} model takes float32 [N,3,H,W]; its input is {input}");
        if (imageSize is int size && (!input.Allows(2, size) || !input.Allows(3, size)))
            throw new ModelException($"the model's input {input} does not take {size}×{size} images (preprocessing size)");
        int[] ranks = task switch
        {
            ModelTask.ImageEmbedding => [2],
            ModelTask.PatchFeatures => [3, 4],
            _ => [3, 4],
        };
        var output = PickOutput(task, outputs, ranks);
        return new ModelBinding(task, input.Name, null, output.Name, output);
    }

    private static ModelBinding BindText(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        var ids = inputs.FirstOrDefault(i => i.Name == "input_ids") ?? (inputs.Count >= 1 ? inputs[0] : null);
        if (ids is null || ids.ElementType != "int64" || ids.Rank != 2)
            throw new ModelException($"a text-embedding model takes int64 [N,L] token ids; its inputs are {Describe(inputs)}");
        var mask = inputs.FirstOrDefault(i => i.Name == "attention_mask");
        if (mask is not null && (mask.ElementType != "int64" || mask.Rank != 2))
            throw new ModelException($"attention_mask must be int64 [N,L]; it is {mask}");
        var others = inputs.Where(i => i != ids && i != mask).ToList();
        if (others.Count > 0)
            throw new ModelException($"a text-embedding model takes input_ids (and attention_mask); it also wants {Describe(others)}");
        var output = PickOutput(ModelTask.TextEmbedding, outputs, [2]);
        return new ModelBinding(ModelTask.TextEmbedding, ids.Name, mask?.Name, output.Name, output);
    }

    private static TensorSpec PickOutput(ModelTask task, IReadOnlyList<TensorSpec> outputs, int[] ranks)
    {
        foreach (var name in PreferredOutputs[task])
            if (outputs.FirstOrDefault(o => o.Name == name) is { } named)
            {
                if (named.ElementType == "float32" && ranks.Contains(named.Rank)) return named;
                throw new ModelException($"a {task.Name()} model's '{name}' must be float32 of rank {string.Join(" or ", ranks)}; it is {named}");
            }
        return outputs.FirstOrDefault(o => o.ElementType == "float32" && ranks.Contains(o.Rank))
               ?? throw new ModelException(
                   $"a {task.Name()} model gives a float32 output of rank {string.Join(" or ", ranks)}; this one gives {Describe(outputs)}");
    }

    private static string Describe(IReadOnlyList<TensorSpec> specs) =>
        specs.Count == 0 ? "none" : string.Join(", ", specs);
}
