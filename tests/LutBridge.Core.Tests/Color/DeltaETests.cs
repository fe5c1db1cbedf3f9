using System.Numerics;
using LutBridge.Core.Color;

namespace LutBridge.Core.Tests.Color;

public class DeltaETests
{
    // All 34 pairs of Table 1 of G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000
    // color-difference formula: implementation notes, supplementary test data, and
    // mathematical observations", Color Res. Appl. 30(1):21-30, 2005
    // (data also at http://www2.ece.rochester.edu/~gsharma/ciede2000/).
    // Columns: L1 a1 b1 L2 a2 b2 ΔE00.
    public static readonly TheoryData<double, double, double, double, double, double, double> Sharma2005 = new()
    {
        { 50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425 },
        { 50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615 },
        { 50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412 },
        { 50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000 },
        { 50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000 },
        { 50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000 },
        { 50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669 },
        { 50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195 },
        { 50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195 },
        { 50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045 },
        { 50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045 },
        { 50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065 },
        { 50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492 },
        { 50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977 },
        { 50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030 },
        { 50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000 },
        { 50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000 },
        { 60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644 },
        { 63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630 },
        { 61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731 },
        { 35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645 },
        { 22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373 },
        { 36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146 },
        { 90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441 },
        { 90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381 },
        { 6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377 },
        { 2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082 },
    };

    [Theory]
    [MemberData(nameof(Sharma2005))]
    public void Ciede2000_matches_Sharma_2005_table(double l1, double a1, double b1, double l2, double a2, double b2, double expected)
    {
        Assert.Equal(expected, DeltaE.Ciede2000(l1, a1, b1, l2, a2, b2), 1e-4);
        Assert.Equal(expected, DeltaE.Ciede2000(l2, a2, b2, l1, a1, b1), 1e-4); // symmetric
    }

    [Fact]
    public void Sharma_table_has_all_34_pairs() => Assert.Equal(34, Sharma2005.Count);

    [Fact]
    public void Ciede2000_of_identical_colours_is_zero_and_NaN_propagates()
    {
        Assert.Equal(0, DeltaE.Ciede2000(new Vector3(50, 10, -20), new Vector3(50, 10, -20)));
        Assert.True(double.IsNaN(DeltaE.Ciede2000(new Vector3(float.NaN, 0, 0), new Vector3(50, 0, 0))));
    }

    [Fact]
    public void Ciede2000_of_sRGB_black_and_white_is_100()
    {
        // L* of white is 100 and of black 0; for neutrals ΔE00 reduces to ΔL / SL with SL = 1 at L̄ = 50.
        Assert.Equal(100, DeltaE.Ciede2000Srgb(Vector3.Zero, Vector3.One), 1e-3);
    }

    [Fact]
    public void Oklab_delta_is_euclidean()
    {
        Assert.Equal(0.5, DeltaE.Oklab(new Vector3(0.2f, 0.1f, 0f), new Vector3(0.2f, 0.4f, 0.4f)), 1e-6);
    }

    [Fact]
    public void Batch_stats_match_scalar_mean_max_and_p99()
    {
        var rng = new Random(7);
        int n = 1000;
        var a = new float[n * 3];
        var b = new float[n * 3];
        for (int i = 0; i < a.Length; i++) { a[i] = rng.NextSingle(); b[i] = Math.Clamp(a[i] + (rng.NextSingle() - 0.5f) * 0.1f, 0, 1); }
        var scalar = new double[n];
        for (int i = 0; i < n; i++)
            scalar[i] = DeltaE.Ciede2000Srgb(new Vector3(a[3 * i], a[3 * i + 1], a[3 * i + 2]), new Vector3(b[3 * i], b[3 * i + 1], b[3 * i + 2]));
        var stats = DeltaE.Ciede2000SrgbStats(a, b);
        Assert.Equal(n, stats.Count);
        Assert.Equal(scalar.Average(), stats.Mean, 1e-9);
        Assert.Equal(scalar.Max(), stats.Max, 1e-12);
        var sorted = scalar.Order().ToArray();
        Assert.Equal(sorted[989], stats.P99, 1e-12); // nearest rank: ceil(0.99 × 1000) = 990th value
        Assert.Equal(new DeltaEStats(0, 0, 0, 0), DeltaE.Ciede2000SrgbStats([], []));
        Assert.Throws<ArgumentException>(() => DeltaE.Ciede2000SrgbStats(new float[3], new float[6]));
    }
}
