using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Looks;
using LutBridge.Core.LutFiles;

namespace LutBridge.Looks.Tests;

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
    public void AHueBandsSlidersChangeOnlyTheColoursBetweenItsNeighbours()
    {
        // What decompose's slider fit relies on to evaluate a band slider's Jacobian column on
        // fewer colours: colours whose hue lies outside [band k−1, band k+1] come out bit-identical
        // when band k's sliders move. LowerBandOf is checked against the band centres' hues
        // (LookParameters.BandHueDegrees) read as plain angles.
        const int k = 2;
        var band = LookParameters.BandNames[k];
        var moved = new LookProcessor(Look.Neutral.With($"{band}_hue", 20).With($"{band}_chroma", 0.5).With($"{band}_lightness", 0.05));
        var neutral = new LookProcessor(Look.Neutral);
        int inside = 0, changed = 0;
        foreach (var c in Grid(17))
        {
            var (L, A, B) = LookColor.FromSrgb(c.X, c.Y, c.Z);
            double hue = (Math.Atan2(B, A) * 180 / Math.PI + 360) % 360;
            int lower = Enumerable.Range(0, LookParameters.BandCount)
                .Single(i => (hue - LookParameters.BandHueDegrees(i) + 720) % 360 < LookParameters.BandSpacingDegrees
                    || (i == LookParameters.BandCount - 1 && (hue - LookParameters.BandHueDegrees(i) + 720) % 360 >= 360 - 1e-9));
            int band0 = LookProcessor.LowerBandOf(A, B);
            Assert.Equal(lower, band0);
            var a = moved.ApplyLab(L, A, B);
            var b = neutral.ApplyLab(L, A, B);
            bool near = band0 == k || (band0 + 1) % LookParameters.BandCount == k;
            if (!near) Assert.Equal(b, a);
            else { inside++; if (a != b) changed++; }
        }
        Assert.True(changed > inside / 2, $"band {band} moved {changed} of {inside} colours between its neighbours");
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

/// <summary>Anchored residuals (docs/look.md, step 8): the residual alone at the anchor, slider moves added on top.</summary>
public class AnchoredResidualTests
{
    private static readonly Core.Luts.Lattice3D Velvia =
        LutFile.Read(Testing.TestEnvironment.SharedFile("luts", "creative", "colorslide__fuji_velvia_100_generic.cube")).Lattice!;

    private static Look AnchoredVelvia(Look sliders)
    {
        var identity = Core.Luts.Lattice3D.Identity(Velvia.Size);
        var offsets = Velvia.Data.Select((v, i) => v - identity.Data[i]).ToArray();
        // Trilinear: its nodes are the LUT's, so at the anchor the Look must give them back.
        return sliders.WithResidual(new LookResidual(Velvia.Size, offsets, kernel: ResidualKernel.Trilinear).WithAnchor(sliders.Values));
    }

    [Fact]
    public void AtTheAnchorTheLookIsTheLatticeWhateverTheSliders()
    {
        var sliders = Look.Neutral.With("saturation", 0.4).With("temperature", -0.5).With("curve3", 0.05);
        var p = new LookProcessor(LookCodec.RoundTrip(AnchoredVelvia(sliders)));
        int n = Velvia.Size;
        for (int i = 0; i < n * n * n; i += 7)
        {
            double r = i % n / (n - 1.0), g = i / n % n / (n - 1.0), b = i / (n * n) / (n - 1.0);
            var (R, G, B) = p.Apply(r, g, b);
            // The file stores offsets in 1/16383 of the largest one: within that of the LUT's node.
            Assert.Equal(Velvia.Data[3 * i], R, 3e-5);
            Assert.Equal(Velvia.Data[3 * i + 1], G, 3e-5);
            Assert.Equal(Velvia.Data[3 * i + 2], B, 3e-5);
        }
    }

    [Fact]
    public void MovingASliderAddsExactlyWhatTheMoveChangesInTheSliders()
    {
        var anchor = Look.Neutral.With("saturation", 0.1);
        var moved = anchor.With("saturation", -0.3).With("red_hue", 15);
        var atAnchor = new LookProcessor(AnchoredVelvia(anchor));
        var edited = new LookProcessor(AnchoredVelvia(anchor).WithValues(moved.Values));
        var before = new LookProcessor(anchor);
        var after = new LookProcessor(moved);
        foreach (var (r, g, b) in new[] { (0.5, 0.4, 0.3), (0.7, 0.3, 0.35), (0.25, 0.5, 0.6), (0.45, 0.45, 0.45) })
        {
            var o0 = atAnchor.Apply(r, g, b);
            var o1 = edited.Apply(r, g, b);
            var s0 = before.ApplyParametric(r, g, b);
            var s1 = after.ApplyParametric(r, g, b);
            Assert.Equal(s1.R - s0.R, o1.R - o0.R, 1e-9);
            Assert.Equal(s1.G - s0.G, o1.G - o0.G, 1e-9);
            Assert.Equal(s1.B - s0.B, o1.B - o0.B, 1e-9);
        }
    }

    [Fact]
    public void AnAnchorMustBeAFullSetOfValuesInRange()
    {
        var data = new float[2 * 2 * 2 * 3];
        Assert.Throws<ArgumentException>(() => new LookResidual(2, data, anchor: new double[3]));
        var values = Look.Neutral.Values.ToArray();
        values[LookParameters.Get("exposure").Index] = 99;
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookResidual(2, data, anchor: values));
    }

    [Fact]
    public void TheAnchorSurvivesTheFileAndAnEdit()
    {
        var anchor = Look.Neutral.With("vibrance", 0.3).With("green_chroma", -0.2);
        var look = LookCodec.RoundTrip(AnchoredVelvia(anchor).With("vibrance", -0.1));
        Assert.Equal(-0.1, look["vibrance"], 3);
        Assert.Equal(0.3, look.Residual!.Anchor![LookParameters.Get("vibrance").Index], 3);
        Assert.Equal(-0.2, look.Residual.Anchor[LookParameters.Get("green_chroma").Index], 3);
        Assert.Equal(-0.2, look["green_chroma"], 3);
    }
}
