using LutBridge.Core.LutFiles;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Engines.Distil;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Distil;

/// <summary>
/// Distil against known truths: pairs made by grading a real photo with a known Look or a real
/// film LUT, distilled, and the Look compared with that truth on a different photo (colours the
/// pair showed only in part) — the generating Look/LUT is the independent reference.
/// </summary>
public class DistillerTests
{
    private static readonly Look Known = Look.Neutral
        .With("white", 0.93).With("curve2", 0.03).With("curve4", -0.02)
        .With("temperature", 0.25).With("saturation", 0.2).With("orange_hue", 6).With("blue_chroma", -0.25);

    private static (float[] Rgb, int W, int H) Photo(string name)
    {
        var image = ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", name));
        return (Pixels.ToFloats(image), image.Width, image.Height);
    }

    private static float[] Grade(Look look, float[] rgb) => LookBaker.Evaluate(look, rgb).Select(v => Math.Clamp(v, 0f, 1f)).ToArray();

    /// <summary>Mean ΔE00 between a Look and the truth on another photo.</summary>
    private static double ErrorOn(Look look, float[] photo, float[] truth) => PairScore.Of(LookBaker.Evaluate(look, photo), truth).De2000Mean;

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_slider_fit_without_samples_is_refused_before_any_work(int samples)
    {
        var image = new RgbImage(4, 4, SampleType.UInt8);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Distiller.Run(image, image, new DistilOptions { SliderSamples = samples, Alignment = AlignmentMode.None }, null, CancellationToken.None));
        Assert.Equal(nameof(DistilOptions.SliderSamples), e.ParamName);
    }

    [Fact]
    public void AlignedPairGradedByAKnownLookIsReproducedOnAnotherPhoto()
    {
        var (coffee, w, h) = Photo("skimage_coffee.png");
        var after = Pixels.ToImage(Grade(Known, coffee), w, h);
        var result = Distiller.Run(Pixels.ToImage(coffee, w, h), after, new DistilOptions { Alignment = AlignmentMode.None }, null, CancellationToken.None);
        var r = result.Report;
        Assert.Equal("none", r.Alignment.Kind);
        Assert.Equal(1.0, r.MatchedFraction);
        // 8-bit rounding of the after image is all that separates the pair from the Look.
        Assert.True(r.PsnrDb > 42, $"PSNR {r.PsnrDb}");
        Assert.True(r.De2000Mean < 0.6, $"ΔE00 {r.De2000Mean}");
        Assert.True(r.Coverage is > 0.005 and < 0.5, $"coverage {r.Coverage}");
        Assert.True(r.DensePsnrDb > 40, $"dense {r.DensePsnrDb}");
        Assert.True(r.SizeBytes < 2048, $"{r.SizeBytes} bytes");
        var (cat, _, _) = Photo("skimage_chelsea.png");
        double de = ErrorOn(result.Look, cat, Grade(Known, cat));
        Assert.True(de < 1.5, $"on the cat photo mean ΔE00 {de}");
        // The bytes are deterministic.
        var again = Distiller.Run(Pixels.ToImage(coffee, w, h), after, new DistilOptions { Alignment = AlignmentMode.None }, null, CancellationToken.None);
        Assert.Equal(LookCodec.Encode(result.Look), LookCodec.Encode(again.Look));
    }

    [Fact]
    public void OutliersAndNoiseBarelyMoveTheFit()
    {
        var (coffee, w, h) = Photo("skimage_coffee.png");
        var graded = Grade(Known, coffee);
        var rng = new Random(5);
        // 5% of the pixels replaced by random colours, Gaussian-ish noise (σ ≈ 2 codes) everywhere.
        for (int i = 0; i < graded.Length / 3; i++)
        {
            if (rng.NextDouble() < 0.05)
                for (int c = 0; c < 3; c++) graded[3 * i + c] = (float)rng.NextDouble();
            else
                for (int c = 0; c < 3; c++) graded[3 * i + c] = Math.Clamp(graded[3 * i + c] + (float)((rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 0.016), 0f, 1f);
        }
        var result = Distiller.Run(Pixels.ToImage(coffee, w, h), Pixels.ToImage(graded, w, h), new DistilOptions { Alignment = AlignmentMode.None }, null, CancellationToken.None);
        // Against the truth on the pair's own photo (the noise-free grading), and next to a fit of the clean pair.
        double own = ErrorOn(result.Look, coffee, Grade(Known, coffee));
        var clean = Distiller.Run(Pixels.ToImage(coffee, w, h), Pixels.ToImage(Grade(Known, coffee), w, h), new DistilOptions { Alignment = AlignmentMode.None }, null, CancellationToken.None);
        double cleanOwn = ErrorOn(clean.Look, coffee, Grade(Known, coffee));
        Assert.True(own < 1.0 && own < cleanOwn + 0.5, $"on the coffee photo mean ΔE00 {own} (clean pair {cleanOwn})");
    }

    [Fact]
    public void ColoursThePairNeverShowsFollowTheSlidersSmoothly()
    {
        // The pair shows only a narrow band of warm midtones; outside it the Look must stay sane:
        // a grey ramp stays monotone, and saturated primaries keep their hue family.
        var (coffee, w, h) = Photo("skimage_coffee.png");
        var band = coffee.Select(v => 0.35f + 0.3f * v).ToArray();
        var after = Pixels.ToImage(Grade(Known, band), w, h);
        var result = Distiller.Run(Pixels.ToImage(band, w, h), after, new DistilOptions { Alignment = AlignmentMode.None }, null, CancellationToken.None);
        Assert.True(result.Report.Coverage < 0.05, $"coverage {result.Report.Coverage}");
        var p = new LookProcessor(result.Look);
        double last = -1;
        for (int k = 0; k <= 64; k++)
        {
            var (r, g, b) = p.Apply(k / 64.0, k / 64.0, k / 64.0);
            double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            Assert.True(y >= last - 1e-3, $"grey {k}/64: luminance {y} after {last}");
            last = y;
        }
        foreach (var (rgb, name) in new[] { ((1.0, 0.0, 0.0), "red"), ((0.0, 1.0, 0.0), "green"), ((0.0, 0.0, 1.0), "blue"), ((1.0, 1.0, 0.0), "yellow") })
        {
            var (lr, lg, lb) = p.Apply(rgb.Item1, rgb.Item2, rgb.Item3);
            var (tr, tg, tb) = new LookProcessor(Known).Apply(rgb.Item1, rgb.Item2, rgb.Item3);
            double hLook = Hue(lr, lg, lb), hTruth = Hue(tr, tg, tb);
            double d = Math.Abs(((hLook - hTruth) % 360 + 540) % 360 - 180);
            Assert.True(d < 30, $"{name}: hue {hLook:0} against the known Look's {hTruth:0}");
        }
    }

    private static double Hue(double r, double g, double b)
    {
        var (_, a, bb) = LookColor.FromSrgb(Math.Clamp(r, 0, 1), Math.Clamp(g, 0, 1), Math.Clamp(b, 0, 1));
        return Math.Atan2(bb, a) * 180 / Math.PI;
    }

    [Fact]
    public void AMisalignedPairGradedByAFilmLutIsRegisteredAndDistilled()
    {
        var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", Directory.GetFiles(TestEnvironment.SharedFile("luts", "creative"), "*.cube").Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!));
        var (coffee, w, h) = Photo("skimage_coffee.png");
        var graded = ApplyLut(lut, coffee);
        var (warped, ww, wh) = SyntheticWarp.Standard.Apply(graded, w, h);
        var result = Distiller.Run(Pixels.ToImage(coffee, w, h), Pixels.ToImage(warped, ww, wh), DistilOptions.Default, null, CancellationToken.None);
        var r = result.Report;
        Assert.Contains(r.Alignment.Kind, new[] { "similarity", "homography", "local" });
        Assert.True(r.Alignment.ScaleFactor is > 1.03 and < 1.07, $"scale {r.Alignment.ScaleFactor}");
        Assert.True(Math.Abs(r.Alignment.RotationDegrees!.Value - 2) < 0.5, $"rotation {r.Alignment.RotationDegrees}");
        // Scale and crop leave ~82% of the before frame in view; the object, pixels that disagree with
        // the colour model and a band around them are dropped, and so are textured pixels (at least 30%
        // of the rest stay, the flattest: Registration.Flat).
        Assert.True(r.MatchedFraction is > 0.2 and < 0.82, $"matched {r.MatchedFraction}");
        Assert.True(r.Alignment.ChangedFraction > 0.05, $"changed {r.Alignment.ChangedFraction}");
        // The first creative LUT is a black-and-white film: from this misaligned pair the Look is
        // 3.4 mean ΔE00 from it on the coffee photo and 5.1 on the cat photo (measured; a known
        // limit, see README), so here it must only beat doing nothing on both.
        double own = ErrorOn(result.Look, coffee, graded);
        Assert.True(own < ErrorOn(Look.Neutral, coffee, graded), $"on the coffee photo mean ΔE00 {own}");
        var (cat, _, _) = Photo("skimage_chelsea.png");
        var truth = ApplyLut(lut, cat);
        double de = ErrorOn(result.Look, cat, truth);
        Assert.True(de < ErrorOn(Look.Neutral, cat, truth), $"on the cat photo mean ΔE00 {de}");
    }

    [Fact]
    public void WithoutStructureInCommonColoursAreMatchedByDistribution()
    {
        // The after image is the graded photo's pixels shuffled: no geometry to find.
        var (coffee, w, h) = Photo("skimage_coffee.png");
        var graded = Grade(Known, coffee);
        var order = Enumerable.Range(0, w * h).ToArray();
        new Random(3).Shuffle(order);
        var shuffled = new float[graded.Length];
        for (int i = 0; i < order.Length; i++) Array.Copy(graded, 3 * order[i], shuffled, 3 * i, 3);
        var result = Distiller.Run(Pixels.ToImage(coffee, w, h), Pixels.ToImage(shuffled, w / 2, 2 * h), DistilOptions.Default, null, CancellationToken.None);
        Assert.Equal("distribution", result.Report.Alignment.Kind);
        // Distribution matching recovers a global grade roughly (no better is possible from a shuffle).
        double de = ErrorOn(result.Look, coffee, graded);
        Assert.True(de < 4, $"mean ΔE00 {de}");
        Assert.True(de < ErrorOn(Look.Neutral, coffee, graded), "better than doing nothing");
    }

    private static float[] ApplyLut(Lut lut, float[] rgb)
    {
        var o = new float[rgb.Length];
        for (int i = 0; i < rgb.Length / 3; i++)
        {
            var v = lut.Evaluate(new System.Numerics.Vector3(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
            o[3 * i] = Math.Clamp(v.X, 0f, 1f); o[3 * i + 1] = Math.Clamp(v.Y, 0f, 1f); o[3 * i + 2] = Math.Clamp(v.Z, 0f, 1f);
        }
        return o;
    }
}
