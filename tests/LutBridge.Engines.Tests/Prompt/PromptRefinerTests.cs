using LutBridge.Core.Imaging;
using LutBridge.Engines.Prompt;
using LutBridge.Looks;
using LutBridge.Testing;
using Xunit.Abstractions;

namespace LutBridge.Engines.Tests.Prompt;

/// <summary>
/// The refiner against an image–text "model" whose answer is known: an image embeds as its mean
/// R, G, B, and each word as a fixed direction in that space ("warm": more red, less blue). The
/// search must then move the sliders the way colour science says makes the photo warmer,
/// cooler or greener — the embedder knows nothing of the Look's sliders.
/// </summary>
public class PromptRefinerTests(ITestOutputHelper output)
{
    private sealed class MeanColourEmbedder : IImageTextEmbedder
    {
        public int Calls;

        public float[] EmbedText(string text) => text switch
        {
            "warm" => [1, 0, -1],
            "cool" => [-1, 0, 1],
            "greener" => [-0.5f, 1, -0.5f],
            "a photo" => [0, 0, 0],
            _ => throw new ArgumentException(text),
        };

        public float[][] EmbedImages(IReadOnlyList<RgbImage> images, CancellationToken cancel)
        {
            Interlocked.Increment(ref Calls);
            return images.Select(MeanRgb).ToArray();
        }
    }

    private static float[] MeanRgb(RgbImage image)
    {
        Assert.Equal(SampleType.Float32, image.Type);
        var s = image.Samples<float>();
        double r = 0, g = 0, b = 0;
        for (int i = 0; i < s.Length; i += 3) { r += s[i]; g += s[i + 1]; b += s[i + 2]; }
        long n = s.Length / 3;
        return [(float)(r / n), (float)(g / n), (float)(b / n)];
    }

    private static RgbImage Photo => ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"));

    [Fact]
    public void WarmMovesTemperatureUpAndRaisesRedOverBlue()
    {
        var photo = Photo;
        var (look, report) = PromptRefiner.Refine(Look.Neutral, "warm", photo, new MeanColourEmbedder());
        Assert.True(look["temperature"] > 0.02, $"temperature {look["temperature"]}");
        Assert.Equal(0, report.ScoreBefore); // the neutral Look moves nothing: no direction
        Assert.True(report.ScoreAfter > 0.5, $"similarity {report.ScoreAfter}");
        // Independent of the embedder's arithmetic: the photo graded by the Look is redder and less blue.
        var before = MeanRgb(ImageConvert.ToType(photo, SampleType.Float32));
        var after = MeanRgb(Graded(look, photo));
        Assert.True(after[0] - after[2] > before[0] - before[2] + 0.005, $"R−B {before[0] - before[2]:0.0000} → {after[0] - after[2]:0.0000}");
    }

    [Fact]
    public void CoolMovesTemperatureDownAndGreenerMakesThePhotoGreener()
    {
        var cool = PromptRefiner.Refine(Look.Neutral, "cool", Photo, new MeanColourEmbedder()).Look;
        Assert.True(cool["temperature"] < -0.02, $"temperature {cool["temperature"]}");
        // Greener may come from tint or from temperature with tint (the search finds a mix that
        // scores 0.95 where tint alone scored 0.31): the check is on the graded photo itself,
        // G − (R + B) / 2, independent of the embedder's arithmetic. The similarity is a cosine, so
        // the pull back to the words picks the shortest of the graded lengths: the change is small.
        var photo = Photo;
        var green = PromptRefiner.Refine(Look.Neutral, "greener", photo, new MeanColourEmbedder()).Look;
        var before = MeanRgb(ImageConvert.ToType(photo, SampleType.Float32));
        var after = MeanRgb(Graded(green, photo));
        double Greenness(float[] m) => m[1] - (m[0] + m[2]) / 2;
        Assert.True(Greenness(after) > Greenness(before) + 0.001, $"G − (R+B)/2 {Greenness(before):0.0000} → {Greenness(after):0.0000}");
    }

    [Fact]
    public void StaysInsideTheTrustRegionAroundTheWordsLookAndNeverScoresBelowIt()
    {
        // The words already made it warm and contrasty; the model pulls the other way.
        var start = Look.Neutral.With("temperature", 0.3).With("contrast", 0.2);
        var options = RefineOptions.Default;
        var (look, report) = PromptRefiner.Refine(start, "cool", Photo, new MeanColourEmbedder(), options);
        foreach (var p in PromptRefiner.FreeSliders(start))
            Assert.True(Math.Abs(look[p.Index] - start[p.Index]) <= options.TrustRegion * (p.Max - p.Min) + 1e-9,
                $"{p.Name}: {start[p.Index]} → {look[p.Index]}");
        Assert.True(look["temperature"] < start["temperature"], "cool should lower the temperature");
        Assert.True(report.ScoreAfter >= report.ScoreBefore, $"{report.ScoreBefore} → {report.ScoreAfter}");
        // Sliders the words left alone and that are not basic stay neutral.
        Assert.Equal(0, look["split_shadow_amount"]);
        foreach (var (name, move) in report.Moved) Assert.Equal(move.To, look[name]);
    }

