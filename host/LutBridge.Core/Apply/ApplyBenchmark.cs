using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;

namespace LutBridge.Core.Apply;

/// <summary>Throughput measurement for <see cref="LutApplier"/>: test images, a test LUT and timing.</summary>
public static class ApplyBenchmark
{
    /// <summary>Width × height of about <paramref name="megapixels"/> at 3:2.</summary>
    public static (int Width, int Height) FrameSize(double megapixels)
    {
        double pixels = megapixels * 1e6;
        int width = Math.Max(1, (int)Math.Round(Math.Sqrt(pixels * 1.5)));
        return (width, Math.Max(1, (int)Math.Round(pixels / width)));
    }

    /// <summary><paramref name="source"/> repeated (mirrored, so seams stay smooth) to fill width × height.</summary>
    public static RgbImage Tile(RgbImage source, int width, int height)
    {
        var result = new RgbImage(width, height, source.Type);
        int bpp = 3 * RgbImage.BytesPerSample(source.Type);
        Parallel.For(0, height, y =>
        {
            int sy = Mirror(y, source.Height);
            var src = source.Data.AsSpan(sy * source.BytesPerRow, source.BytesPerRow);
            var dst = result.Data.AsSpan(y * result.BytesPerRow, result.BytesPerRow);
            for (int x = 0; x < width;)
            {
                int tile = x / source.Width, sx = x % source.Width, n = Math.Min(source.Width - sx, width - x);
                if (tile % 2 == 0) src.Slice(sx * bpp, n * bpp).CopyTo(dst.Slice(x * bpp));
                else for (int i = 0; i < n; i++) src.Slice((source.Width - 1 - sx - i) * bpp, bpp).CopyTo(dst.Slice((x + i) * bpp));
                x += n;
            }
        });
        return result;
    }

    private static int Mirror(int i, int n) => (i / n) % 2 == 0 ? i % n : n - 1 - i % n;

    /// <summary>
    /// A photo-like 8-bit frame: smooth sky-to-ground gradients, soft shapes of varied hue
    /// and fine sensor-like noise, so colours spread over the cube like a real photo's.
    /// </summary>
    public static RgbImage SyntheticPhoto(int width, int height)
    {
        var image = new RgbImage(width, height, SampleType.UInt8);
        Parallel.For(0, height, y =>
        {
            var row = image.Row<byte>(y);
            uint state = (uint)(y * 2654435761u) | 1;
            float v = (float)y / height;
            for (int x = 0; x < width; x++)
            {
                float u = (float)x / width;
                float shape = 0.5f + 0.5f * MathF.Sin(9f * u + 4f * MathF.Sin(5f * v)) * MathF.Cos(7f * v - 3f * u);
                float light = 0.25f + 0.6f * (1f - v) * (0.6f + 0.4f * shape);
                float r = light * (0.9f + 0.3f * MathF.Sin(3f * u + 1f)) + 0.15f * shape * v;
                float g = light * (0.85f + 0.2f * MathF.Cos(4f * v)) + 0.1f * (1f - shape) * u;
                float b = light * (1.1f - 0.5f * v) + 0.05f * shape;
                state ^= state << 13; state ^= state >> 17; state ^= state << 5;
                float noise = ((state & 1023) / 1023f - 0.5f) * 0.03f;
                row[3 * x] = ImageConvert.ToUInt8(r + noise);
                row[3 * x + 1] = ImageConvert.ToUInt8(g + noise);
                row[3 * x + 2] = ImageConvert.ToUInt8(b + noise);
            }
        });
        return image;
    }

    /// <summary>A film-like creative LUT (S-curve, warm highlights, cool shadows, crosstalk, some values outside 0..1).</summary>
    public static Lattice3D FilmLikeLut(int size)
    {
        var lut = new Lattice3D(size);
        float step = 1f / (size - 1);
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    float x = r * step, y = g * step, z = b * step;
                    float luma = 0.3f * x + 0.59f * y + 0.11f * z;
                    float S(float t) => t * t * (3f - 2f * t);
                    int i = lut.Index(r, g, b);
                    lut.Data[i] = 0.85f * S(x) + 0.15f * x + 0.06f * luma - 0.02f;
                    lut.Data[i + 1] = 0.8f * S(y) + 0.2f * y + 0.03f * (x - z);
                    lut.Data[i + 2] = 0.75f * S(z) + 0.2f * z + 0.08f * (1f - luma) - 0.01f;
                }
        return lut;
    }

    /// <summary>Mpix/s of applying <paramref name="applier"/> to <paramref name="image"/> in place: one warm-up, then the median of <paramref name="runs"/>.</summary>
    public static double MeasureMpixPerSecond(LutApplier applier, RgbImage image, int runs = 5)
    {
        applier.Apply(image);
        var seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            applier.Apply(image);
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        return image.PixelCount / 1e6 / seconds[runs / 2];
    }
}
