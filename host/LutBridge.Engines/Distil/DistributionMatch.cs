namespace LutBridge.Engines.Distil;

/// <summary>
/// The fallback when a pair has too few trustworthy correspondences: colours paired by their
/// distributions rather than their positions. Iterative distribution transfer (Pitié, Kokaram
/// and Dahyot 2007): the before colours are rotated to a set of axes, each axis matched to the
/// after colours' distribution along the same axis by quantiles, and rotated back, over
/// several rotations; each before pixel's final colour is its "after" partner.
/// </summary>
internal static class DistributionMatch
{
    public const int Rounds = 12;
    public const int Quantiles = 256;

    public static PixelPairs Pair(float[] before, float[] after, int seed = 1)
    {
        int n = before.Length / 3, m = after.Length / 3;
        var x = before.Select(v => (double)v).ToArray();
        var rng = new Random(seed);
        var projX = new double[n];
        var projY = new double[m];
        for (int round = 0; round < Rounds; round++)
        {
            var basis = RandomRotation(rng);
            for (int axis = 0; axis < 3; axis++)
            {
                var e = basis[axis];
                for (int i = 0; i < n; i++) projX[i] = e[0] * x[3 * i] + e[1] * x[3 * i + 1] + e[2] * x[3 * i + 2];
                for (int j = 0; j < m; j++) projY[j] = e[0] * after[3 * j] + e[1] * after[3 * j + 1] + e[2] * after[3 * j + 2];
                var qx = QuantilesOf(projX);
                var qy = QuantilesOf(projY);
                for (int i = 0; i < n; i++)
                {
                    double moved = Interpolate(qx, qy, projX[i]) - projX[i];
                    for (int c = 0; c < 3; c++) x[3 * i + c] += moved * e[c];
                }
            }
        }
        var mapped = x.Select(v => (float)Math.Clamp(v, 0, 1)).ToArray();
        return new PixelPairs(before, mapped);
    }

    private static double[] QuantilesOf(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var q = new double[Quantiles];
        for (int k = 0; k < Quantiles; k++) q[k] = sorted[(int)Math.Round(k / (double)(Quantiles - 1) * (sorted.Length - 1))];
        return q;
    }

    /// <summary>The value whose quantile in <paramref name="to"/> matches the quantile of <paramref name="v"/> in <paramref name="from"/>.</summary>
    private static double Interpolate(double[] from, double[] to, double v)
    {
        if (v <= from[0]) return to[0] + (v - from[0]);
        if (v >= from[^1]) return to[^1] + (v - from[^1]);
        int lo = 0, hi = from.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (from[mid] <= v) lo = mid; else hi = mid;
        }
        double span = from[hi] - from[lo];
        double t = span > 1e-12 ? (v - from[lo]) / span : 0.5;
        return to[lo] + t * (to[hi] - to[lo]);
    }

    /// <summary>A random orthonormal basis (Gram-Schmidt on Gaussian vectors).</summary>
    private static double[][] RandomRotation(Random rng)
    {
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var basis = new double[3][];
        for (int k = 0; k < 3; k++)
        {
            var v = new[] { Gauss(), Gauss(), Gauss() };
            for (int j = 0; j < k; j++)
            {
                double d = v[0] * basis[j][0] + v[1] * basis[j][1] + v[2] * basis[j][2];
                for (int c = 0; c < 3; c++) v[c] -= d * basis[j][c];
            }
            double norm = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            basis[k] = v.Select(c => c / norm).ToArray();
        }
        return basis;
    }
}
