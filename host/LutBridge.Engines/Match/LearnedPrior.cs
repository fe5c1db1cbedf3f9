using System.Text.Json;
using System.Text.Json.Serialization;

namespace LutBridge.Engines.Match;

/// <summary>
/// What a graded reference looked like before its grade, learned: a ridge regression from a
/// graded photo's statistics to the shift that undoes the grade (ungraded − graded), fitted on
/// ungraded photos × known looks (`lutbridge eval match-prior`). It learns what film-like grades
/// do to statistics that content alone rarely does (lifted blacks, rolled-off whites, casts that
/// hold from shadows to highlights), and how much of a statistic's distance from the typical photo
/// is content. Linear on standardised statistics: cheap, deterministic, and shrinks toward the mean
/// shift where the evidence is weak.
/// </summary>
public sealed record LearnedPrior(
    [property: JsonPropertyName("about")] string About,
    [property: JsonPropertyName("mean")] double[] Mean,
    [property: JsonPropertyName("scale")] double[] Scale,
    // Weights[t][f]: the target t's coefficient on standardised feature f; the last column is the intercept.
    [property: JsonPropertyName("weights")] double[][] Weights)
{
    /// <summary>The statistics the regression reads and predicts, flattened in one fixed order.</summary>
    public static double[] Flatten(ImageStatistics s) =>
        [.. s.LightnessQuantiles, .. s.NeutralA, .. s.NeutralB, .. s.ChromaMedian, .. s.ChromaP90, s.ChromaMedianAll, s.ChromaP90All];

    public static int Length => ImageStatistics.Probabilities.Length + 4 * ImageStatistics.BandCentres.Length + 2;

    /// <summary>The estimate of the ungraded photo's statistics (band weights: the reference's own).</summary>
    public ImageStatistics Predict(ImageStatistics graded)
    {
        var x = Flatten(graded);
        var z = Standardise(x);
        var y = new double[x.Length];
        for (int t = 0; t < x.Length; t++)
        {
            var w = Weights[t];
            double shift = w[^1];
            for (int f = 0; f < z.Length; f++) shift += w[f] * z[f];
            y[t] = x[t] + shift;
        }
        return Unflatten(y, graded.BandWeight, graded.Samples);
    }

    private double[] Standardise(double[] x)
    {
        var z = new double[x.Length];
        for (int f = 0; f < x.Length; f++) z[f] = (x[f] - Mean[f]) / Scale[f];
        return z;
    }

    public static ImageStatistics Unflatten(double[] y, double[] bandWeight, int samples)
    {
        int q = ImageStatistics.Probabilities.Length, b = ImageStatistics.BandCentres.Length;
        // Quantiles must stay ordered and chroma non-negative whatever the regression says.
        var quantiles = y[..q].ToArray();
        for (int i = 1; i < q; i++) quantiles[i] = Math.Max(quantiles[i], quantiles[i - 1]);
        double[] Pos(double[] v) => v.Select(c => Math.Max(0, c)).ToArray();
        return new ImageStatistics(quantiles, y[q..(q + b)], y[(q + b)..(q + 2 * b)], bandWeight,
            Pos(y[(q + 2 * b)..(q + 3 * b)]), Pos(y[(q + 3 * b)..(q + 4 * b)]), Math.Max(0, y[q + 4 * b]), Math.Max(0, y[q + 4 * b + 1]), samples);
    }

    /// <summary>
    /// Ridge regression of (ungraded − graded) on the standardised graded statistics:
    /// minimises Σ‖y − W·[z; 1]‖² + ridge·n·‖W without intercept‖², one target at a time.
    /// </summary>
    public static LearnedPrior Fit(IReadOnlyList<(ImageStatistics Graded, ImageStatistics Ungraded)> pairs, double ridge, string about)
    {
        if (pairs.Count < 2) throw new ArgumentException("needs at least two pairs", nameof(pairs));
        int m = Length, n = pairs.Count;
        var xs = pairs.Select(p => Flatten(p.Graded)).ToArray();
        var ys = pairs.Select(p => Flatten(p.Ungraded)).ToArray();
        var mean = new double[m];
        var scale = new double[m];
        for (int f = 0; f < m; f++)
        {
            mean[f] = xs.Average(x => x[f]);
            double v = xs.Average(x => (x[f] - mean[f]) * (x[f] - mean[f]));
            scale[f] = Math.Sqrt(v) > 1e-6 ? Math.Sqrt(v) : 1;
        }
        var prior = new LearnedPrior(about, mean, scale, []);
        var zs = xs.Select(prior.Standardise).Select(z => (double[])[.. z, 1]).ToArray();
        int k = m + 1;
        var a = new double[k, k];
        foreach (var z in zs)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) a[i, j] += z[i] * z[j];
        for (int i = 0; i < m; i++) a[i, i] += ridge * n;
        var weights = new double[m][];
        for (int t = 0; t < m; t++)
        {
            var v = new double[k];
            for (int s = 0; s < n; s++)
                for (int i = 0; i < k; i++) v[i] += zs[s][i] * (ys[s][t] - xs[s][t]);
            weights[t] = Decompose.DenseCholesky.Solve((double[,])a.Clone(), v)
                ?? throw new InvalidOperationException("the prior's normal equations are singular");
        }
        return prior with { Weights = weights };
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = false });

    public static LearnedPrior FromJson(string json)
    {
        var p = JsonSerializer.Deserialize<LearnedPrior>(json) ?? throw new InvalidDataException("empty learned prior");
        int m = Length;
        if (p.Mean?.Length != m || p.Scale?.Length != m || p.Weights?.Length != m || p.Weights.Any(w => w?.Length != m + 1))
            throw new InvalidDataException($"learned prior: expected {m} statistics");
        return p;
    }

    /// <summary>The prior shipped with LutBridge (Match/Data/learned-prior.json; how it was made: its "about").</summary>
    public static LearnedPrior Shipped => shipped.Value;

    private static readonly Lazy<LearnedPrior> shipped = new(() =>
    {
        using var stream = typeof(LearnedPrior).Assembly.GetManifestResourceStream("LutBridge.Engines.Match.learned-prior.json")
            ?? throw new InvalidOperationException("the learned match prior is missing from the build");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    });
}
