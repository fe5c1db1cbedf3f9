using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Engines.Tests.Fitting;

/// <summary>The residual least-squares fit: offsets that a lattice of the same kernel makes exactly are found again.</summary>
public class ResidualFitTests
{
    [Theory]
    [InlineData(ResidualKernel.CubicBSpline, 2)]
    [InlineData(ResidualKernel.CubicBSpline, 6)]
    [InlineData(ResidualKernel.CubicBSpline, 9)]
    [InlineData(ResidualKernel.Trilinear, 6)]
    public void OffsetsMadeByALatticeAreFitAgain(ResidualKernel kernel, int size)
    {
        var rng = new Random(17 * size + (int)kernel);
        // A smooth lattice, as film LUTs make (the fit's light membrane term biases rough ones).
        var truth = new float[size * size * size * 3];
        for (int i = 0; i < truth.Length; i++)
        {
            int node = i / 3, c = i % 3;
            double x = node % size / (size - 1.0), y = node / size % size / (size - 1.0), z = node / (size * size) / (size - 1.0);
            truth[i] = (float)(0.04 * Math.Sin(1.3 * x + 0.7 * y - 0.9 * z + c) + 0.02 * x * y);
        }
        var lattice = new LookResidual(size, truth, kernel: kernel);
        // A grid of 17³ points (nodes and between) and 2,000 random ones, as the fitter samples a LUT.
        var inputs = new List<float>();
        for (int b = 0; b < 17; b++)
            for (int g = 0; g < 17; g++)
                for (int r = 0; r < 17; r++) inputs.AddRange([r / 16f, g / 16f, b / 16f]);
        for (int i = 0; i < 3 * 2000; i++) inputs.Add((float)rng.NextDouble());
        int count = inputs.Count / 3;
        var offsets = new double[3 * count];
        for (int s = 0; s < count; s++)
        {
            Span<double> rgb = [0, 0, 0];
            lattice.AddTo(inputs[3 * s], inputs[3 * s + 1], inputs[3 * s + 2], rgb);
            rgb.CopyTo(offsets.AsSpan(3 * s, 3));
        }
        var fit = ResidualFit.Solve(size, kernel, [.. inputs], offsets, Enumerable.Repeat(1.0, count).ToArray(), null, CancellationToken.None);
        // The light membrane term pulls neighbours together a little: within 1e-3 (measured 4e-5 to 7e-4; offsets span about 0.1).
        double worst = truth.Select((t, i) => Math.Abs(t - fit[i])).Max();
        Assert.True(worst < 1e-3, $"{kernel} {size}: largest difference {worst}");
        // Starting from the answer changes nothing.
        var again = ResidualFit.Solve(size, kernel, [.. inputs], offsets, Enumerable.Repeat(1.0, count).ToArray(), fit, CancellationToken.None);
        for (int i = 0; i < truth.Length; i++) Assert.Equal(fit[i], again[i], 1e-5);
    }

    [Fact]
    public void ASharedStencilGivesTheSameBitsAsAssemblingItAndIsNotUsedForOtherWeights()
    {
        const int size = 7;
        var rng = new Random(5);
        var inputs = new float[3 * 3000];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextDouble();
        var weights = Enumerable.Range(0, 3000).Select(i => 1.0 + i % 5).ToArray();
        // Two searches' offsets at the same samples: a smooth field and another one.
        double[] Offsets(double phase) => Enumerable.Range(0, inputs.Length).Select(i => 0.05 * Math.Sin(3 * inputs[i] + phase + i % 3)).ToArray();
        var (first, second) = (Offsets(0), Offsets(1.7));
        var cache = new ResidualFit.StencilCache();
        var plainFirst = ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, first, weights, null, CancellationToken.None);
        var plainSecond = ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, second, weights, null, CancellationToken.None);
        var cachedFirst = ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, first, weights, null, CancellationToken.None, stencils: cache);
        var cachedSecond = ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, second, weights, null, CancellationToken.None, stencils: cache);
        Assert.Equal(plainFirst, cachedFirst);
        Assert.Equal(plainSecond, cachedSecond);
        Assert.NotEqual(cachedFirst, cachedSecond);
        // Other weights (a re-weighted round): the cache made for the first ones must not answer.
        var heavier = weights.Select((w, i) => i < 1500 ? 10 * w : w).ToArray();
        var plainHeavier = ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, first, heavier, null, CancellationToken.None);
        Assert.NotEqual(plainFirst, plainHeavier);
        Assert.Equal(plainHeavier, ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, first, heavier, null, CancellationToken.None, stencils: cache));
    }
}
