namespace LutBridge.Neural.Models;

/// <summary>What a model is for; decides which inputs and outputs it must have.</summary>
public enum ModelTask
{
    /// <summary>Image → one vector per image (CLIP-class image encoder): float [N,3,H,W] → [N,D].</summary>
    ImageEmbedding,
    /// <summary>Token ids → one vector per text (CLIP-class text encoder): int64 [N,L] → [N,D].</summary>
    TextEmbedding,
    /// <summary>Image → a feature vector per patch (DINOv2-class): float [N,3,H,W] → [N,P,C] or [N,C,h,w].</summary>
    PatchFeatures,
    /// <summary>Image → masks or class scores per pixel: float [N,3,H,W] → [N,K,h,w].</summary>
    Segmentation,
}

/// <summary>The command-line and manifest spellings of <see cref="ModelTask"/>.</summary>
public static class ModelTasks
{
    public static readonly IReadOnlyList<(ModelTask Task, string Name)> All =
    [
        (ModelTask.ImageEmbedding, "image-embedding"),
        (ModelTask.TextEmbedding, "text-embedding"),
        (ModelTask.PatchFeatures, "patch-features"),
        (ModelTask.Segmentation, "segmentation"),
    ];

    public static string Name(this ModelTask task) => All.First(t => t.Task == task).Name;

    public static bool TryParse(string name, out ModelTask task)
    {
        foreach (var (t, n) in All)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) { task = t; return true; }
        task = default;
        return false;
    }

    public static string Names => string.Join("|", All.Select(t => t.Name));
}
