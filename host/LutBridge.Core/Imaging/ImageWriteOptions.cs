namespace LutBridge.Core.Imaging;

/// <summary>Encoder settings for <see cref="ImageFile.Write"/>.</summary>
public sealed record ImageWriteOptions
{
    /// <summary>JPEG quality 1..100.</summary>
    public int JpegQuality { get; init; } = 95;

    /// <summary>Metadata to carry into the output (<see cref="ImageFile.ReadMetadata"/> of the input).</summary>
    public ImageMetadata Metadata { get; init; } = ImageMetadata.None;

    public static ImageWriteOptions Default { get; } = new();
}
