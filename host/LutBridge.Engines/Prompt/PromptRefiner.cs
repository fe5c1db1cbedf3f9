using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Match;
using LutBridge.Looks;

namespace LutBridge.Engines.Prompt;

/// <summary>
/// What refinement needs of a learned model: images and texts embedded in one space
/// (CLIP-class). The CLI gives an ONNX pair (LutBridge.Neural); tests give known functions.
/// </summary>
public interface IImageTextEmbedder
{
    float[] EmbedText(string text);

    /// <summary>One vector per image; float32 images in [0, 1].</summary>
    float[][] EmbedImages(IReadOnlyList<RgbImage> images, CancellationToken cancel);
}

public sealed record RefineOptions
{
    public static RefineOptions Default { get; } = new();

    /// <summary>Rounds of the search, each one batch of <see cref="Population"/> graded images.</summary>
    public int Generations { get; init; } = 3;
    public int Population { get; init; } = 8;
    /// <summary>First step, as a fraction of each slider's range; it shrinks by <see cref="StepDecay"/> a round.</summary>
    public double Step { get; init; } = 0.08;
    public double StepDecay { get; init; } = 0.6;
    /// <summary>How far from the vocabulary Look a slider may go, as a fraction of its range.</summary>
    public double TrustRegion { get; init; } = 0.15;
    /// <summary>Weight of the pull back to the vocabulary Look (squared distance in range fractions).</summary>
    public double Closeness { get; init; } = 4.0;
    /// <summary>The text the prompt's direction starts from (CLIP-DLUT's "source" text).</summary>
    public string NeutralText { get; init; } = "a photo";
    /// <summary>Long side of the copy of the photo that is graded (the model resizes to its own input anyway).</summary>
    public int ProxySide { get; init; } = 256;
}

/// <param name="ScoreBefore">directional similarity of the vocabulary Look</param>
/// <param name="ScoreAfter">of the refined Look (never lower: the start is kept when nothing beats it)</param>
/// <param name="Moved">sliders the refinement changed: name → vocabulary value and refined value</param>
public sealed record RefineReport(double ScoreBefore, double ScoreAfter, IReadOnlyDictionary<string, SliderMove> Moved,
    int GradedImages, double Seconds)
{
    /// <summary>The models that scored it (set by the caller that knows them).</summary>
    public string? ImageModel { get; init; }
    public string? TextModel { get; init; }
}

public sealed record SliderMove(double From, double To);

/// <summary>
/// Nudges the sliders of a vocabulary Look toward a text with an image–text model, staying
/// close to where the words put them. The score is CLIP-DLUT's directional similarity: the
/// cosine between how the Look moves the photo's embedding, e(Look(photo)) − e(photo), and how
/// the prompt moves the text embedding from a neutral text, t(prompt) − t("a photo"); minus a
/// pull back to the vocabulary values. The search is a small evolution strategy with a fixed
/// seed from the prompt, so the same words on the same photo give the same Look.
/// </summary>
public static class PromptRefiner
{
    /// <summary>Sliders every refinement may move, beyond those the words set.</summary>
    public static readonly string[] BasicSliders = ["exposure", "contrast", "temperature", "tint", "saturation"];

