using LutBridge.Looks;

namespace LutBridge.Looks.Tests;

/// <summary>
/// The cubic B-spline residual (docs/look.md, step 9; .look version 4) against the textbook
/// uniform cubic B-spline, evaluated here directly on a lattice extended by its linear ghost nodes.
/// </summary>
public class ResidualKernelTests
{
    /// <summary>The uniform cubic B-spline basis at t ∈ [0, 1) for control points i − 1 … i + 2.</summary>
    private static double[] Basis(double t) =>
        [(1 - t) * (1 - t) * (1 - t) / 6, (3 * t * t * t - 6 * t * t + 4) / 6, (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6, t * t * t / 6];

    /// <summary>Control point k of one channel, k in −1 … size: the linear continuation past the ends.</summary>
    private static double Ghosted(Func<int, int, int, double> c, int size, int r, int g, int b)
    {
        static (int Inner, int Outer, bool Ghost) Axis(int k, int size) =>
            k < 0 ? (0, 1, true) : k >= size ? (size - 1, size - 2, true) : (k, k, false);
        var (ri, ro, rgh) = Axis(r, size);
        var (gi, go, ggh) = Axis(g, size);
        var (bi, bo, bgh) = Axis(b, size);
        // Extend axis by axis: a ghost is 2·(inner) − (outer) along that axis.
        double Along(int rr, int gg, int bb) => c(rr, gg, bb);
        double G(int rr, int bb) => ggh ? 2 * Along(rr, gi, bb) - Along(rr, go, bb) : Along(rr, gi, bb);
        double B(int rr) => bgh ? 2 * G(rr, bi) - G(rr, bo) : G(rr, bi);
        return rgh ? 2 * B(ri) - B(ro) : B(ri);
    }

    private static double Direct(Func<int, int, int, double> c, int size, double r, double g, double b)
    {
        int n = size - 1;
        (int I, double[] W) Axis(double x)
        {
            double f = Math.Clamp(x, 0, 1) * n;
            int i = Math.Min((int)f, n - 1);
            return (i, Basis(f - i));
        }
        var (ir, wr) = Axis(r);
        var (ig, wg) = Axis(g);
        var (ib, wb) = Axis(b);
        double sum = 0;
        for (int kb = 0; kb < 4; kb++)
            for (int kg = 0; kg < 4; kg++)
                for (int kr = 0; kr < 4; kr++)
                    sum += wb[kb] * wg[kg] * wr[kr] * Ghosted(c, size, ir - 1 + kr, ig - 1 + kg, ib - 1 + kb);
        return sum;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    public void MatchesTheTextbookSplineOnALinearlyExtendedLattice(int size)
    {
        var rng = new Random(size);
        var data = new float[size * size * size * 3];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() - 0.5);
        var residual = new LookResidual(size, data, kernel: ResidualKernel.CubicBSpline);
        for (int s = 0; s < 300; s++)
        {
            // Includes points outside [0, 1] (clamped) and exactly on nodes and ends.
            double[] x = s < 27
                ? [s % 3 / 2.0, s / 3 % 3 / 2.0, s / 9 / 2.0]
                : [rng.NextDouble() * 1.2 - 0.1, rng.NextDouble() * 1.2 - 0.1, rng.NextDouble() * 1.2 - 0.1];
            Span<double> rgb = [0, 0, 0];
            residual.AddTo(x[0], x[1], x[2], rgb);
            for (int c = 0; c < 3; c++)
            {
                double expected = Direct((r, g, b) => data[3 * ((b * size + g) * size + r) + c], size, x[0], x[1], x[2]);
                Assert.Equal(expected, rgb[c], 1e-12);
            }
        }
    }

    [Fact]
    public void AxisWeightsSumToOneReproduceLinesAndSmoothQuadratics()
    {
        Span<double> w = stackalloc double[LookResidual.MaxAxisTaps];
        foreach (int size in new[] { 2, 3, 4, 6, 17 })
        {
            int n = size - 1;
            for (int s = 0; s <= 200; s++)
            {
                double x = s / 200.0;
                int count = LookResidual.AxisWeights(ResidualKernel.CubicBSpline, size, x, out int first, w);
                double sum = 0, line = 0;
                for (int k = 0; k < count; k++)
                {
                    sum += w[k];
                    line += w[k] * (first + k);
                }
                Assert.Equal(1, sum, 1e-12);
                Assert.Equal(x * n, line, 1e-12); // control points on a line give that line
            }
            // Published property of the uniform cubic B-spline: control points c_k = k² give
            // k² + 1/3 at interior node k (weights 1/6, 4/6, 1/6), and the ends interpolate.
            for (int k = 1; k < n; k++)
            {
                int count = LookResidual.AxisWeights(ResidualKernel.CubicBSpline, size, (double)k / n, out int first, w);
                double value = 0;
                for (int j = 0; j < count; j++) value += w[j] * (first + j) * (first + j);
                Assert.Equal(k * k + 1.0 / 3, value, 1e-12);
            }
            foreach (var (x, node) in new[] { (0.0, 0), (1.0, n) })
            {
                int count = LookResidual.AxisWeights(ResidualKernel.CubicBSpline, size, x, out int first, w);
                for (int j = 0; j < count; j++) Assert.Equal(first + j == node ? 1 : 0, w[j], 1e-12);
            }
        }
    }

    [Fact]
    public void TheFileSaysWhichKernelAndOlderVersionsStayTrilinear()
    {
        var data = Enumerable.Range(0, 27 * 3).Select(i => (float)(0.001 * (i % 7))).ToArray();
        var cubic = Look.Neutral.WithResidual(new LookResidual(3, data, 0.001f));
        var linear = Look.Neutral.WithResidual(new LookResidual(3, data, 0.001f, kernel: ResidualKernel.Trilinear));
        Assert.Equal(4, LookCodec.Encode(cubic)[16]);
        Assert.Equal(3, LookCodec.Encode(linear)[16]);
        Assert.Equal(ResidualKernel.CubicBSpline, LookCodec.RoundTrip(cubic).Residual!.Kernel);
        Assert.Equal(ResidualKernel.Trilinear, LookCodec.RoundTrip(linear).Residual!.Kernel);
        // Same numbers, different interpolation: the two differ between nodes.
        var a = new LookProcessor(cubic).Apply(0.3, 0.6, 0.8);
        var b = new LookProcessor(linear).Apply(0.3, 0.6, 0.8);
        Assert.NotEqual(a, b);
        var tetrahedral = Look.Neutral.WithResidual(new LookResidual(3, data, 0.001f, kernel: ResidualKernel.Tetrahedral));
        Assert.Equal(5, LookCodec.Encode(tetrahedral)[16]);
        Assert.Equal(ResidualKernel.Tetrahedral, LookCodec.RoundTrip(tetrahedral).Residual!.Kernel);
        Assert.NotEqual(b, new LookProcessor(tetrahedral).Apply(0.3, 0.6, 0.8));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(17)]
    public void TetrahedralMatchesTheLutSampler(int size)
    {
        // Core's LatticeSampler (how LUTs are applied and how decompose measures them) is the peer:
        // an exact residual of a random lattice must give the LUT's own tetrahedral value everywhere,
        // ties between fractions and the far faces included.
        var rng = new Random(size);
        var lattice = new LutBridge.Core.Luts.Lattice3D(size);
        for (int i = 0; i < lattice.Data.Length; i++) lattice.Data[i] = (float)rng.NextDouble();
        var identity = LutBridge.Core.Luts.Lattice3D.Identity(size);
        var offsets = lattice.Data.Select((v, i) => v - identity.Data[i]).ToArray();
        var residual = new LookResidual(size, offsets, kernel: ResidualKernel.Tetrahedral);
        var points = Enumerable.Range(0, 400).Select(_ => new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() }).ToList();
        double h = 1.0 / (size - 1);
        points.AddRange([[0.5 * h, 0.5 * h, 0.5 * h], [0.3 * h, 0.3 * h, 0.7 * h], [0.7 * h, 0.2 * h, 0.7 * h], [1, 1, 1], [1, 0, 0.5], [0.25 * h, 0.75 * h, 0.75 * h]]);
        foreach (var p in points)
        {
            Span<double> rgb = [p[0], p[1], p[2]];
            residual.AddTo(p[0], p[1], p[2], rgb);
            var expected = LutBridge.Core.Luts.LatticeSampler.Tetrahedral(lattice, new System.Numerics.Vector3((float)p[0], (float)p[1], (float)p[2]));
            // float inputs on the sampler's side: equal to float precision
            Assert.True(Math.Abs(expected.X - rgb[0]) < 1e-5 && Math.Abs(expected.Y - rgb[1]) < 1e-5 && Math.Abs(expected.Z - rgb[2]) < 1e-5,
                $"at ({p[0]}, {p[1]}, {p[2]}): sampler {expected}, residual ({rgb[0]}, {rgb[1]}, {rgb[2]})");
        }
    }
}
