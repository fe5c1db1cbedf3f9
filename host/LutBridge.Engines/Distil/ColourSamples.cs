namespace LutBridge.Engines.Distil;

/// <summary>
/// Matched pixels reduced to robust colour samples: the before colours are binned on a
/// <see cref="BinsPerAxis"/>³ grid and each occupied bin gives one sample, the mean before colour
/// and the trimmed mean after colour of its pixels. One sample per occupied bin is what keeps
/// frequent colours (a sky, a wall) from drowning rare ones; trimming (pixels further than
/// <see cref="TrimSigmas"/> standard deviations from the bin's mean, twice) drops outliers —
/// noise spikes, misregistered edges, things that changed between the images.
/// </summary>
internal sealed class ColourSamples
{
    public const int BinsPerAxis = 32;
    public const double TrimSigmas = 2.5;

    /// <summary>Below this spread the trim does not bite (8-bit rounding and mild noise are not outliers).</summary>
    public const double MinSigma = 0.01;

    /// <summary>Cells per axis of the grid on which <see cref="Coverage"/> is counted.</summary>
    public const int CoverageCells = 16;

    public float[] Inputs { get; }
    public float[] Targets { get; }
    public int[] Counts { get; }
    public int Count => Counts.Length;

    /// <summary>Bin index (on the <see cref="BinsPerAxis"/>³ grid) of each sample.</summary>
    public int[] Bins { get; }

    private ColourSamples(float[] inputs, float[] targets, int[] counts, int[] bins) =>
        (Inputs, Targets, Counts, Bins) = (inputs, targets, counts, bins);

    public static int BinOf(float r, float g, float b)
    {
        int Q(float v) => Math.Clamp((int)(v * BinsPerAxis), 0, BinsPerAxis - 1);
        return (Q(b) * BinsPerAxis + Q(g)) * BinsPerAxis + Q(r);
    }

    public static ColourSamples From(PixelPairs pairs)
    {
        int bins = BinsPerAxis * BinsPerAxis * BinsPerAxis;
        int n = pairs.Count;
        var bin = new int[n];
        var x = pairs.Before;
        var y = pairs.After;
        for (int i = 0; i < n; i++) bin[i] = BinOf(x[3 * i], x[3 * i + 1], x[3 * i + 2]);

        var keep = new bool[n];
        Array.Fill(keep, true);
        double[] meanY = new double[3 * bins], sigma = new double[bins];
        // Three passes: plain mean and spread, then twice the mean and spread of the pixels within
        // TrimSigmas of the previous mean (a heavy outlier inflates the first spread; the second trim bites).
        for (int pass = 0; pass < 3; pass++)
        {
            var sum = new double[3 * bins];
            var sq = new double[bins];
            var count = new int[bins];
            for (int i = 0; i < n; i++)
            {
                if (pass > 0)
                {
                    int k = bin[i];
                    double d = 0;
                    for (int c = 0; c < 3; c++) d = Math.Max(d, Math.Abs(y[3 * i + c] - meanY[3 * k + c]));
                    keep[i] = d <= TrimSigmas * Math.Max(sigma[k], MinSigma);
                }
                if (!keep[i]) continue;
                int b = bin[i];
                count[b]++;
                for (int c = 0; c < 3; c++)
                {
                    sum[3 * b + c] += y[3 * i + c];
                    sq[b] += (double)y[3 * i + c] * y[3 * i + c];
                }
            }
            for (int b = 0; b < bins; b++)
            {
                if (count[b] == 0) continue;
                double s2 = 0;
                for (int c = 0; c < 3; c++)
                {
                    meanY[3 * b + c] = sum[3 * b + c] / count[b];
                    s2 += meanY[3 * b + c] * meanY[3 * b + c];
                }
                sigma[b] = Math.Sqrt(Math.Max(0, sq[b] / count[b] - s2) / 3);
            }
        }
        // Final sums over the kept pixels: mean before colour, mean after colour.
        var sx = new double[3 * bins];
        var sy = new double[3 * bins];
        var cnt = new int[bins];
        for (int i = 0; i < n; i++)
        {
            if (!keep[i]) continue;
            int b = bin[i];
            cnt[b]++;
            for (int c = 0; c < 3; c++) { sx[3 * b + c] += x[3 * i + c]; sy[3 * b + c] += y[3 * i + c]; }
        }
        int occupied = cnt.Count(c => c > 0);
        var inputs = new float[3 * occupied];
        var targets = new float[3 * occupied];
        var counts = new int[occupied];
        var binIds = new int[occupied];
        for (int b = 0, j = 0; b < bins; b++)
        {
            if (cnt[b] == 0) continue;
            for (int c = 0; c < 3; c++)
            {
                inputs[3 * j + c] = (float)(sx[3 * b + c] / cnt[b]);
                targets[3 * j + c] = (float)(sy[3 * b + c] / cnt[b]);
            }
            counts[j] = cnt[b];
            binIds[j] = b;
            j++;
        }
        return new ColourSamples(inputs, targets, counts, binIds);
    }

