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
}
