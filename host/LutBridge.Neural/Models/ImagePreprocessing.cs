namespace LutBridge.Neural.Models;

/// <summary>
/// How an image becomes a model's input tensor: scale the shortest side to
/// <see cref="Size"/> (or stretch both sides to it), take the centre
/// <see cref="Size"/>×<see cref="Size"/>, divide by 255 and normalise per channel:
/// x = (v/255 − mean) / std, laid out NCHW in RGB order.
/// </summary>
public sealed record ImagePreprocessing
{
    public int Size { get; init; } = 224;

    /// <summary>"shortest-side" (keep aspect, then centre crop) or "stretch" (both sides to Size).</summary>
    public string Resize { get; init; } = "shortest-side";

    public float[] Mean { get; init; } = [0.48145466f, 0.4578275f, 0.40821073f];

    public float[] Std { get; init; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>The CLIP convention (OpenAI's published image-encoder preprocessing).</summary>
    public static ImagePreprocessing Clip { get; } = new();

    public void Validate()
    {
        if (Size is < 8 or > 4096) throw new ModelException($"preprocessing size {Size} is outside 8..4096");
        if (Resize is not ("shortest-side" or "stretch"))
            throw new ModelException($"preprocessing resize '{Resize}' is not shortest-side or stretch");
        if (Mean.Length != 3 || Std.Length != 3) throw new ModelException("preprocessing mean and std need 3 values each");
        if (Std.Any(s => !(s > 0) || !float.IsFinite(s))) throw new ModelException("preprocessing std values must be positive");
        if (Mean.Any(m => !float.IsFinite(m))) throw new ModelException("preprocessing mean values must be finite");
    }
}
