using LutBridge.Core.Color;
using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Match;

/// <summary>
/// The colour statistics of a photo that the match engine compares, all in OKLab and all
/// robust to a few odd pixels: lightness quantiles (the tone distribution), and per tone band
/// the centre of the near-neutral colours (the cast a grade adds to greys) and chroma
/// quantiles around that centre (how saturated the photo is). Computed on at most
/// <see cref="MaxSamples"/> pixels on a regular grid, so a 12 MP photo costs what a small one does.
/// </summary>
public sealed record ImageStatistics(
    double[] LightnessQuantiles,
    double[] NeutralA,
    double[] NeutralB,
    double[] BandWeight,
    double[] ChromaMedian,
    double[] ChromaP90,
    double ChromaMedianAll,
    double ChromaP90All,
    int Samples)
{
    /// <summary>Pixels sampled at most (a regular grid over the image).</summary>
    public const int MaxSamples = 1 << 16;

    /// <summary>Probabilities of <see cref="LightnessQuantiles"/>: the ends carry black and white points, the middle the tone curve.</summary>
    public static readonly double[] Probabilities = [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.995];

    /// <summary>Centres (OKLab L) of the tone bands; each pixel weighs into its two nearest bands (triangles).</summary>
    public static readonly double[] BandCentres = [0.1, 0.3, 0.5, 0.7, 0.9];

    public const double BandSpacing = 0.2;

    /// <summary>Width (OKLab chroma) of the mean-shift window that finds the near-neutral centre.</summary>
    public const double NeutralWindow = 0.025;

    private const double NeutralStart = 0;

    /// <summary>OKLab values of up to <see cref="MaxSamples"/> pixels on a regular grid, interleaved (L, a, b).</summary>
    public static float[] SampleOklab(RgbImage image, int maxSamples = MaxSamples)
    {
        long pixels = image.PixelCount;
        int step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(pixels / (double)maxSamples)));
        int cols = (image.Width + step - 1) / step, rows = (image.Height + step - 1) / step;
        var rgb = new float[cols * rows * 3];
        int k = 0;
        for (int y = step / 2; y < image.Height && k < rgb.Length; y += step)
            for (int x = step / 2; x < image.Width && k < rgb.Length; x += step)
            {
                long i = ((long)y * image.Width + x) * 3;
                for (int c = 0; c < 3; c++) rgb[k++] = Sample(image, i + c);
            }
        var lab = new float[k];
        Oklab.FromSrgb(rgb.AsSpan(0, k), lab);
        return lab;
    }

    private static float Sample(RgbImage image, long i) => image.Type switch
    {
        SampleType.UInt8 => image.Data[i] / 255f,
        SampleType.UInt16 => BitConverter.ToUInt16(image.Data, (int)(2 * i)) / 65535f,
        _ => Math.Clamp(BitConverter.ToSingle(image.Data, (int)(4 * i)), 0f, 1f),
    };

    public static ImageStatistics Of(RgbImage image) => Of(SampleOklab(image));

    /// <summary>The element-wise mean of several photos' statistics (several references of one grade).</summary>
    public static ImageStatistics Average(IReadOnlyList<ImageStatistics> all)
    {
        if (all.Count == 1) return all[0];
        double[] Mean(Func<ImageStatistics, double[]> f) =>
            Enumerable.Range(0, f(all[0]).Length).Select(i => all.Average(s => f(s)[i])).ToArray();
        return new ImageStatistics(Mean(s => s.LightnessQuantiles), Mean(s => s.NeutralA), Mean(s => s.NeutralB),
            Mean(s => s.BandWeight), Mean(s => s.ChromaMedian), Mean(s => s.ChromaP90),
            all.Average(s => s.ChromaMedianAll), all.Average(s => s.ChromaP90All), all.Sum(s => s.Samples));
    }

    /// <summary>The statistics of interleaved OKLab samples.</summary>
    public static ImageStatistics Of(ReadOnlySpan<float> lab)
    {
        int n = lab.Length / 3;
        if (n == 0) throw new ArgumentException("no pixels", nameof(lab));
        var lightness = new double[n];
        for (int i = 0; i < n; i++) lightness[i] = lab[3 * i];
        Array.Sort(lightness);
        var quantiles = Probabilities.Select(p => Quantile(lightness, p)).ToArray();

        int bands = BandCentres.Length;
        var neutralA = new double[bands];
        var neutralB = new double[bands];
        var weight = new double[bands];
        var chromaMedian = new double[bands];
        var chromaP90 = new double[bands];
        var weights = new double[n];
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++) { a[i] = lab[3 * i + 1]; b[i] = lab[3 * i + 2]; }
        for (int band = 0; band < bands; band++)
        {
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                weights[i] = Math.Max(0, 1 - Math.Abs(lab[3 * i] - BandCentres[band]) / BandSpacing);
                total += weights[i];
            }
            weight[band] = total / n;
            if (total < 1e-9) continue;
            (neutralA[band], neutralB[band]) = NeutralCentre(a, b, weights);
            var chroma = WeightedChroma(a, b, weights, neutralA[band], neutralB[band]);
            chromaMedian[band] = WeightedQuantile(chroma, 0.5);
            chromaP90[band] = WeightedQuantile(chroma, 0.9);
        }
        var all = WeightedChroma(a, b, Enumerable.Repeat(1.0, n).ToArray(), 0, 0);
        return new ImageStatistics(quantiles, neutralA, neutralB, weight, chromaMedian, chromaP90,
            WeightedQuantile(all, 0.5), WeightedQuantile(all, 0.9), n);
    }

    /// <summary>
    /// The centre of the densest near-neutral cluster of (a, b): start at the weighted mean of the
    /// least saturated third, then mean shift with a Gaussian window from the grey axis (the nearest dense cluster to grey). Greys, whites and blacks of a
    /// scene pile up there, shifted by whatever cast a grade added; saturated content barely moves it.
    /// </summary>
    private static (double A, double B) NeutralCentre(double[] a, double[] b, double[] weights)
    {
        int n = a.Length;
        double sa, sb, sw;
        double ca = NeutralStart * 0, cb = 0;
        double inv = 1 / (2 * NeutralWindow * NeutralWindow);
        for (int iteration = 0; iteration < 8; iteration++)
        {
            sa = sb = sw = 0;
            for (int i = 0; i < n; i++)
            {
                if (weights[i] <= 0) continue;
                double da = a[i] - ca, db = b[i] - cb;
                double w = weights[i] * Math.Exp(-(da * da + db * db) * inv);
                sa += w * a[i]; sb += w * b[i]; sw += w;
            }
            if (sw < 1e-12) break;
            double na = sa / sw, nb = sb / sw;
            bool done = Math.Abs(na - ca) + Math.Abs(nb - cb) < 1e-5;
            (ca, cb) = (na, nb);
            if (done) break;
        }
        return (ca, cb);
    }

    private static (double Value, double Weight)[] WeightedChroma(double[] a, double[] b, double[] weights, double ca, double cb)
    {
        var list = new List<(double, double)>(a.Length);
        for (int i = 0; i < a.Length; i++)
            if (weights[i] > 0) list.Add((Math.Sqrt((a[i] - ca) * (a[i] - ca) + (b[i] - cb) * (b[i] - cb)), weights[i]));
        var array = list.ToArray();
        Array.Sort(array, (x, y) => x.Item1.CompareTo(y.Item1));
        return array;
    }

    /// <summary>Quantile of sorted values, linear between order statistics.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 1) return sorted[0];
        double x = p * (sorted.Length - 1);
        int i = Math.Min((int)x, sorted.Length - 2);
        return sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]);
    }

    private static double WeightedQuantile((double Value, double Weight)[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        double total = sorted.Sum(s => s.Weight), target = p * total, run = 0;
        foreach (var (value, w) in sorted)
        {
            run += w;
            if (run >= target) return value;
        }
        return sorted[^1].Value;
    }
}