    public static (Look Look, RefineReport Report) Refine(Look start, string prompt, RgbImage photo, IImageTextEmbedder model,
        RefineOptions? options = null, CancellationToken cancel = default)
    {
        options ??= RefineOptions.Default;
        var clock = Stopwatch.StartNew();
        var thumb = Thumbnail.Of(photo, options.ProxySide);
        var direction = Subtract(model.EmbedText(prompt), model.EmbedText(options.NeutralText));
        var free = FreeSliders(start);
        int graded = 0;

        var original = model.EmbedImages([Render(Look.Neutral, thumb)], cancel)[0];
        graded++;
        double Objective(Look look, float[] embedding) =>
            Cosine(Subtract(embedding, original), direction) - options.Closeness * Distance(look, start, free);

        var startEmbedding = model.EmbedImages([Render(start, thumb)], cancel)[0];
        graded++;
        double before = Cosine(Subtract(startEmbedding, original), direction);
        double bestScore = Objective(start, startEmbedding);
        var best = start;
        var bestSimilarity = before;

        var mean = free.Select(p => start[p.Index]).ToArray();
        double step = options.Step;
        var random = new Random(StableSeed(prompt));
        for (int g = 0; g < options.Generations; g++)
        {
            cancel.ThrowIfCancellationRequested();
            var candidates = new List<Look>(options.Population);
            for (int k = 0; k < options.Population; k++)
            {
                var values = start.Values.ToArray();
                for (int i = 0; i < free.Count; i++)
                {
                    var p = free[i];
                    double range = p.Max - p.Min;
                    double v = mean[i] + step * range * Gaussian(random);
                    double limit = options.TrustRegion * range;
                    values[p.Index] = p.Clamp(Math.Clamp(v, start[p.Index] - limit, start[p.Index] + limit));
                }
                candidates.Add(start.WithValues(values));
            }
            var embeddings = model.EmbedImages(candidates.Select(c => Render(c, thumb)).ToList(), cancel);
            graded += candidates.Count;
            var scored = candidates.Select((c, k) => (Look: c, Score: Objective(c, embeddings[k]), Embedding: embeddings[k]))
                .OrderByDescending(s => s.Score).ToList();
            if (scored[0].Score > bestScore)
            {
                (best, bestScore) = (scored[0].Look, scored[0].Score);
                bestSimilarity = Cosine(Subtract(scored[0].Embedding, original), direction);
            }
            // The better half, weighted by rank, is the next round's centre.
            int parents = Math.Max(1, scored.Count / 2);
            for (int i = 0; i < free.Count; i++)
            {
                double sum = 0, weights = 0;
                for (int r = 0; r < parents; r++)
                {
                    double w = Math.Log(parents + 0.5) - Math.Log(r + 1);
                    sum += w * scored[r].Look[free[i].Index];
                    weights += w;
                }
                mean[i] = sum / weights;
            }
            step *= options.StepDecay;
        }

        var moved = free.Where(p => best[p.Index] != start[p.Index])
            .ToDictionary(p => p.Name, p => new SliderMove(start[p.Index], best[p.Index]));
        return (best, new RefineReport(before, bestSimilarity, moved, graded, clock.Elapsed.TotalSeconds));
    }

    /// <summary>The sliders the search moves: those the words set, and the basic ones.</summary>
    public static IReadOnlyList<LookParameter> FreeSliders(Look start) =>
        LookParameters.All.Where(p => start[p.Index] != p.Neutral || BasicSliders.Contains(p.Name))
            .Where(p => p.Name != "strength").ToList();

    /// <summary>Mean squared distance from <paramref name="start"/>, each slider in fractions of its range.</summary>
    public static double Distance(Look look, Look start, IReadOnlyList<LookParameter> sliders)
    {
        double sum = 0;
        foreach (var p in sliders)
        {
            double d = (look[p.Index] - start[p.Index]) / (p.Max - p.Min);
            sum += d * d;
        }
        return sliders.Count == 0 ? 0 : sum / sliders.Count;
    }

    /// <summary>The cosine of two vectors; 0 when either is zero (a Look that changes nothing has no direction).</summary>
    public static double Cosine(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"embeddings of different lengths ({a.Length}, {b.Length})");
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    private static float[] Subtract(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"embeddings of different lengths ({a.Length}, {b.Length})");
        var d = new float[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static RgbImage Render(Look look, Thumbnail thumb)
    {
        var graded = LookBaker.Evaluate(look, thumb.Rgb);
        var image = new RgbImage(thumb.Width, thumb.Height, SampleType.Float32);
        var samples = image.Samples<float>();
        for (int i = 0; i < graded.Length; i++) samples[i] = Math.Clamp(graded[i], 0f, 1f);
        return image;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A seed that is the same in every run and process (string.GetHashCode is not).</summary>
    private static int StableSeed(string text)
    {
        uint h = 2166136261;
        foreach (char c in text) h = (h ^ c) * 16777619;
        return (int)(h & 0x7fffffff);
    }
}
