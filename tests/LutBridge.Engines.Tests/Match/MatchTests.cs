using LutBridge.Core.Imaging;
using LutBridge.Looks;
using LutBridge.Engines.Match;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Match;

public class MatchTests
{
    private static RgbImage Photo(string name) => ImageFile.Read(TestEnvironment.SharedFile("photos", name));

    private static RgbImage Graded(RgbImage photo, Look look) =>
        MatchMetrics.FromFloats(MatchMetrics.ApplyLook(look, MatchMetrics.ToFloats(photo)), photo.Width, photo.Height);

    [Fact]
    public void AKnownGradeIsRecoveredInDirectionFromAPhotoOfOtherContent()
    {
        // Reference: a portrait graded by a known Look (faded blacks, warm, less saturated);
        // the input is a landscape. The grade, not the content, must come back.
        var grade = Look.Neutral.With("black", 0.15).With("temperature", 0.5).With("saturation", -0.6);
        var reference = Graded(Photo("kodak_kodim04.png"), grade);
        var result = Matcher.Run([reference], Photo("kodak_kodim13.png"), new MatchOptions());
        var look = result.Look;
        var moved = string.Join(", ", look.Changed().Select(c => $"{c.Parameter.Name}={c.Value:0.###}"));
        Assert.True(look["black"] > 0.04, moved);
        Assert.True(look["temperature"] > 0.05, moved);
        Assert.True(look["saturation"] < -0.05, moved);
        Assert.Contains(result.Report.Moved, m => m.Name == "black" && m.Why.Contains("darkest"));
    }

    [Fact]
    public void AGreyReferenceGivesBlackAndWhite()
    {
        // Rec. 709 luma of every pixel, written to all three channels, computed here.
        var photo = Photo("kodak_kodim23.png");
        var grey = new RgbImage(photo.Width, photo.Height, SampleType.UInt8);
        for (int i = 0; i < photo.Data.Length; i += 3)
        {
            var y = (byte)Math.Round(0.2126 * photo.Data[i] + 0.7152 * photo.Data[i + 1] + 0.0722 * photo.Data[i + 2]);
            grey.Data[i] = grey.Data[i + 1] = grey.Data[i + 2] = y;
        }
        var look = Matcher.Run([grey], Photo("skimage_astronaut.png"), new MatchOptions()).Look;
        Assert.Equal(-1, look["saturation"]);
    }

    [Fact]
    public void AnUngradedReferenceBarelyChangesThePhoto()
    {
        // Content is not grade: matching an ungraded photo to another ungraded photo moves colours
        // far less than a film LUT does (the creative LUTs move them 5–19 ΔE00 on these photos).
        var input = Photo("kodak_kodim13.png");
        var look = Matcher.Run([Photo("kodak_kodim22.png")], input, new MatchOptions()).Look;
        var before = MatchMetrics.ToFloats(input);
        double de = MatchMetrics.MeanDeltaE(before, MatchMetrics.ApplyLook(look, before));
        Assert.True(de < 4, $"mean ΔE00 {de:0.00}");
    }

    [Fact]
    public void TheStructureGuardKeepsLumaSsimAndAmountIsTheStrength()
    {
        // A harsh grade (crushed, lifted, contrasty) on a reference; the guard must keep the input's structure.
        var harsh = Look.Neutral.With("black", 0.3).With("white", 0.7).With("curve3", -0.2).With("curve2", -0.15);
        var input = Photo("skimage_hubble_deep_field.jpg");
        var result = Matcher.Run([Graded(Photo("skimage_coffee.png"), harsh)], input, new MatchOptions { Amount = 0.6 });
        var thumb = Thumbnail.Of(input, Thumbnail.DefaultSide);
        double ssim = MatchMetrics.LumaSsim(MatchMetrics.ApplyLook(result.Look, thumb.Rgb), thumb.Rgb, thumb.Width, thumb.Height);
        Assert.True(ssim >= MatchTuning.Default.MinSsim - 1e-3, $"SSIM {ssim:0.0000}");
        Assert.Equal(0.6, result.Look["strength"], 3);
    }

