using System.Collections.Concurrent;

namespace LutBridge.Neural.Preprocessing;

/// <summary>
/// Resampling taps of a triangle (bilinear) kernel whose support widens with the reduction
/// factor, so a downscale averages every input pixel instead of skipping most of them (the
/// rule PIL's antialiased BILINEAR follows).
/// </summary>
public static class Resampler
{
    /// <summary>
    /// Taps for a window of <see cref="Count"/> outputs, flat so a resize loop reads them without
    /// indirection: output o reads inputs <c>First[o] .. First[o] + Length[o] − 1</c> with weights
    /// <c>Weights[o * Stride ..]</c> (normalised, zero weights trimmed at both ends).
    /// </summary>
    public sealed record Window(int Count, int[] First, int[] Length, int Stride, float[] Weights)
    {
        /// <summary>The first input index any output reads.</summary>
        public int Start { get; } = First.Length == 0 ? 0 : First.Min();

        /// <summary>One past the last input index any output reads.</summary>
        public int End { get; } = Enumerable.Range(0, First.Length).Select(o => First[o] + Length[o]).DefaultIfEmpty(0).Max();
    }

    // Batches usually repeat a few image sizes; plans are pure functions of four integers.
    private static readonly ConcurrentDictionary<(int, int, int, int), Window> Cache = new();
    private const int MaxCached = 256;

    /// <summary>
    /// The taps of outputs <paramref name="offset"/> .. <paramref name="offset"/> + <paramref name="count"/> − 1
    /// of a resize from <paramref name="inSize"/> samples to <paramref name="outSize"/> (a crop window of the
    /// scaled image), pixel centres aligned. Cached: a batch of same-sized photos plans once.
    /// </summary>
    public static Window Plan(int inSize, int outSize, int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outSize, 1);
        if (offset < 0 || count < 0 || offset + count > outSize)
            throw new ArgumentOutOfRangeException(nameof(count), $"window {offset}+{count} is outside 0..{outSize}");
        var key = (inSize, outSize, offset, count);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        if (Cache.Count >= MaxCached) Cache.Clear();
        return Cache[key] = Compute(inSize, outSize, offset, count);
    }

    private static Window Compute(int inSize, int outSize, int offset, int count)
    {
        double scale = (double)inSize / outSize;
        double support = Math.Max(1.0, scale);
        int stride = (int)Math.Ceiling(support) * 2 + 1;
        var first = new int[count];
        var length = new int[count];
        var weights = new float[count * stride];
        var w = new double[stride + 2];
        for (int j = 0; j < count; j++)
        {
            double centre = (offset + j + 0.5) * scale;
            int lo = Math.Max(0, (int)Math.Floor(centre - support));
            int hi = Math.Min(inSize - 1, (int)Math.Ceiling(centre + support));
            double sum = 0;
            for (int i = lo; i <= hi; i++)
                sum += w[i - lo] = Math.Max(0.0, 1.0 - Math.Abs(i + 0.5 - centre) / support);
            // Trim zero weights at both ends so loops touch only real taps.
            int a = 0, b = hi - lo;
            while (a < b && w[a] == 0) a++;
            while (b > a && w[b] == 0) b--;
            first[j] = lo + a;
            length[j] = b - a + 1;
            for (int k = a; k <= b; k++) weights[j * stride + k - a] = (float)(w[k] / sum);
        }
        return new Window(count, first, length, stride, weights);
    }
}