    [Fact]
    public void TheSameWordsOnTheSamePhotoGiveTheSameLookWithBatchedCalls()
    {
        var model = new MeanColourEmbedder();
        var a = PromptRefiner.Refine(Look.Neutral, "warm", Photo, model);
        var b = PromptRefiner.Refine(Look.Neutral, "warm", Photo, new MeanColourEmbedder());
        Assert.Equal(a.Look.Values, b.Look.Values);
        var o = RefineOptions.Default;
        // Probe search: one batch (the photo, which is also the neutral start, and one probe per
        // slider), then one of the three candidates.
        Assert.Equal(2, model.Calls);
        Assert.Equal(1 + o.Probes + 3, a.Report.GradedImages);
        var evolution = new MeanColourEmbedder();
        var e = PromptRefiner.Refine(Look.Neutral, "warm", Photo, evolution, o with { Search = RefineSearch.Evolution });
        Assert.Equal(o.Generations, evolution.Calls);
        Assert.Equal(1 + o.Generations * o.Population, e.Report.GradedImages);
    }

    public static TheoryData<string, string, double, double> Cases => new()
    {
        // photo, prompt, the words' temperature and contrast (the start of the search)
        { "skimage_coffee.png", "warm", 0, 0 },
        { "skimage_coffee.png", "cool", 0, 0 },
        { "skimage_coffee.png", "greener", 0, 0 },
        { "skimage_chelsea.png", "warm", 0, 0 },
        { "skimage_chelsea.png", "greener", 0, 0 },
        { "skimage_rocket.jpg", "cool", 0, 0 },
        { "skimage_rocket.jpg", "cool", 0.3, 0.2 },
        { "skimage_chelsea.png", "warm", -0.2, 0.1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheProbeSearchGainsWhatTheEvolutionStrategyDidWithThirdOfTheImages(string file, string prompt, double temperature, double contrast)
    {
        // The peer is the first session's search (26 graded images), run here on the same photo and words.
        var photo = ImageFile.Read(TestEnvironment.RepoFile("samples", "photos", file));
        var start = Look.Neutral.With("temperature", temperature).With("contrast", contrast);
        var probe = PromptRefiner.Refine(start, prompt, photo, new MeanColourEmbedder()).Report;
        var evolution = PromptRefiner.Refine(start, prompt, photo, new MeanColourEmbedder(),
            RefineOptions.Default with { Search = RefineSearch.Evolution }).Report;
        output.WriteLine($"{file} {prompt} from T={temperature} C={contrast}: similarity {probe.ScoreBefore:0.000} → probe {probe.ScoreAfter:0.000} " +
                         $"({probe.GradedImages} images), evolution {evolution.ScoreAfter:0.000} ({evolution.GradedImages} images)");
        Assert.True(probe.ScoreAfter >= evolution.ScoreAfter - 0.02,
            $"probe {probe.ScoreAfter:0.000} < evolution {evolution.ScoreAfter:0.000}");
        Assert.True(probe.ScoreAfter > probe.ScoreBefore + 0.05, $"{probe.ScoreBefore:0.000} → {probe.ScoreAfter:0.000}");
        // 2 + 5 + 3 against 2 + 3 × 8 (one fewer of each when the start is neutral: it is the photo).
        Assert.True(probe.GradedImages <= 10 && evolution.GradedImages >= 25, $"{probe.GradedImages} vs {evolution.GradedImages} images");
    }

    private sealed class BlindEmbedder : IImageTextEmbedder
    {
        public int Calls;
        public float[] EmbedText(string text) => text == "warm" ? [1, 0, -1] : [0, 0, 0];

        public float[][] EmbedImages(IReadOnlyList<RgbImage> images, CancellationToken cancel)
        {
            Calls++;
            return images.Select(_ => new float[] { 0.5f, 0.5f, 0.5f }).ToArray();
        }
    }

    [Fact]
    public void AModelBlindToTheSlidersStopsAfterTheProbesAndKeepsTheWordsLook()
    {
        // No slider changes the embedding: the probes promise no gain, so no second batch is run.
        var start = Look.Neutral.With("temperature", 0.2);
        var model = new BlindEmbedder();
        var (look, report) = PromptRefiner.Refine(start, "warm", Photo, model);
        Assert.Equal(1, model.Calls);
        Assert.Equal(2 + RefineOptions.Default.Probes, report.GradedImages);
        Assert.Equal(start.Values, look.Values);
        Assert.Empty(report.Moved);
    }

    [Fact]
    public void CompassSearchFindsTheMaximumOfAConcaveFunctionInsideTheBox()
    {
        // Maximum of −(x − 0.3)² − (y + 0.05)² is at (0.3, −0.05); the box clips x at 0.15.
        double F(double[] z) => -(z[0] - 0.3) * (z[0] - 0.3) - (z[1] + 0.05) * (z[1] + 0.05);
        var z = PromptRefiner.CompassSearch(F, [-0.15, -0.15], [0.15, 0.15]);
        Assert.Equal(0.15, z[0], 6);
        Assert.Equal(-0.05, z[1], 3);
    }

    [Fact]
    public void CosineIsZeroForAZeroVectorAndOneForParallelOnes()
    {
        Assert.Equal(0, PromptRefiner.Cosine([0, 0, 0], [1, 2, 3]));
        Assert.Equal(1, PromptRefiner.Cosine([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(-1, PromptRefiner.Cosine([1, 0, 0], [-3, 0, 0]), 12);
        Assert.Throws<ArgumentException>(() => PromptRefiner.Cosine([1, 0], [1, 0, 0]));
    }

    private static RgbImage Graded(Look look, RgbImage photo)
    {
        var floats = ImageConvert.ToType(photo, SampleType.Float32).Samples<float>().ToArray();
        var graded = LookBaker.Evaluate(look, floats);
        var image = new RgbImage(photo.Width, photo.Height, SampleType.Float32);
        var s = image.Samples<float>();
        for (int i = 0; i < graded.Length; i++) s[i] = Math.Clamp(graded[i], 0f, 1f);
        return image;
    }
}
