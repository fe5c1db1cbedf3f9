using LutBridge.Core.Imaging;

namespace LutBridge.Studio;

/// <summary>The screen-size copy of a photo that sliders re-grade live.</summary>
public static class PreviewImage
{
    /// <summary>
    /// The preview of an image file: a JPEG is decoded at the DCT scale (n/8) that gives the
    /// largest preview after <see cref="Fit"/> (the smallest such scale, for speed), so a 24 MP
    /// photo never decodes in full; other formats are read whole.
    /// </summary>
    public static RgbImage Load(string path, long maxPixels) =>
        Fit(ImageFile.Read(path, (w, h) => BestEighths(w, h, maxPixels)), maxPixels);

    /// <summary>The n (1..8) whose n/8-scaled decode ends as the largest preview.</summary>
    public static int BestEighths(int width, int height, long maxPixels)
    {
        int best = 8;
        long bestPixels = -1;
        for (int n = 1; n <= 8; n++)
        {
            var (w, h) = FitSize((width * n + 7) / 8, (height * n + 7) / 8, maxPixels);
            if ((long)w * h > bestPixels) (best, bestPixels) = (n, (long)w * h);
        }
        return best;
    }

    /// <summary>The size <see cref="Fit"/> gives a width × height image.</summary>
    public static (int Width, int Height) FitSize(int width, int height, long maxPixels)
    {
        int k = BlockSize(width, height, maxPixels);
        return (width / k, height / k);
    }

    private static int BlockSize(int width, int height, long maxPixels)
    {
        int k = 1;
        while ((long)(width / k) * (height / k) > maxPixels) k++;
        return k;
    }

    /// <summary>
    /// An 8-bit copy no larger than <paramref name="maxPixels"/>: the photo averaged over k×k
    /// blocks (the smallest whole k that fits), so every source pixel counts.
    /// </summary>
    public static RgbImage Fit(RgbImage photo, long maxPixels)
    {
        var source = photo.Type == SampleType.UInt8 ? photo : ImageConvert.ToType(photo, SampleType.UInt8);
        int k = BlockSize(source.Width, source.Height, maxPixels);
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
