using LutBridge.Core.Imaging;

namespace LutBridge.Studio;

/// <summary>The screen-size copy of a photo that sliders re-grade live.</summary>
public static class PreviewImage
{
    /// <summary>
    /// An 8-bit copy no larger than <paramref name="maxPixels"/>: the photo averaged over k×k
    /// blocks (the smallest whole k that fits), so every source pixel counts.
    /// </summary>
    public static RgbImage Fit(RgbImage photo, long maxPixels)
    {
        var source = photo.Type == SampleType.UInt8 ? photo : ImageConvert.ToType(photo, SampleType.UInt8);
        int k = 1;
        while ((long)(source.Width / k) * (source.Height / k) > maxPixels) k++;
        if (k == 1) return source;
        int w = source.Width / k, h = source.Height / k;
        var result = new RgbImage(w, h, SampleType.UInt8);
        int area = k * k;
        Parallel.For(0, h, y =>
        {
            var src = source.Samples<byte>();
            var dst = result.Samples<byte>();
            Span<int> sum = stackalloc int[3];
            for (int x = 0; x < w; x++)
            {
                sum.Clear();
                for (int dy = 0; dy < k; dy++)
                {
                    int row = ((y * k + dy) * source.Width + x * k) * 3;
                    for (int dx = 0; dx < k * 3; dx += 3)
                    {
                        sum[0] += src[row + dx];
                        sum[1] += src[row + dx + 1];
                        sum[2] += src[row + dx + 2];
                    }
                }
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) dst[o + c] = (byte)((sum[c] + area / 2) / area);
            }
        });
        return result;
    }
}
