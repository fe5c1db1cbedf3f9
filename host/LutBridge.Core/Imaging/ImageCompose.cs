namespace LutBridge.Core.Imaging;

/// <summary>Simple layouts of images for visual comparison.</summary>
public static class ImageCompose
{
    /// <summary>
    /// <paramref name="left"/> and <paramref name="right"/> side by side with a gap of
    /// <paramref name="gap"/> black pixels; both must have the same size and sample type.
    /// </summary>
    public static RgbImage SideBySide(RgbImage left, RgbImage right, int gap = 8)
    {
        if (left.Width != right.Width || left.Height != right.Height || left.Type != right.Type)
            throw new ArgumentException("side-by-side images must have the same size and sample type");
        var result = new RgbImage(2 * left.Width + gap, left.Height, left.Type);
        int rowBytes = left.BytesPerRow, gapBytes = gap * 3 * RgbImage.BytesPerSample(left.Type);
        for (int y = 0; y < left.Height; y++)
        {
            var row = result.Data.AsSpan(y * result.BytesPerRow, result.BytesPerRow);
            left.Data.AsSpan(y * rowBytes, rowBytes).CopyTo(row);
            right.Data.AsSpan(y * rowBytes, rowBytes).CopyTo(row[(rowBytes + gapBytes)..]);
        }
        return result;
    }
}
