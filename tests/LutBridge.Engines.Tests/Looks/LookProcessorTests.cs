using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Engines.Looks;

namespace LutBridge.Engines.Tests.Looks;

public class LookProcessorTests
{
    private static IEnumerable<Vector3> Grid(int n)
    {
        for (int b = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                    yield return new Vector3(r, g, b) / (n - 1);
    }

    [Fact]
    public void NeutralLookIsTheIdentity()
    {
        var p = new LookProcessor(Look.Neutral);
        foreach (var c in Grid(9))
        {
            var (r, g, b) = p.Apply(c.X, c.Y, c.Z);
            Assert.Equal(c.X, r, 1e-9);
            Assert.Equal(c.Y, g, 1e-9);
            Assert.Equal(c.Z, b, 1e-9);
        }
    }

    [Fact]
    public void ExposureScalesOklabLightnessByTheCubeRootOfTwoPerStop()
    {
        // Independent reference: Core's float OKLab, and the definition L' = L * 2^(EV/3).
        // Mid-range colours only: darker saturated colours would leave the gamut and clip.
        var p = new LookProcessor(Look.Neutral.With("exposure", -0.5));
        foreach (var c in Grid(5).Select(c => new Vector3(0.4f) + 0.4f * c))
        {
            var (r, g, b) = p.Apply(c.X, c.Y, c.Z);
            var before = Oklab.FromSrgb(c);
            var after = Oklab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
            Assert.Equal(before.X * Math.Pow(2, -0.5 / 3), after.X, 2e-4);
            Assert.Equal(before.Y, after.Y, 2e-4);
            Assert.Equal(before.Z, after.Z, 2e-4);
        }
    }

    [Fact]
    public void SaturationMinusOneGivesGreysWithUnchangedLightness()
    {
        var p = new LookProcessor(Look.Neutral.With("saturation", -1.0));
        foreach (var c in Grid(5))
        {
            var (r, g, b) = p.Apply(c.X, c.Y, c.Z);
            Assert.Equal(r, g, 1e-6);
            Assert.Equal(g, b, 1e-6);
            Assert.Equal(Oklab.FromSrgb(c).X, Oklab.FromSrgb(new Vector3((float)r, (float)g, (float)b)).X, 2e-4);
        }
    }

    [Fact]
    public void StrengthZeroIsTheIdentityWhateverTheSliders()
    {
        var look = Look.Neutral.With("saturation", 0.7).With("exposure", 1).With("red_hue", 30).With("strength", 0);
        var p = new LookProcessor(look);
        foreach (var c in Grid(5))
        {
            var (r, g, b) = p.Apply(c.X, c.Y, c.Z);
            Assert.Equal(c.X, r, 1e-9);
            Assert.Equal(c.Y, g, 1e-9);
            Assert.Equal(c.Z, b, 1e-9);
        }
    }

    [Fact]
    public void HueBandRotatesOnlyColoursNearItsCentre()
    {
        // sRGB blue sits at OKLab hue ≈ 264°, inside the "blue" band (245°) and far from "red" (20°).
        var look = Look.Neutral.With("red_hue", 40);
        var p = new LookProcessor(look);
        var (r, g, b) = p.Apply(0, 0, 1);
        Assert.Equal(0, r, 1e-9); Assert.Equal(0, g, 1e-9); Assert.Equal(1, b, 1e-9);
        var red = Oklch.FromOklab(Oklab.FromSrgb(new Vector3(0.8f, 0.3f, 0.3f)));
        var (r2, g2, b2) = p.Apply(0.8, 0.3, 0.3);
        var moved = Oklch.FromOklab(Oklab.FromSrgb(new Vector3((float)r2, (float)g2, (float)b2)));
        Assert.True(moved.Z > red.Z + 10, $"hue {red.Z} → {moved.Z}");
    }
}
