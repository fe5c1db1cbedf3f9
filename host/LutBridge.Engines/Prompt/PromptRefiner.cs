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

/// <summary>How refinement searches: <see cref="Probe"/> (the default) or the first session's evolution strategy.</summary>
public enum RefineSearch
{
    /// <summary>
    /// One batch probes each of the few sliders the words touched (forward differences give how
    /// the embedding answers each), the best move under that linear answer is solved for in memory,
    /// and a second batch grades it at three lengths: 2 + probes + 3 images.
    /// </summary>
    Probe,
    /// <summary>The first session's search: rounds of random candidates around a moving centre (2 + 3 × 8 images).</summary>
    Evolution,
}

public sealed record RefineOptions
{
    public static RefineOptions Default { get; } = new();

    public RefineSearch Search { get; init; } = RefineSearch.Probe;
    /// <summary>Probe search: at most this many sliders probed (the words' largest moves first, then the basic ones).</summary>
    public int Probes { get; init; } = 5;
    /// <summary>Probe search: the probe step, as a fraction of each slider's range.</summary>
    public double ProbeStep { get; init; } = 0.05;
    /// <summary>Probe search: the smallest similarity gain the probes must predict for the candidates to be graded.</summary>
    public double MinGain { get; init; } = 0.005;
    /// <summary>Evolution search: rounds, each one batch of <see cref="Population"/> graded images.</summary>
    public int Generations { get; init; } = 3;
    public int Population { get; init; } = 8;
    /// <summary>Evolution search: first step, as a fraction of each slider's range; it shrinks by <see cref="StepDecay"/> a round.</summary>
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
/// pull back to the vocabulary values. Every model run costs (a CLIP ViT-B/32 image is ~4.4 GMAC),
/// so the default search grades few images in two batches (<see cref="RefineSearch.Probe"/>);
/// both searches are deterministic, so the same words on the same photo give the same Look.
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
        var scorer = new Scorer(start, Thumbnail.Of(photo, options.ProxySide),
            Subtract(model.EmbedText(prompt), model.EmbedText(options.NeutralText)), FreeSliders(start), options, model, cancel);
        var (best, bestSimilarity) = options.Search == RefineSearch.Probe
            ? ProbeSearch(scorer, options)
            : EvolutionSearch(scorer, options, StableSeed(prompt));
        var moved = scorer.Free.Where(p => best[p.Index] != start[p.Index])
            .ToDictionary(p => p.Name, p => new SliderMove(start[p.Index], best[p.Index]));
        return (best, new RefineReport(scorer.Before, bestSimilarity, moved, scorer.Graded, clock.Elapsed.TotalSeconds));
    }

    /// <summary>What every search needs: the photo, the text direction, the objective and a count of graded images.</summary>
    private sealed class Scorer(Look start, Thumbnail thumb, float[] direction, IReadOnlyList<LookParameter> free,
        RefineOptions options, IImageTextEmbedder model, CancellationToken cancel)
    {
        public Look Start { get; } = start;
        public IReadOnlyList<LookParameter> Free { get; } = free;
        public int Graded { get; private set; }
        public float[] Original { get; private set; } = [];
        public float[] StartEmbedding { get; private set; } = [];
        public double Before { get; private set; }

        /// <summary>Embeds the Looks on the photo in one call; the first call also embeds the ungraded photo and the start.</summary>
        public float[][] Embed(IReadOnlyList<Look> looks)
        {
            cancel.ThrowIfCancellationRequested();
            bool first = Original.Length == 0;
            // The ungraded photo and the start ride in the first batch (one image when the start is neutral).
            Look[] extra = !first ? [] : Start.Values.SequenceEqual(Look.Neutral.Values) ? [Look.Neutral] : [Look.Neutral, Start];
            var all = extra.Concat(looks).ToList();
            var embeddings = model.EmbedImages(all.Select(l => Render(l, thumb)).ToList(), cancel);
            Graded += all.Count;
            if (first)
            {
                Original = embeddings[0];
                StartEmbedding = embeddings[extra.Length - 1];
                Before = Similarity(StartEmbedding);
            }
            return embeddings.Skip(extra.Length).ToArray();
        }

        public double Similarity(float[] embedding) => Cosine(Subtract(embedding, Original), direction);

        public double Objective(Look look, float[] embedding) =>
            Similarity(embedding) - options.Closeness * Distance(look, Start, Free);

        /// <summary>The similarity with a predicted embedding change from the start instead of a graded image.</summary>
        public double PredictedSimilarity(ReadOnlySpan<double> change)
        {
            double dot = 0, norm = 0, dirNorm = 0;
            for (int i = 0; i < direction.Length; i++)
            {
                double d = StartEmbedding[i] - Original[i] + change[i];
                dot += d * direction[i];
                norm += d * d;
                dirNorm += (double)direction[i] * direction[i];
            }
            return norm == 0 || dirNorm == 0 ? 0 : dot / Math.Sqrt(norm * dirNorm);
        }
    }

    /// <summary>
    /// Probes each chosen slider by a small step (one batch, with the photo and the start), takes
    /// the embedding's answers as linear, finds the best move inside the trust region under that
    /// model (a compass search in memory: no model runs), and grades that move at full, half and
    /// quarter length (a second batch). The start stays when none beats it.
    /// </summary>
    private static (Look, double) ProbeSearch(Scorer s, RefineOptions options)
    {
        var start = s.Start;
        var probed = ProbeSliders(start, s.Free, options.Probes);
        var steps = new double[probed.Count];
        var probes = new List<Look>(probed.Count);
        for (int i = 0; i < probed.Count; i++)
        {
            var p = probed[i];
            double range = p.Max - p.Min, up = p.Clamp(start[p.Index] + options.ProbeStep * range);
            // Step down when the slider sits at its top.
            double to = up != start[p.Index] ? up : p.Clamp(start[p.Index] - options.ProbeStep * range);
            steps[i] = (to - start[p.Index]) / range;
            probes.Add(start.With(p.Name, to));
        }
        var answers = s.Embed(probes);
        double bestScore = s.Objective(start, s.StartEmbedding), bestSimilarity = s.Before;
        if (probed.Count == 0) return (start, bestSimilarity);
        int d = s.StartEmbedding.Length;
        // Column i: the embedding's change per unit move of slider i (in range fractions).
        var slopes = new double[probed.Count][];
        for (int i = 0; i < probed.Count; i++)
        {
            slopes[i] = new double[d];
            if (steps[i] == 0) continue;
            for (int k = 0; k < d; k++) slopes[i][k] = (answers[i][k] - s.StartEmbedding[k]) / steps[i];
        }
        var (low, high) = (new double[probed.Count], new double[probed.Count]);
        for (int i = 0; i < probed.Count; i++)
        {
            var p = probed[i];
            double range = p.Max - p.Min;
            low[i] = Math.Max(-options.TrustRegion, (p.Min - start[p.Index]) / range);
            high[i] = Math.Min(options.TrustRegion, (p.Max - start[p.Index]) / range);
        }
        var change = new double[d];
        double Predict(double[] z)
        {
            Array.Clear(change);
            for (int i = 0; i < z.Length; i++)
            {
                if (z[i] == 0) continue;
                for (int k = 0; k < d; k++) change[k] += z[i] * slopes[i][k];
            }
            return s.PredictedSimilarity(change);
        }
        // The similarity is a cosine, blind to how far the sliders go, so the linear model gives
        // only the direction; the graded candidates at three lengths along it then settle the
        // distance with the pull back to the words' values.
        var move = CompassSearch(Predict, low, high);
        double longest = double.PositiveInfinity;
        for (int i = 0; i < move.Length; i++)
            if (move[i] != 0) longest = Math.Min(longest, (move[i] > 0 ? high[i] : low[i]) / move[i]);
        // Stalled: when the probes promise less than MinGain, the second batch is not worth its run.
        if (double.IsInfinity(longest) || Predict(move) < bestSimilarity + options.MinGain) return (start, bestSimilarity);

        Look Moved(double fraction)
        {
            var values = start.Values.ToArray();
            for (int i = 0; i < probed.Count; i++)
            {
                var p = probed[i];
                values[p.Index] = p.Clamp(start[p.Index] + fraction * longest * move[i] * (p.Max - p.Min));
            }
            return start.WithValues(values);
        }
        var candidates = new[] { Moved(1), Moved(0.5), Moved(0.25) };
        var graded = s.Embed(candidates);
        var best = start;
        for (int c = 0; c < candidates.Length; c++)
        {
            double score = s.Objective(candidates[c], graded[c]);
            if (score > bestScore) (best, bestScore, bestSimilarity) = (candidates[c], score, s.Similarity(graded[c]));
        }
        return (best, bestSimilarity);
    }

    /// <summary>
    /// The sliders the probe search moves: those the words set, largest moves (in range fractions)
    /// first, then the basic ones, at most <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyList<LookParameter> ProbeSliders(Look start, IReadOnlyList<LookParameter> free, int count) =>
        free.Where(p => start[p.Index] != p.Neutral)
            .OrderByDescending(p => Math.Abs(start[p.Index] - p.Neutral) / (p.Max - p.Min)).ThenBy(p => p.Index)
            .Concat(BasicSliders.Select(name => free.FirstOrDefault(p => p.Name == name)).OfType<LookParameter>())
            .Distinct().Take(count).ToList();

    /// <summary>
    /// Maximises <paramref name="f"/> over the box [low, high] from 0: try ± a step on each
    /// coordinate, keep what improves, halve the step when nothing does. Cheap, deterministic.
    /// </summary>
    public static double[] CompassSearch(Func<double[], double> f, double[] low, double[] high)
    {
        var z = new double[low.Length];
        double best = f(z), step = 0.05;
        for (int iteration = 0; step > 1e-4 && iteration < 10_000; iteration++)
        {
            bool improved = false;
            for (int i = 0; i < z.Length; i++)
                foreach (var sign in (ReadOnlySpan<double>)[1, -1])
                {
                    double old = z[i];
                    z[i] = Math.Clamp(old + sign * step, low[i], high[i]);
                    double score = z[i] == old ? best : f(z);
                    if (score > best + 1e-12)
                    {
                        best = score;
                        improved = true;
                    }
                    else z[i] = old;
                }
            if (!improved) step /= 2;
        }
        return z;
    }

    /// <summary>The first session's search: a small evolution strategy with a fixed seed from the prompt.</summary>
    private static (Look, double) EvolutionSearch(Scorer s, RefineOptions options, int seed)
    {
        var start = s.Start;
        var free = s.Free;
        var random = new Random(seed);
        var mean = free.Select(p => start[p.Index]).ToArray();
        double step = options.Step;
        var best = start;
        double bestScore = double.NegativeInfinity, bestSimilarity = 0;
        for (int g = 0; g < options.Generations; g++)
        {
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
            var embeddings = s.Embed(candidates);
            if (g == 0) (bestScore, bestSimilarity) = (s.Objective(start, s.StartEmbedding), s.Before);
            var scored = candidates.Select((c, k) => (Look: c, Score: s.Objective(c, embeddings[k]), Embedding: embeddings[k]))
                .OrderByDescending(x => x.Score).ToList();
            if (scored[0].Score > bestScore)
            {
                (best, bestScore) = (scored[0].Look, scored[0].Score);
                bestSimilarity = s.Similarity(scored[0].Embedding);
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
        return (best, bestSimilarity);
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
