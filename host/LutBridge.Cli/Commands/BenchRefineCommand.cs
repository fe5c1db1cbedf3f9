using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Prompt;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge bench refine`: seconds per prompt refinement with an installed image–text pair,
/// cold (the models opened and checked, then the first refinement) and warm (the models kept, as
/// a host keeps its sessions), for the probe search and, as the peer, the evolution strategy.
/// </summary>
internal static class BenchRefineCommand
{
    private static readonly string[] DefaultPrompts =
    [
        "warm faded film, teal shadows", "cooler and brighter", "moody cinematic", "golden hour",
        "bleach bypass", "vivid sunset, warm highlights", "muted pastel", "greener foliage",
    ];

    public static Command Create()
    {
        var imageModel = new Option<string?>("--image-model") { Description = "installed image-embedding model (default: the first installed)" };
        var textModel = new Option<string?>("--text-model") { Description = "installed text-embedding model (default: the first installed)" };
        var input = new Option<string?>("--in") { Description = "photo to refine on (default: the bundled samples/photos/skimage_coffee.png)" };
        var prompts = new Option<string[]>("--prompt") { Description = "prompts to time (default: eight mixed ones)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("refine",
            "Time prompt refinement (prompt --refine) with an installed image–text model pair: cold (open and check the models, " +
            "then refine the first prompt) and warm per prompt (models kept open, as a host keeps them; the neutral text's " +
            "embedding kept, each prompt's own text run timed), for the probe search and the evolution strategy as the peer.\n" +
            "Example: bash tests/bench/prompt-refine.sh (generates a CLIP ViT-B/32-shaped pair and runs this)")
        { imageModel, textModel, input, prompts };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var photoPath = pr.GetValue(input) ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "samples", "photos", "skimage_coffee.png");
            if (!File.Exists(photoPath)) throw new InputException($"{photoPath}: no such photo");
            var texts = pr.GetValue(prompts) is { Length: > 0 } given ? given : DefaultPrompts;
            var clock = Stopwatch.StartNew();
            var photo = ImageFile.Read(photoPath);
            var stats = PhotoStats.From(photo);
            var words = texts.Select(t => PromptEngine.Run(t, stats).Look).ToArray();
            double read = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using var model = ModelImageTextEmbedder.Open(ModelsCommand.Store(), pr.GetValue(imageModel), pr.GetValue(textModel));
            double open = clock.Elapsed.TotalSeconds;
            var first = PromptRefiner.Refine(words[0], texts[0], photo, model).Report;
            double cold = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"models {model.ImageModel} + {model.TextModel}; photo {Path.GetFileName(photoPath)} {photo.Width}x{photo.Height} (read and words: {read:0.00} s)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cold (open + check the models {open:0.00} s, then refine \"{texts[0]}\"): {cold:0.00} s, {first.GradedImages} images"));
            var neutral = RefineOptions.Default.NeutralText;
            foreach (var search in new[] { RefineSearch.Probe, RefineSearch.Evolution })
            {
                var options = RefineOptions.Default with { Search = search };
                var seconds = new List<double>();
                var timed = new TimedEmbedder(model);
                int images = 0;
                double gain = 0;
                for (int i = 0; i < texts.Length; i++)
                {
                    model.ForgetTexts(neutral);
                    var (_, report) = PromptRefiner.Refine(words[i], texts[i], photo, timed, options);
                    seconds.Add(report.Seconds);
                    images += report.GradedImages;
                    gain += report.ScoreAfter - report.ScoreBefore;
                }
                var sorted = seconds.Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warm {search.ToString().ToLowerInvariant(),-9}: median {sorted[sorted.Count / 2]:0.000} s, max {sorted[^1]:0.000} s per refinement " +
                    $"({(double)images / texts.Length:0.0} images each; mean similarity gain {gain / texts.Length:0.000}, random weights: not a quality measure)"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  mean per refinement: image model runs {timed.ImageSeconds / texts.Length:0.000} s, text {timed.TextSeconds / texts.Length:0.000} s, " +
                    $"the rest (thumbnail, grading the candidates, search) {(seconds.Sum() - timed.ImageSeconds - timed.TextSeconds) / texts.Length:0.000} s"));
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>The pair with a clock on each call: where a refinement's time goes.</summary>
    private sealed class TimedEmbedder(IImageTextEmbedder inner) : IImageTextEmbedder
    {
        public double ImageSeconds { get; private set; }
        public double TextSeconds { get; private set; }

        public float[] EmbedText(string text)
        {
            long t = Stopwatch.GetTimestamp();
            var e = inner.EmbedText(text);
            TextSeconds += Stopwatch.GetElapsedTime(t).TotalSeconds;
            return e;
        }

        public float[][] EmbedImages(IReadOnlyList<RgbImage> images, CancellationToken cancel)
        {
            long t = Stopwatch.GetTimestamp();
            var e = inner.EmbedImages(images, cancel);
            ImageSeconds += Stopwatch.GetElapsedTime(t).TotalSeconds;
            return e;
        }
    }
}
