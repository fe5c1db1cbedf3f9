using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Engines.Tests.Fitting;

/// <summary>
/// LUTs baked from Looks with known sliders must decompose into those sliders: sliders alone,
/// the generating values, nothing else moved (docs/look.md, "Canonical sliders").
/// </summary>
public class KnownLookTests
{
    private static readonly string[] FirstChoice =
    [
        "exposure", "contrast", "shadows", "highlights", "temperature", "tint", "saturation", "vibrance",
        "split_shadow_hue", "split_shadow_amount", "split_highlight_hue", "split_highlight_amount",
    ];

    private static Look Fit(Look look, out Lut lut)
    {
        lut = new Lut(LookBaker.Bake(look, 33));
        return Decomposer.Run(lut, new DecomposeOptions { AllowResidual = false }, null, CancellationToken.None).Look;
    }

    private static string Moved(Look look) => string.Join(", ", look.Changed().Select(c => $"{c.Parameter.Name}={c.Value}"));

    /// <summary>ΔE00 between the LUT's nodes and the fitted Look baked at the same nodes (Core's CIEDE2000, not the fitter's).</summary>
    private static DeltaEStats OnNodes(Look fitted, Lut lut)
    {
        var baked = LookBaker.Bake(LookCodec.Decode(LookCodec.Encode(fitted), "test"), lut.Lattice!.Size);
        return DeltaE.Ciede2000SrgbStats(lut.Lattice.Data, baked.Data);
    }

    [Theory]
    [InlineData(2)]   // contrast, highlights, shadow split toning, aqua chroma, red hue
    [InlineData(8)]   // exposure, both split-toning ends, blue chroma
    [InlineData(11)]  // exposure, highlights, temperature, magenta chroma
    public void GeneratedLooksComeBackAsTheirOwnSliders(int seed)
    {
        var known = KnownLooks.Generate(seed);
        var got = Fit(known.Look, out var lut);
        var all = Moved(got);
        foreach (var name in known.Sliders)
        {
            double want = known.Look[name], value = got[name];
            if (name.StartsWith("split_", StringComparison.Ordinal) && name.EndsWith("_hue", StringComparison.Ordinal))
            {
                double d = Math.Abs(want - value) % 360;
                Assert.True(Math.Min(d, 360 - d) <= 10, $"{name}: {want} → {value} ({all})");
            }
            else Assert.True(Math.Abs(value - want) <= 0.25 * Math.Abs(want), $"{name}: {want} → {value} ({all})");
        }
        var extra = got.Changed().Select(c => c.Parameter.Name).Where(n => !known.Sliders.Contains(n)).ToList();
        Assert.True(extra.Count <= 1, $"extra sliders {string.Join(", ", extra)} ({all})");
        var stats = OnNodes(got, lut);
        Assert.True(stats.Mean <= 0.3 && stats.Max <= 1.5, $"sliders alone on the nodes: mean {stats.Mean}, max {stats.Max} ({all})");
    }

    [Fact]
    public void BlackAndWhiteComeBackAsExposureAndContrast()
    {
        // black b, white w: L ← b + (w − b)·L. With pivot 0.5 the same map is contrast −2b and
        // exposure 3·log2((w − b)/(1 − 2b)): the canonical description prefers those.
        const double black = 0.06, white = 0.97;
        var got = Fit(Look.Neutral.With("black", black).With("white", white).With("saturation", 0.2), out var lut);
        var all = Moved(got);
        Assert.Equal(-2 * black, got["contrast"], 0.006);
        Assert.Equal(3 * Math.Log2((white - black) / (1 - 2 * black)), got["exposure"], 0.01);
        Assert.Equal(0.2, got["saturation"], 0.02);
        Assert.True(got["black"] == 0 && got["white"] == 1, all);
        Assert.Equal(3, got.Changed().Count());
        var stats = OnNodes(got, lut);
        Assert.True(stats.Mean <= 0.1 && stats.Max <= 0.5, $"mean {stats.Mean}, max {stats.Max} ({all})");
    }

    [Fact]
    public void TheGeneratorIsSeededAndStaysWithTheFirstChoiceSliders()
    {
        Assert.Equal(KnownLooks.Generate(7).Look.Values, KnownLooks.Generate(7).Look.Values);
        for (int seed = 1; seed <= 50; seed++)
        {
            var known = KnownLooks.Generate(seed);
            Assert.InRange(known.Sliders.Count, 3, 6);
            Assert.Equal(known.Sliders.OrderBy(n => n), known.Look.Changed().Select(c => c.Parameter.Name).OrderBy(n => n));
            foreach (var name in known.Sliders)
                Assert.True(FirstChoice.Contains(name) || LookParameters.Get(name).Group == "hue bands", $"seed {seed}: {name}");
            // Moderate: well inside every range, never beyond ±0.8 (EV, or the plain factors) or ±20°.
            foreach (var name in known.Sliders.Where(n => !n.EndsWith("_hue", StringComparison.Ordinal)))
                Assert.InRange(Math.Abs(known.Look[name]), 0.02, 0.8);
        }
    }
}