    [Fact]
    public void ASmallInputKeepsItsStructureAtFullSize()
    {
        // The requirement is luma SSIM to the input at the input's own size (eval match measures
        // it so); a 768×512 photo is guarded at full size, so the harsh grade must hold there.
        var harsh = Look.Neutral.With("black", 0.3).With("white", 0.7).With("curve3", -0.2).With("curve2", -0.15);
        var input = Photo("kodak_kodim13.png");
        Assert.True(input.PixelCount <= Thumbnail.FullSizeGuardPixels);
        var result = Matcher.Run([Graded(Photo("skimage_coffee.png"), harsh)], input, new MatchOptions());
        var rgb = MatchMetrics.ToFloats(input);
        double unguarded = MatchMetrics.LumaSsim(MatchMetrics.ApplyLook(harsh, rgb), rgb, input.Width, input.Height);
        double ssim = MatchMetrics.LumaSsim(MatchMetrics.ApplyLook(result.Look, rgb), rgb, input.Width, input.Height);
        Assert.True(unguarded < MatchTuning.Default.MinSsim, $"the grade itself keeps SSIM {unguarded:0.0000}: no test of the guard");
        Assert.True(ssim >= MatchTuning.Default.MinSsim - 1e-3, $"SSIM {ssim:0.0000}");
    }

    [Fact]
    public void LumaSsimIsOneForTheSameImageAndFallsForNoise()
    {
        var rgb = MatchMetrics.ToFloats(Photo("skimage_coffee.png"));
        var img = Photo("skimage_coffee.png");
        Assert.Equal(1.0, MatchMetrics.LumaSsim(rgb, rgb, img.Width, img.Height), 9);
        // Per-pixel noise of ±0.1 (deterministic) keeps the means but adds variance: SSIM drops well below 1.
        var noisy = rgb.Select((v, i) => Math.Clamp(v + ((i / 3 * 2654435761u) % 2 == 0 ? 0.1f : -0.1f), 0f, 1f)).ToArray();
        Assert.True(MatchMetrics.LumaSsim(rgb, noisy, img.Width, img.Height) < 0.8);
    }

    [Fact]
    public void ContactSheetHasOneLabelledTilePerVariant()
    {
        var tile = Enumerable.Repeat(0.5f, 3 * 40 * 30).ToArray();
        var sheet = ContactSheet.Compose([("A", tile), ("B", tile), ("C", tile)], 40, 30, columns: 2);
        // Two columns and two rows of 40×30 tiles, 8-pixel gaps, a 31-pixel label strip under each row.
        Assert.Equal((2 * (40 + 8) + 8, 2 * (30 + 31) + 8), (sheet.Width, sheet.Height));
        Assert.Equal(128, sheet.Data[(8 * sheet.Width + 8) * 3]); // first tile's first pixel is the tile's grey
        Assert.Contains(sheet.Data.Skip((38 + 8) * sheet.Width * 3).Take(sheet.Width * 3 * 15), b => b == 235); // label ink
    }

