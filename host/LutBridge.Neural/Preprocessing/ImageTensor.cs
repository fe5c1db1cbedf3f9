using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// The DCT scale n/8 (n = 1..8) to decode a <paramref name="width"/> × <paramref name="height"/>
    /// JPEG at for this preprocessing: the smallest whose decoded size still covers the model's
    /// scaled size, so the resize after it only shrinks and a 24 MP photo never decodes in full.
    /// </summary>
    public static int DecodeEighths(int width, int height, ImagePreprocessing p)
    {
        for (int n = 1; n < 8; n++)
        {
            // TJSCALED rounds up.
            int w = (width * n + 7) / 8, h = (height * n + 7) / 8;
            bool covers = p.Resize == "stretch" ? w >= p.Size && h >= p.Size : Math.Min(w, h) >= p.Size;
            if (covers) return n;
        }
        return 8;
    }

    /// <summary>
    /// Reads an image file for a model: a JPEG at the reduced DCT scale <see cref="DecodeEighths"/>
    /// picks (libjpeg-turbo skips most of the inverse DCT), other formats in full.
    /// </summary>
    public static RgbImage Load(string path, ImagePreprocessing p) =>
        ImageFile.Read(path, (w, h) => DecodeEighths(w, h, p));

    /// <summary>A batch [N,3,S,S]; images are prepared in parallel.</summary>
    public static float[] Batch(IReadOnlyList<RgbImage> images, ImagePreprocessing p)
    {
        var tensor = new float[images.Count * 3 * p.Size * p.Size];
        BatchInto(images, p, tensor);
        return tensor;
    }

    /// <summary>Writes the batch [N,3,S,S] into <paramref name="tensor"/> (a pooled buffer of exactly that length).</summary>
    public static void BatchInto(IReadOnlyList<RgbImage> images, ImagePreprocessing p, float[] tensor)
    {
        int each = 3 * p.Size * p.Size;
        if (tensor.Length != images.Count * each)
            throw new ArgumentException($"tensor holds {tensor.Length} values, the batch needs {images.Count * each}", nameof(tensor));
        if (images.Count == 1) Fill(images[0], p, tensor);
        else Parallel.For(0, images.Count, n => Fill(images[n], p, tensor.AsSpan(n * each, each)));
    }

    /// <summary>
    /// Writes one image's three normalised planes (R, G, B) into <paramref name="destination"/>:
    /// scale, centre crop, v/255 (v/65535 at 16 bit), (v − mean) / std. Only the cropped window is
    /// resampled and only the input pixels under it are read. Per output row: a vertical pass over
    /// the taps' input rows (contiguous samples, so it vectorises), then a horizontal pass whose
    /// sums go straight into the planes with the normalisation folded in: no image-sized buffers.
    /// </summary>
    public static void Fill(RgbImage image, ImagePreprocessing p, Span<float> destination)
    {
        int s = p.Size;
        if (destination.Length < 3 * s * s)
            throw new ArgumentException($"destination holds {destination.Length} values, one image needs {3 * s * s}", nameof(destination));
        var (sw, sh) = ScaledSize(image.Width, image.Height, p);
        // CLIP's centre crop is torchvision's: int(round((scaled − size) / 2)) with Python's round,
        // which takes halves to even (156.5 → 156, 157.5 → 158).
        int left = (int)Math.Round((sw - s) / 2.0, MidpointRounding.ToEven);
        int top = (int)Math.Round((sh - s) / 2.0, MidpointRounding.ToEven);
        var across = Resampler.Plan(image.Width, sw, left, s);
        var down = Resampler.Plan(image.Height, sh, top, s);

        // ((v / full) − mean) / std = v · gain + offset, per channel.
        float full = image.Type switch { SampleType.UInt8 => 255f, SampleType.UInt16 => 65535f, _ => 1f };
        var affine = new Affine(
            1f / (full * p.Std[0]), 1f / (full * p.Std[1]), 1f / (full * p.Std[2]),
            -p.Mean[0] / p.Std[0], -p.Mean[1] / p.Std[1], -p.Mean[2] / p.Std[2]);

        var job = new RowJob(image, across, down, affine, s);
        if (image.PixelCount > LargeImagePixels)
        {
            // A batch already runs its images in parallel; only a large photo's rows are split too.
            var planes = new float[3 * s * s];
            Parallel.For(0, s, y => job.Row(y, planes));
            planes.CopyTo(destination);
        }
        else
        {
            for (int y = 0; y < s; y++) job.Row(y, destination);
        }
    }

    private readonly record struct Affine(float GainR, float GainG, float GainB, float OffsetR, float OffsetG, float OffsetB);

    // One output row's scratch: the vertical pass's sums over the crop's input columns, interleaved RGB.
    [ThreadStatic] private static float[]? t_line;

    private readonly struct RowJob(RgbImage image, Resampler.Window across, Resampler.Window down, Affine affine, int size)
    {
        private readonly RgbImage image = image;
        private readonly Resampler.Window across = across, down = down;
        private readonly Affine affine = affine;
        private readonly int size = size;
        private readonly int _x0 = across.Start;
        private readonly int _samples = (across.End - across.Start) * 3;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row(int y, Span<float> planes)
        {
            var line = t_line is { } l && l.Length >= _samples ? l : t_line = new float[Math.Max(_samples, 1024)];
            var sums = line.AsSpan(0, _samples);
            switch (image.Type)
            {
                case SampleType.UInt8: Vertical<byte>(y, sums); break;
                case SampleType.UInt16: Vertical<ushort>(y, sums); break;
                default: Vertical<float>(y, sums); break;
            }
            Horizontal(sums, planes, y);
        }

        /// <summary>sums[i] = Σ_k w_k · row(first + k)[x0·3 + i]: the input rows under output row y, in sample units.</summary>
        private void Vertical<T>(int y, Span<float> sums) where T : unmanaged
        {
            int first = down.First[y], taps = down.Length[y];
            var weights = down.Weights.AsSpan(y * down.Stride, taps);
            sums.Clear();
            var all = MemoryMarshal.Cast<byte, T>(image.Data.AsSpan());
            int rowSamples = image.Width * 3;
            ref float acc = ref MemoryMarshal.GetReference(sums);
            int n = sums.Length;
            for (int k = 0; k < taps; k++)
            {
                ref T src = ref MemoryMarshal.GetReference(all.Slice((first + k) * rowSamples + _x0 * 3, n));
                float w = weights[k];
                var wv = new Vector<float>(w);
                int i = 0;
                int step = Vector<T>.Count;
                for (; i <= n - step; i += step)
                {
                    var v = Vector.LoadUnsafe(ref src, (nuint)i);
                    if (typeof(T) == typeof(byte))
                    {
                        Vector.Widen(v.As<T, byte>(), out var lo, out var hi);
                        Vector.Widen(lo, out var a, out var b);
                        Vector.Widen(hi, out var c, out var d);
                        int f = Vector<float>.Count;
                        Accumulate(ref acc, i, Vector.ConvertToSingle(a), wv);
                        Accumulate(ref acc, i + f, Vector.ConvertToSingle(b), wv);
                        Accumulate(ref acc, i + 2 * f, Vector.ConvertToSingle(c), wv);
                        Accumulate(ref acc, i + 3 * f, Vector.ConvertToSingle(d), wv);
                    }
                    else if (typeof(T) == typeof(ushort))
                    {
                        Vector.Widen(v.As<T, ushort>(), out var a, out var b);
                        Accumulate(ref acc, i, Vector.ConvertToSingle(a), wv);
                        Accumulate(ref acc, i + Vector<float>.Count, Vector.ConvertToSingle(b), wv);
                    }
                    else
                    {
                        Accumulate(ref acc, i, v.As<T, float>(), wv);
                    }
                }
                for (; i < n; i++) Unsafe.Add(ref acc, i) += ToFloat(Unsafe.Add(ref src, i)) * w;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Accumulate(ref float acc, int at, Vector<float> values, Vector<float> weight)
        {
            ref float slot = ref Unsafe.Add(ref acc, at);
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref slot) + values * weight, ref slot);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float ToFloat<T>(T v) where T : unmanaged =>
            typeof(T) == typeof(byte) ? (byte)(object)v
            : typeof(T) == typeof(ushort) ? (ushort)(object)v
            : (float)(object)v;

        /// <summary>Each output pixel of row y: Σ_k w_k · sums[first + k], normalised into the three planes.</summary>
        private void Horizontal(ReadOnlySpan<float> sums, Span<float> planes, int y)
        {
            int plane = size * size, at = y * size;
            var r = planes.Slice(at, size);
            var g = planes.Slice(plane + at, size);
            var b = planes.Slice(2 * plane + at, size);
            ref float src = ref MemoryMarshal.GetReference(sums);
            for (int x = 0; x < size; x++)
            {
                int taps = across.Length[x];
                int i = (across.First[x] - _x0) * 3;
                var weights = across.Weights.AsSpan(x * across.Stride, taps);
                // Bounds: the window's taps all lie in [Start, End), which sums covers.
                if ((uint)(i + taps * 3) > (uint)sums.Length) throw new InvalidOperationException("resample window out of range");
                float sr = 0, sg = 0, sb = 0;
                for (int k = 0; k < taps; k++, i += 3)
                {
                    float w = weights[k];
                    sr += Unsafe.Add(ref src, i) * w;
                    sg += Unsafe.Add(ref src, i + 1) * w;
                    sb += Unsafe.Add(ref src, i + 2) * w;
                }
                r[x] = sr * affine.GainR + affine.OffsetR;
                g[x] = sg * affine.GainG + affine.OffsetG;
                b[x] = sb * affine.GainB + affine.OffsetB;
            }
        }
    }
}