    /// <summary>
    /// Fraction of the sRGB cube the pair shows: the share of the <see cref="CoverageCells"/>³
    /// cells that hold at least one sample.
    /// </summary>
    public double Coverage()
    {
        var seen = new HashSet<int>();
        for (int i = 0; i < Count; i++)
        {
            int Q(float v) => Math.Clamp((int)(v * CoverageCells), 0, CoverageCells - 1);
            seen.Add((Q(Inputs[3 * i + 2]) * CoverageCells + Q(Inputs[3 * i + 1])) * CoverageCells + Q(Inputs[3 * i]));
        }
        return seen.Count / (double)(CoverageCells * CoverageCells * CoverageCells);
    }

    /// <summary>
    /// Points of a <paramref name="grid"/>³ lattice that no sample comes near (no occupied bin
    /// within <paramref name="reach"/> bins per axis): where the pair says nothing, the Look should
    /// follow its sliders, so the residual fit is pinned to them there.
    /// </summary>
    public float[] UnseenPoints(int grid = 9, int reach = UnseenReach)
    {
        var occupied = Near(reach);
        var points = new List<float>();
        for (int b = 0; b < grid; b++)
            for (int g = 0; g < grid; g++)
                for (int r = 0; r < grid; r++)
                {
                    float fr = r / (float)(grid - 1), fg = g / (float)(grid - 1), fb = b / (float)(grid - 1);
                    if (occupied[BinOf(fr, fg, fb)]) continue;
                    points.Add(fr); points.Add(fg); points.Add(fb);
                }
        return points.ToArray();
    }

    /// <summary>Bins (per axis) within which a sample makes a colour "seen" (<see cref="UnseenPoints"/>).</summary>
    public const int UnseenReach = 3;

    /// <summary>Per bin of the <see cref="BinsPerAxis"/>³ grid: whether an occupied bin lies within <paramref name="reach"/> bins per axis.</summary>
    public bool[] Near(int reach = UnseenReach)
    {
        int n = BinsPerAxis;
        var occupied = new bool[n * n * n];
        foreach (var b in Bins) occupied[b] = true;
        // Separable dilation by `reach` bins along each axis.
        for (int axis = 0; axis < 3; axis++)
        {
            var next = new bool[occupied.Length];
            int stride = axis == 0 ? 1 : axis == 1 ? n : n * n;
            for (int i = 0; i < occupied.Length; i++)
            {
                if (!occupied[i]) continue;
                int coord = i / stride % n;
                for (int d = -reach; d <= reach; d++)
                {
                    int c = coord + d;
                    if (c >= 0 && c < n) next[i + d * stride] = true;
                }
            }
            occupied = next;
        }
        return occupied;
    }

    /// <summary>
    /// The samples repeated in proportion to the square root of their pixel counts (at least once),
    /// about <paramref name="total"/> in all: the fitter and its error measure count samples, so
    /// this weights a colour by √pixels — a frequent colour counts more than a rare one, as it does
    /// in the picture, but not so much that it drowns it.
    /// </summary>
    public (float[] Inputs, float[] Targets) Weighted(int total)
    {
        var repeats = Repeats(total);
        int n = repeats.Sum();
        var inp = new float[3 * n];
        var tgt = new float[3 * n];
        for (int i = 0, j = 0; i < Count; i++)
            for (int k = 0; k < repeats[i]; k++, j++)
            {
                Array.Copy(Inputs, 3 * i, inp, 3 * j, 3);
                Array.Copy(Targets, 3 * i, tgt, 3 * j, 3);
            }
        return (inp, tgt);
    }

    /// <summary>How many times <see cref="Weighted"/> repeats each sample.</summary>
    public int[] Repeats(int total)
    {
        double sum = 0;
        foreach (var c in Counts) sum += Math.Sqrt(c);
        return Counts.Select(c => Math.Max(1, (int)Math.Round(total * Math.Sqrt(c) / sum))).ToArray();
    }

    /// <summary>
    /// The samples of <see cref="Weighted"/> each once, with its repeat count as a weight: the same
    /// fits and statistics (<see cref="Decompose.SampleSet.Weights"/>) for a third of the samples.
    /// </summary>
    public Decompose.SampleSet WeightedSet(int total) =>
        new(Inputs, Targets, Repeats(total).Select(r => (double)r).ToArray());

    /// <summary>At most <paramref name="max"/> samples, every k-th (deterministic), for the slider fit.</summary>
    public (float[] Inputs, float[] Targets) Strided(int max)
    {
        if (Count <= max) return (Inputs, Targets);
        int stride = (Count + max - 1) / max;
        var idx = Enumerable.Range(0, Count).Where(i => i % stride == 0).ToArray();
        var inp = new float[3 * idx.Length];
        var tgt = new float[3 * idx.Length];
        for (int j = 0; j < idx.Length; j++)
        {
            Array.Copy(Inputs, 3 * idx[j], inp, 3 * j, 3);
            Array.Copy(Targets, 3 * idx[j], tgt, 3 * j, 3);
        }
        return (inp, tgt);
    }
}
