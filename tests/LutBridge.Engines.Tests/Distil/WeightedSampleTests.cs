using LutBridge.Core.Color;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Engines.Tests.Distil;

/// <summary>
/// Distil's residual search sees each colour sample once with a weight instead of repeated: the
/// weighted statistics against the plain ones over the repeats (Core's <see cref="DeltaEStats"/>),
/// the weighted least squares against the same fit over the repeated samples, a trial measured both
/// ways, and the parallel solve against the serial one (bit for bit).
/// </summary>
public class WeightedSampleTests
{
    private static (float[] Inputs, float[] Targets, int[] Repeats) Samples(int count, int seed)
    {
        var rng = new Random(seed);
        var inputs = new float[3 * count];
        var targets = new float[3 * count];
        var repeats = new int[count];
        for (int i = 0; i < 3 * count; i++) inputs[i] = (float)rng.NextDouble();
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                // A smooth grade plus noise, so no lattice fits it exactly.
                targets[3 * i + c] = (float)Math.Clamp(0.9 * inputs[3 * i + c] + 0.05 * Math.Sin(4 * inputs[3 * i + (c + 1) % 3]) + 0.02 * (rng.NextDouble() - 0.5), 0, 1);
            }
            repeats[i] = 1 + rng.Next(6);
        }
        return (inputs, targets, repeats);
    }

    private static (float[] Inputs, float[] Targets) Repeated(float[] inputs, float[] targets, int[] repeats)
    {
        var a = new List<float>();
        var b = new List<float>();
        for (int i = 0; i < repeats.Length; i++)
            for (int k = 0; k < repeats[i]; k++)
            {
                a.AddRange(inputs.AsSpan(3 * i, 3).ToArray());
                b.AddRange(targets.AsSpan(3 * i, 3).ToArray());
            }
        return ([.. a], [.. b]);
    }

    [Fact]
    public void WeightedStatisticsAreThoseOfTheRepeatedValues()
    {
        var rng = new Random(5);
        var values = Enumerable.Range(0, 700).Select(_ => 3 * rng.NextDouble() * rng.NextDouble()).ToArray();
        var weights = values.Select(_ => (double)(1 + rng.Next(9))).ToArray();
        var repeated = values.SelectMany((v, i) => Enumerable.Repeat(v, (int)weights[i])).ToArray();

        var mine = SampleSet.Stats(values, weights);
        var plain = DeltaEStats.From(repeated);

        Assert.Equal(plain.Mean, mine.Mean, 12);
        Assert.Equal(plain.Max, mine.Max);
        Assert.Equal(plain.P99, mine.P99);
        Assert.Equal(plain.Count, mine.Count);
    }

    [Fact]
    public void WeightedFitIsTheFitOfTheRepeatedSamples()
    {
        var (inputs, targets, repeats) = Samples(400, 11);
        var (rin, rout) = Repeated(inputs, targets, repeats);
        double[] Offsets(float[] i, float[] t) => i.Select((v, k) => (double)t[k] - v).ToArray();

        var weighted = ResidualFit.Solve(7, ResidualKernel.CubicBSpline, inputs, Offsets(inputs, targets), repeats.Select(r => (double)r).ToArray(), null, CancellationToken.None, 1e-10);
        var plain = ResidualFit.Solve(7, ResidualKernel.CubicBSpline, rin, Offsets(rin, rout), Enumerable.Repeat(1.0, rin.Length / 3).ToArray(), null, CancellationToken.None, 1e-10);

        double worst = weighted.Zip(plain, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-5, $"weighted and repeated fits differ by {worst}");
    }

    [Fact]
    public void ATrialMeasuresTheSameOnTheWeightedAndTheRepeatedSet()
    {
        var (inputs, targets, repeats) = Samples(300, 23);
        var (rin, rout) = Repeated(inputs, targets, repeats);
        var weighted = new SampleSet(inputs, targets, repeats.Select(r => (double)r).ToArray());
        var plain = new SampleSet(rin, rout);
        var other = new SampleSet([0.2f, 0.4f, 0.6f, 0.9f, 0.1f, 0.3f], [0.25f, 0.4f, 0.55f, 0.85f, 0.15f, 0.3f]);
        var look = new Look(LookParameters.All.Select(p => p.Name switch { "exposure" => 0.3, "saturation" => 0.2, _ => p.Neutral }).ToArray());
        var options = new DecomposeOptions { MeanDeltaE = 1, MaxDeltaE = 5 };

        var a = Trial.Measure(look, weighted, other, options);
        var b = Trial.Measure(look, plain, other, options);

        Assert.Equal(b.Lattice.Mean, a.Lattice.Mean, 9);
        Assert.Equal(b.Lattice.Max, a.Lattice.Max, 12);
        Assert.Equal(b.Lattice.P99, a.Lattice.P99, 12);
        Assert.Equal(b.Combined.Mean, a.Combined.Mean, 9);
        Assert.Equal(b.Combined.Count, a.Combined.Count);
        Assert.Equal(b.Meets, a.Meets);
    }

    [Fact]
    public void SolvingOnAllCoresGivesTheSameBitsAsOnOne()
    {
        var (inputs, targets, repeats) = Samples(500, 31);
        var offsets = inputs.Select((v, k) => (double)targets[k] - v).ToArray();
        var weights = repeats.Select(r => (double)r).ToArray();
        var serial = ResidualFit.Solve(10, ResidualKernel.CubicBSpline, inputs, offsets, weights, null, CancellationToken.None, 1e-4, int.MaxValue);
        var parallel = ResidualFit.Solve(10, ResidualKernel.CubicBSpline, inputs, offsets, weights, null, CancellationToken.None, 1e-4, 1);
        Assert.Equal(serial, parallel);
    }
}
