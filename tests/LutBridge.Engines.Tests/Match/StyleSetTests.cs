using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Match;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Match;

public class StyleSetTests
{
    [Fact]
    public void TheNearestStylesSteadyTheLookAndVariantsDiffer()
    {
        var dir = TestEnvironment.NewTempDir("styleset");
        var warm = Look.Neutral.With("temperature", 0.4).With("black", 0.04);
        var warmer = Look.Neutral.With("temperature", 0.6).With("black", 0.06);
        var cold = Look.Neutral.With("temperature", -0.6).With("saturation", -0.3);
        LookFile.Write(Path.Combine(dir, "warm.look"), warm.WithTitle("warm"));
        LookFile.Write(Path.Combine(dir, "warmer.look"), warmer.WithTitle("warmer"));
        LutFile.Write(Path.Combine(dir, "cold.cube"), new Lut(LookBaker.Bake(cold, 17)) { Title = "cold" });
        var index = LibraryBuilder.Add(dir, false, null, CancellationToken.None).Index;

        var estimate = Look.Neutral.With("temperature", 0.5).With("black", 0.05);
        var set = StyleSet.Build(estimate, index, k: 2, variants: 3, CancellationToken.None);
        Assert.Equal(3, set.Count);
        Assert.Equal(["warm.look", "warmer.look"], set[0].Sources.Order().ToArray());
        // The aggregate of the estimate and two warm styles warms a mid grey as they do: OKLab b of
        // the output (Core's OKLab) between the warm Look's and the warmer one's, within fitting slack.
        double B(Look look)
        {
            var (r, g, b) = new LookProcessor(look).Apply(0.5, 0.5, 0.5);
            return Core.Color.Oklab.FromSrgb(new System.Numerics.Vector3((float)r, (float)g, (float)b)).Z;
        }
        Assert.InRange(B(set[0].Look), B(warm) - 0.005, B(warmer) + 0.005);
        // The cold style, farthest from the aggregate, is offered first among the variants, and it is cooler.
        Assert.Equal(["cold.cube"], set[1].Sources);
        Assert.True(B(set[1].Look) < B(set[0].Look) - 0.01);
    }
}
