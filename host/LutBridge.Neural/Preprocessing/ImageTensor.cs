using LutBridge.Core.Imaging;
using LutBridge.Neural.Models;

namespace LutBridge.Neural.Preprocessing;

/// <summary>Turns images into a model's NCHW float input as an <see cref="ImagePreprocessing"/> describes.</summary>
public static class ImageTensor
{
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

    /// <summary>Writes one image's three normalised planes (R, G, B) into <paramref name="destination"/>.</summary>
    public static void Fill(RgbImage image, ImagePreprocessing p, Span<float> destination)
    {
        var (sw, sh) = ScaledSize(image.Width, image.Height, p);
        // CLIP's centre crop: offsets round half away from zero of (scaled − size) / 2.
        int left = (int)Math.Round((sw - p.Size) / 2.0, MidpointRounding.AwayFromZero);
        int top = (int)Math.Round((sh - p.Size) / 2.0, MidpointRounding.AwayFromZero);
        int plane = p.Size * p.Size;
        for (int c = 0; c < 3; c++)
        {
            var channel = Channel(image, c);
            var scaled = sw == image.Width && sh == image.Height
                ? channel
                : Resampler.Resize(channel, image.Width, image.Height, sw, sh);
            float mean = p.Mean[c], invStd = 1f / p.Std[c];
            var dst = destination.Slice(c * plane, plane);
            for (int y = 0; y < p.Size; y++)
                for (int x = 0; x < p.Size; x++)
                    dst[y * p.Size + x] = (scaled[(y + top) * sw + x + left] - mean) * invStd;
        }
    }

    /// <summary>Channel <paramref name="c"/> of the image as 0..1 floats (v/255 at 8 bit, v/65535 at 16).</summary>
    public static float[] Channel(RgbImage image, int c)
    {
        var plane = new float[image.PixelCount];
        switch (image.Type)
        {
            case SampleType.UInt8:
            {
                var s = image.Samples<byte>();
                for (int i = 0; i < plane.Length; i++) plane[i] = s[i * 3 + c] / 255f;
                break;
            }
            case SampleType.UInt16:
            {
                var s = image.Samples<ushort>();
                for (int i = 0; i < plane.Length; i++) plane[i] = s[i * 3 + c] / 65535f;
                break;
            }
            default:
            {
                var s = image.Samples<float>();
                for (int i = 0; i < plane.Length; i++) plane[i] = s[i * 3 + c];
                break;
            }
        }
        return plane;
    }
}
