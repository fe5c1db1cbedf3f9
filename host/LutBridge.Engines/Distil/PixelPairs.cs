using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Distil;

/// <summary>
/// Corresponding colours of the two images: interleaved sRGB floats in [0, 1], one before
/// colour and one after colour per trusted correspondence.
/// </summary>
public sealed class PixelPairs
{
    public float[] Before { get; }
    public float[] After { get; }
    public int Count => Before.Length / 3;

    public PixelPairs(float[] before, float[] after)
    {
        if (before.Length != after.Length || before.Length % 3 != 0)
            throw new ArgumentException("before and after must hold the same number of RGB triples");
        (Before, After) = (before, after);
    }

    /// <summary>The pairs where <paramref name="keep"/> is true (same order).</summary>
    public PixelPairs Where(bool[] keep)
    {
        int n = 0;
        foreach (var k in keep) if (k) n++;
        var b = new float[3 * n];
        var a = new float[3 * n];
        for (int i = 0, j = 0; i < keep.Length; i++)
        {
            if (!keep[i]) continue;
            Array.Copy(Before, 3 * i, b, 3 * j, 3);
            Array.Copy(After, 3 * i, a, 3 * j, 3);
            j++;
        }
        return new PixelPairs(b, a);
    }

    /// <summary>At most <paramref name="max"/> pairs, every k-th (deterministic).</summary>
    public PixelPairs Strided(int max)
    {
        if (Count <= max) return this;
        int stride = (Count + max - 1) / max;
        var keep = new bool[Count];
        for (int i = 0; i < Count; i += stride) keep[i] = true;
        return Where(keep);
    }
}

/// <summary>Image ↔ float pixel helpers.</summary>
public static class Pixels
{
    /// <summary>8-bit sample → float in [0, 1], one table lookup per sample.</summary>
    private static readonly float[] FromByte = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    /// <summary>
    /// An image's samples as interleaved floats in [0, 1] (non-finite samples 0). One pass per row,
    /// rows in parallel, straight from the stored samples: a 12 MP image is 36 M samples, so no
    /// intermediate copies or per-sample conversions beyond a table lookup or a multiply.
    /// </summary>
    public static float[] ToFloats(RgbImage image)
    {
        var f = new float[checked((int)(image.PixelCount * 3))];
        int row = image.Width * 3;
        var data = image.Data;
        var type = image.Type;
        Parallel.For(0, image.Height, y =>
        {
            var dst = f.AsSpan(y * row, row);
            switch (type)
            {
                case SampleType.UInt8:
                    {
                        var src = data.AsSpan(y * row, row);
                        var table = FromByte;
                        for (int i = 0; i < row; i++) dst[i] = table[src[i]];
                        break;
                    }
                case SampleType.UInt16:
                    {
                        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(data.AsSpan(y * row * 2, row * 2));
                        for (int i = 0; i < row; i++) dst[i] = src[i] * (1f / 65535f);
                        break;
                    }
                default:
                    {
                        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.AsSpan(y * row * 4, row * 4));
                        for (int i = 0; i < row; i++) dst[i] = float.IsFinite(src[i]) ? Math.Clamp(src[i], 0f, 1f) : 0f;
                        break;
                    }
            }
        });
        return f;
    }

    /// <summary>
    /// The image's colours, each output pixel the mean of a <paramref name="block"/>×<paramref name="block"/>
    /// block of input pixels (partial blocks at the right and bottom edges: the mean of what they hold),
    /// or at full size when the block is 1. A colour model needs a million or two pixels, not twelve:
    /// the mean of a block is an exact colour of the picture wherever it is flat, and the after image is
    /// averaged the same way, so pairs stay pairs. One pass over the samples, output rows in parallel.
    /// </summary>
    public static (float[] Rgb, int Width, int Height) Reduced(RgbImage image, int block)
    {
        if (block <= 1) return (ToFloats(image), image.Width, image.Height);
        int w = (image.Width + block - 1) / block, h = (image.Height + block - 1) / block;
        int inRow = image.Width * 3, outRow = w * 3;
        var rgb = new float[outRow * h];
        var data = image.Data;
        var type = image.Type;
        Parallel.For(0, h, oy =>
        {
            var sum = new double[outRow];
            int y0 = oy * block, y1 = Math.Min(image.Height, y0 + block);
            for (int y = y0; y < y1; y++)
            {
                switch (type)
                {
                    case SampleType.UInt8:
                        {
                            var src = data.AsSpan(y * inRow, inRow);
                            Accumulate(src, sum, block);
                            break;
                        }
                    case SampleType.UInt16:
                        {
                            var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(data.AsSpan(y * inRow * 2, inRow * 2));
                            Accumulate(src, sum, block);
                            break;
                        }
                    default:
                        {
                            var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.AsSpan(y * inRow * 4, inRow * 4));
                            Accumulate(src, sum, block);
                            break;
                        }
                }
            }
            double peak = type switch { SampleType.UInt8 => 255, SampleType.UInt16 => 65535, _ => 1 };
            var dst = rgb.AsSpan(oy * outRow, outRow);
            for (int ox = 0; ox < w; ox++)
            {
                int cols = Math.Min(image.Width, (ox + 1) * block) - ox * block;
                double scale = 1 / (peak * cols * (y1 - y0));
                for (int c = 0; c < 3; c++) dst[3 * ox + c] = (float)(sum[3 * ox + c] * scale);
            }
        });
        return (rgb, w, h);
    }

    // Adds one input row into the block sums: pixel x goes to block x / size.
    private static void Accumulate(ReadOnlySpan<byte> row, double[] sum, int size)
    {
        for (int i = 0, o = 0, k = 0; i + 2 < row.Length; i += 3)
        {
            sum[o] += row[i]; sum[o + 1] += row[i + 1]; sum[o + 2] += row[i + 2];
            if (++k == size) { k = 0; o += 3; }
        }
    }

    private static void Accumulate(ReadOnlySpan<ushort> row, double[] sum, int size)
    {
        for (int i = 0, o = 0, k = 0; i + 2 < row.Length; i += 3)
        {
            sum[o] += row[i]; sum[o + 1] += row[i + 1]; sum[o + 2] += row[i + 2];
            if (++k == size) { k = 0; o += 3; }
        }
    }

    private static void Accumulate(ReadOnlySpan<float> row, double[] sum, int size)
    {
        static float Clean(float v) => float.IsFinite(v) ? Math.Clamp(v, 0f, 1f) : 0f;
        for (int i = 0, o = 0, k = 0; i + 2 < row.Length; i += 3)
        {
            sum[o] += Clean(row[i]); sum[o + 1] += Clean(row[i + 1]); sum[o + 2] += Clean(row[i + 2]);
            if (++k == size) { k = 0; o += 3; }
        }
    }

    /// <summary>The block side that brings <paramref name="pixels"/> down to at most <paramref name="maxPixels"/> (1: no reduction).</summary>
    public static int ReductionBlock(long pixels, long maxPixels) => pixels <= maxPixels ? 1 : (int)Math.Ceiling(Math.Sqrt(pixels / (double)maxPixels) - 1e-9);

    /// <summary>An 8-bit image from interleaved floats in [0, 1].</summary>
    public static RgbImage ToImage(float[] rgb, int width, int height)
    {
        var image = new RgbImage(width, height, SampleType.UInt8);
        var d = image.Data;
        for (int i = 0; i < d.Length; i++) d[i] = ImageConvert.ToUInt8(rgb[i]);
        return image;
    }
}
