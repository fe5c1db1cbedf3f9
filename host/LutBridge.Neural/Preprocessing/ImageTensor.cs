using System.Runtime.CompilerServices;
using LutBridge.Core.Imaging;
using LutBridge.Neural.Models;

namespace LutBridge.Neural.Preprocessing;

/// <summary>Turns images into a model's NCHW float input as an <see cref="ImagePreprocessing"/> describes.</summary>
public static class ImageTensor
{
    private const long LargeImagePixels = 2_000_000;

    /// <summary>The size an image is scaled to before the centre crop (torchvision's rule: the long side truncates).</summary>
    public static (int Width, int Height) ScaledSize(int width, int height, ImagePreprocessing p)
    {
        if (p.Resize == "stretch") return (p.Size, p.Size);
        return width <= height
            ? (p.Size, Math.Max(p.Size, (int)((long)p.Size * height / width)))
            : (Math.Max(p.Size, (int)((long)p.Size * width / height)), p.Size);
    }

    /// <summary>A batch [N,3,S,S]; images are prepared in parallel.</summary>
    public static float[] Batch(IReadOnlyList<RgbImage> images, ImagePreprocessing p)
    {
        int plane = p.Size * p.Size;
        var tensor = new float[images.Count * 3 * plane];
        Parallel.For(0, images.Count, n => Fill(images[n], p, tensor.AsSpan(n * 3 * plane, 3 * plane)));
        return tensor;
    }

    /// <summary>
    /// Writes one image's three normalised planes (R, G, B) into <paramref name="destination"/>:
    /// scale, centre crop, v/255 (v/65535 at 16 bit), (v − mean) / std. Only the cropped window is
    /// resampled, and only the input rows it needs are read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(RgbImage image, ImagePreprocessing p, Span<float> destination)
    {
        int s = p.Size, w = image.Width;
        var (sw, sh) = ScaledSize(image.Width, image.Height, p);
        // CLIP's centre crop: offsets round half away from zero of (scaled − size) / 2.
        int left = (int)Math.Round((sw - s) / 2.0, MidpointRounding.AwayFromZero);
        int top = (int)Math.Round((sh - s) / 2.0, MidpointRounding.AwayFromZero);
        var across = Resampler.Plan(image.Width, sw).AsSpan(left, s).ToArray();
        var down = Resampler.Plan(image.Height, sh).AsSpan(top, s).ToArray();
        int y0 = down[0].First, y1 = down[^1].First + down[^1].Weights.Length;

        // Horizontal pass over the rows the crop needs, interleaved RGB.
        var wide = new float[(y1 - y0) * s * 3];
        // Rows in parallel only for large photos: a batch already runs its images in parallel.
        var options = new ParallelOptions { MaxDegreeOfParallelism = image.PixelCount > LargeImagePixels ? -1 : 1 };
        Parallel.For(y0, y1, options, () => new float[w * 3], (y, _, row) =>
        {
            ReadRow(image, y, row);
            var dst = wide.AsSpan((y - y0) * s * 3, s * 3);
            for (int x = 0; x < s; x++)
            {
                var (first, weights) = across[x];
                float r = 0, g = 0, b = 0;
                for (int k = 0, i = first * 3; k < weights.Length; k++, i += 3)
                {
                    float wk = weights[k];
                    r += row[i] * wk;
                    g += row[i + 1] * wk;
                    b += row[i + 2] * wk;
                }
                dst[x * 3] = r;
                dst[x * 3 + 1] = g;
                dst[x * 3 + 2] = b;
            }
            return row;
        }, _ => { });

        // Vertical pass, then normalise into planes.
        float[] mean = p.Mean, invStd = [1f / p.Std[0], 1f / p.Std[1], 1f / p.Std[2]];
        var line = new float[s * 3];
        int plane = s * s;
        for (int y = 0; y < s; y++)
        {
            Array.Clear(line);
            var (first, weights) = down[y];
            for (int k = 0; k < weights.Length; k++)
            {
                var src = wide.AsSpan((first + k - y0) * s * 3, s * 3);
                float wk = weights[k];
                for (int i = 0; i < line.Length; i++) line[i] += src[i] * wk;
            }
            for (int c = 0; c < 3; c++)
            {
                var dst = destination.Slice(c * plane + y * s, s);
                for (int x = 0; x < s; x++) dst[x] = (line[x * 3 + c] - mean[c]) * invStd[c];
            }
        }
    }

    /// <summary>Row <paramref name="y"/> as 0..1 floats, interleaved RGB.</summary>
    private static void ReadRow(RgbImage image, int y, float[] row)
    {
        switch (image.Type)
        {
            case SampleType.UInt8:
            {
                var src = image.Row<byte>(y);
                for (int i = 0; i < row.Length; i++) row[i] = src[i] * (1f / 255f);
                break;
            }
            case SampleType.UInt16:
            {
                var src = image.Row<ushort>(y);
                for (int i = 0; i < row.Length; i++) row[i] = src[i] * (1f / 65535f);
                break;
            }
            default:
                image.Row<float>(y).CopyTo(row);
                break;
        }
    }
}