    private static ImageStatistics CastRamp(double b)
    {
        // A grey ramp L = 0.05 … 0.95 (symmetric about 0.5) whose every pixel carries the cast (0, b).
        const int n = 901;
        var lab = new float[3 * n];
        for (int i = 0; i < n; i++) { lab[3 * i] = (float)(0.05 + 0.9 * i / (n - 1)); lab[3 * i + 2] = (float)b; }
        return ImageStatistics.Of(lab);
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.03)]
    public void OnlyTheCastBeyondTheContentDeadZoneIsTakenAsGrade(double cast)
    {
        // temperature = CastGlobal · max(0, |cast| − dead zone) / (0.05 · mean L); the ramp's mean L is 0.5
        // (docs/look.md: b += L · 0.05 · temperature).
        // A uniform small cast would also read as black and white (chroma under MonochromeChroma): off here.
        var t = MatchTuning.Default with { MonochromeChroma = 0, Typical = 0 };
        double want = t.CastGlobal * Math.Max(0, cast - t.CastDeadZone) / (0.05 * 0.5);
        var (values, _) = GradeEstimator.Estimate(CastRamp(cast), GradeEstimator.NaturalPrior, t);
        Assert.Equal(want, values[LookParameters.Temperature], 3);
        // A cast the same in every band is global: no split toning (it would cancel part of it).
        Assert.Equal(0, values[LookParameters.SplitShadowAmount], 6);
        Assert.Equal(0, values[LookParameters.SplitHighlightAmount], 6);
    }

    [Fact]
    public void WithoutFurtherEvidenceTheTypicalFilmGradeIsAssumed()
    {
        // A reference whose statistics are an ungraded photo's plus exactly the typical film grade: with
        // Typical = 1 nothing departs from the assumed grade, so the shares do not shrink it. Black is
        // the 0.5 % quantile's shift (the tone map at L = 0), saturation exp(mean ln chroma ratio) − 1, and
        // temperature the band-weighted mean b cast / (0.05 · mean L) (docs/look.md: b += L · 0.05 · temperature).
        var n = GradeEstimator.NaturalPrior;
        var g = GradeEstimator.TypicalFilmGrade;
        var reference = n with
        {
            LightnessQuantiles = n.LightnessQuantiles.Zip(g.LightnessQuantiles, (a, b) => a + b).ToArray(),
            NeutralA = g.NeutralA, NeutralB = g.NeutralB,
            ChromaP90All = n.ChromaP90All * Math.Exp(GradeEstimator.TypicalFilmChromaLogRatio),
        };
        double w = n.BandWeight.Sum(), meanL = n.BandWeight.Zip(ImageStatistics.BandCentres, (x, c) => x * c).Sum() / w;
        double castB = n.BandWeight.Zip(g.NeutralB, (x, b) => x * b).Sum() / w;

        var (typical, _) = GradeEstimator.Estimate(reference, n, MatchTuning.Default with { Typical = 1 });
        Assert.Equal(g.LightnessQuantiles[0], typical[LookParameters.Black], 3);
        Assert.Equal(Math.Exp(GradeEstimator.TypicalFilmChromaLogRatio) - 1, typical[LookParameters.Saturation], 0.001); // the slider's step
        Assert.Equal(castB / (0.05 * meanL), typical[LookParameters.Temperature], 2);
        // The typical cast goes from cool-green shadows to warm highlights: split toning carries that.
        Assert.True(typical[LookParameters.SplitShadowAmount] > 0 && typical[LookParameters.SplitHighlightAmount] > 0);

        // Assuming no grade (Typical = 0), the same evidence is shrunk toward none: half the black (Ends 0.5),
        // saturation exp(0.3 · ln ratio) − 1, and the cast (0.0067 here) inside the content dead zone (0.008).
        var (none, _) = GradeEstimator.Estimate(reference, n, MatchTuning.Default with { Typical = 0 });
        Assert.Equal(0.5 * g.LightnessQuantiles[0], none[LookParameters.Black], 3);
        Assert.Equal(Math.Exp(0.3 * GradeEstimator.TypicalFilmChromaLogRatio) - 1, none[LookParameters.Saturation], 0.001);
        Assert.Equal(0, none[LookParameters.Temperature], 6);
    }

    [Fact]
    public void TheReportNeverPrintsANegativeZeroAsMinusPlus()
    {
        // Shadows with a cast that rounds to zero (b = −0.0002), the rest clearly warm: the
        // temperature's evidence lists every band's cast; .NET's "+0.000;-0.000" printed such a
        // value as "-+0.000" (seen in the demo's match report).
        const int n = 901;
        var lab = new float[3 * n];
        for (int i = 0; i < n; i++)
        {
            double l = 0.05 + 0.9 * i / (n - 1);
            lab[3 * i] = (float)l;
            lab[3 * i + 2] = l < 0.25 ? -0.0002f : 0.03f;
        }
        var t = MatchTuning.Default with { MonochromeChroma = 0, Typical = 0 };
        var (_, reasons) = GradeEstimator.Estimate(ImageStatistics.Of(lab), GradeEstimator.NaturalPrior, t);
        var evidence = Assert.Single(reasons, r => r.Name == "temperature").Why;
        Assert.Contains("L 0.1: (0.000, 0.000)", evidence);
        Assert.DoesNotContain("-+", evidence);
    }

    [Theory]
    [InlineData(-0.030, -0.4)]  // a cool cast 0.01 beyond the strong zone: b kept −0.01, temperature −0.01 / (0.05 · mean L 0.5)
    [InlineData(-0.015, 0.0)]   // within the strong zone (and the global share 0): nothing taken
    [InlineData(0.040, 0.4)]    // warm: half of the cast beyond the zone, 0.02 · 0.5 = 0.01
    public void TheStrongCastRuleKeepsOnlyWhatLiesBeyondItsZone(double castB, double temperature)
    {
        // Uniform cast in every band, equal band weights (mean L 0.5), no global share: temperature
        // comes only from CastStrong · (|cast| − CastStrongZone), written as b = L · 0.05 · temperature.
        var stats = new ImageStatistics([0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95],
            [0, 0, 0, 0, 0], [castB, castB, castB, castB, castB], [0.2, 0.2, 0.2, 0.2, 0.2],
            [0.02, 0.03, 0.04, 0.03, 0.02], [0.05, 0.07, 0.09, 0.07, 0.05], 0.04, 0.1, 100);
        var neutralCasts = stats with { NeutralB = [0, 0, 0, 0, 0] };
        var tuning = new MatchTuning { CastGlobal = 0, CastStrong = castB < 0 ? 1 : 0.5, CastStrongZone = 0.02, Typical = 0 };
        var (values, _) = GradeEstimator.Estimate(stats, neutralCasts, tuning);
        Assert.Equal(temperature, values[LookParameters.Temperature], 2);
        // a = L · (0.01 · temperature + 0.05 · tint) stays 0: the tint offsets temperature's share of a.
        Assert.Equal(-0.2 * temperature, values[LookParameters.Tint], 2);
    }
}
