using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Testing;
using Xunit.Abstractions;

namespace LutBridge.Engines.Tests.Fitting;

/// <summary>
/// The residual's per-sample weights (squared ΔE00 per sRGB unit) exist to make its least squares
/// approximate the sum of squared CIEDE2000: with them, the same lattice fitted to real film LUTs
/// has a lower RMS ΔE00 over the samples than with equal weights. It is a scalar approximation of
/// an anisotropic measure, so not on every LUT (black-and-white films, whose errors lie along the
/// grey axis, come out about even): the test asserts it over a tenth of the creative LUTs.
/// </summary>
public class ResidualWeightsTests(ITestOutputHelper output)
{
    [Fact]
    public void Weighted_fits_have_a_lower_RMS_CIEDE2000_than_equal_weights()
    {
        var files = Directory.GetFiles(TestEnvironment.SharedFile("luts", "creative"), "*.cube").Order(StringComparer.Ordinal)
            .Where((_, i) => i % 6 == 3).ToList();
        Assert.Equal(10, files.Count);
        int lower = 0;
        double sumWeighted = 0, sumEqual = 0;
        foreach (var file in files)
        {
            var (weighted, equal) = RmsDeltaE(file, size: 6);
            output.WriteLine($"{Path.GetFileName(file)}: RMS ΔE00 {weighted:0.0000} weighted, {equal:0.0000} equal weights");
            Assert.True(weighted < 1.1 * equal, $"{file}: {weighted} against {equal}");
            if (weighted < equal) lower++;
            (sumWeighted, sumEqual) = (sumWeighted + weighted, sumEqual + equal);
        }
        Assert.True(lower >= 7, $"lower on {lower} of 10");
        Assert.True(sumWeighted < 0.985 * sumEqual, $"mean RMS {sumWeighted / 10:0.0000} weighted against {sumEqual / 10:0.0000}");
    }

    private static (double Weighted, double Equal) RmsDeltaE(string file, int size)
    {
        var lut = LutFile.Read(file);
        var lattice = SampleSets.Lattice(lut);
        var dense = SampleSets.Dense(lut);
        float[] inputs = [.. lattice.Inputs, .. dense.Inputs];
        float[] targets = [.. lattice.Targets, .. dense.Targets];
        // An anchored residual at neutral sliders: the offsets from each input to the LUT's output.
        var offsets = inputs.Select((x, i) => (double)targets[i] - x).ToArray();
        int count = inputs.Length / 3;
        double[] weights = [.. lattice.ResidualWeights, .. dense.ResidualWeights];
        Assert.All(weights, w => Assert.True(w > 0 && double.IsFinite(w)));
        double mean = weights.Average();

        double Rms(double[] fitWeights)
        {
            var data = ResidualFit.Solve(size, ResidualKernel.CubicBSpline, inputs, offsets, fitWeights, null, CancellationToken.None);
            var residual = new LookResidual(size, data, kernel: ResidualKernel.CubicBSpline);
            double sum = 0;
            for (int s = 0; s < count; s++)
            {
                Span<double> rgb = [inputs[3 * s], inputs[3 * s + 1], inputs[3 * s + 2]];
                residual.AddTo(inputs[3 * s], inputs[3 * s + 1], inputs[3 * s + 2], rgb);
                var result = new Vector3((float)Math.Clamp(rgb[0], 0, 1), (float)Math.Clamp(rgb[1], 0, 1), (float)Math.Clamp(rgb[2], 0, 1));
                double e = DeltaE.Ciede2000Srgb(result, new Vector3(targets[3 * s], targets[3 * s + 1], targets[3 * s + 2]));
                sum += e * e;
            }
            return Math.Sqrt(sum / count);
        }

        return (Rms([.. weights.Select(w => w / mean)]), Rms([.. Enumerable.Repeat(1.0, count)]));
    }
}
