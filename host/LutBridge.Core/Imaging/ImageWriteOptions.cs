namespace LutBridge.Core.Imaging;

/// <summary>Encoder settings for <see cref="ImageFile.Write"/>.</summary>
public sealed record ImageWriteOptions
{
    /// <summary>JPEG quality 1..100.</summary>
    public int JpegQuality { get; init; } = 95;

    public static ImageWriteOptions Default { get; } = new();
}
