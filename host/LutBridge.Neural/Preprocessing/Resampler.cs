namespace LutBridge.Neural.Preprocessing;

/// <summary>
/// Resampling taps of a triangle (bilinear) kernel whose support widens with the reduction
/// factor, so a downscale averages every input pixel instead of skipping most of them (the
/// rule PIL's antialiased BILINEAR follows).
/// </summary>
public static class Resampler
{
    /// <summary>The taps of one output sample: the first input index and normalised weights.</summary>
    public readonly record struct Taps(int First, float[] Weights);

    /// <summary>Taps mapping <paramref name="inSize"/> samples onto <paramref name="outSize"/>, pixel centres aligned.</summary>
    public static Taps[] Plan(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double support = Math.Max(1.0, scale);
        var taps = new Taps[outSize];
        for (int o = 0; o < outSize; o++)
        {
            double centre = (o + 0.5) * scale;
            int first = Math.Max(0, (int)Math.Floor(centre - support));
            int last = Math.Min(inSize - 1, (int)Math.Ceiling(centre + support));
            var w = new double[last - first + 1];
            double sum = 0;
            for (int i = first; i <= last; i++)
            {
                double t = Math.Max(0.0, 1.0 - Math.Abs(i + 0.5 - centre) / support);
                w[i - first] = t;
                sum += t;
            }
            // Trim zero weights at both ends so loops touch only real taps.
            int lo = 0, hi = w.Length - 1;
            while (lo < hi && w[lo] == 0) lo++;
            while (hi > lo && w[hi] == 0) hi--;
            var weights = new float[hi - lo + 1];
            for (int k = lo; k <= hi; k++) weights[k - lo] = (float)(w[k] / sum);
            taps[o] = new Taps(first + lo, weights);
        }
        return taps;
    }
}
