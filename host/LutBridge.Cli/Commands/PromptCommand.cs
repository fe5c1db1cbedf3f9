using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.IO;
using LutBridge.Engines.Prompt;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge prompt "TEXT" --out L.look`: words → Look, instantly and without a model.</summary>
internal static class PromptCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "The look in words (English, Russian or Chinese), e.g. \"warm faded film, teal shadows\"" };
        var output = new Option<string?>("--out") { Description = "Look file to write (.look; .cube writes the baked LUT with the Look in a comment)" };
        var input = new Option<string?>("--in") { Description = "A photo to adapt to: \"brighter\" by what it needs, white balance relative to its cast" };
        var json = new Option<string?>("--json") { Description = "Write the report (seconds, phrases, the sliders each one set, warnings) as JSON to this file ('-' for stdout)" };
        var explain = new Option<bool>("--explain") { Description = "Print what each phrase was read as and the sliders it moved" };
        var strip = new Option<string?>("--strip") { Description = "Write a preview strip (grey ramp, hue sweeps, skin tones: before above, after below) to this image" };
        var refine = new Option<bool>("--refine") { Description = "Then nudge the sliders toward the words with an installed image–text model pair (CLIP-class; 'lutbridge models add'), scored on --in's photo, else on a colour chart" };
        var imageModel = new Option<string?>("--image-model") { Description = "--refine: the image-embedding model to use (default: the first installed)" };
        var textModel = new Option<string?>("--text-model") { Description = "--refine: the text-embedding model to use (default: the first installed)" };
        var library = new Option<string?>("--library") { Description = "A style library (lutbridge library add): a film stock named in the words takes the Look of a library file named after it (e.g. kodak_portra_400.cube)" };
        var command = new Command("prompt",
            "Turn words into an editable Look, in milliseconds and the same every time: tone (brighter, more contrast, lifted " +
            "blacks, matte, high key), colour (warmer, teal shadows, orange skin, greener foliage, any of ~31,000 colour names), " +
            "moods and genres (moody, cinematic, vintage, golden hour, bleach bypass, cyberpunk, sepia, black and white), film stocks " +
            "(Portra, Velvia, Tri-X…), with intensity (slightly, very), negation and limits (not too saturated, warm but not orange).\n" +
            "Examples:\n  lutbridge prompt \"warm faded film, teal shadows\" --out warm.look --explain\n" +
            "  lutbridge prompt \"чуть теплее, бирюзовые тени\" --out ru.cube --strip ru.png\n" +
            "  lutbridge prompt \"暖一点，高对比度\" --in photo.jpg --out zh.look --json report.json\n" +
            "  lutbridge prompt \"golden hour\" --in photo.jpg --refine --out golden.look --explain   (with a CLIP pair installed)");
        command.Arguments.Add(text);
        command.Options.Add(output);
        command.Options.Add(input);
        command.Options.Add(json);
        command.Options.Add(explain);
        command.Options.Add(strip);
        command.Options.Add(library);
        command.Options.Add(refine);
        command.Options.Add(imageModel);
        command.Options.Add(textModel);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var outPath = pr.GetValue(output);
            var stripPath = pr.GetValue(strip);
            var jsonPath = pr.GetValue(json);
            if (outPath is not null)
            {
                var ext = Path.GetExtension(outPath).ToLowerInvariant();
                if (ext != ".look" && ext != ".cube") throw new InputException($"{outPath}: --out must end in .look (or .cube for a baked LUT that carries the Look)");
            }
            if (stripPath is not null && !ImageFile.IsImagePath(stripPath)) throw new InputException($"{stripPath}: unknown image extension for --strip (use .png, .jpg or .tif)");
            if (!pr.GetValue(refine) && (pr.GetValue(imageModel) ?? pr.GetValue(textModel)) is not null)
                throw new InputException("--image-model and --text-model go with --refine");
            var image = pr.GetValue(input) is { } inPath ? ImageFile.Read(inPath) : null;
            PhotoStats? photo = image is null ? null : PhotoStats.From(image);

            var stocks = pr.GetValue(library) is { } dir ? PromptSearch.StocksFrom(Engines.Library.LibraryIndex.Load(dir).Items) : null;
            var result = PromptEngine.Run(pr.GetValue(text)!, photo, stocks);
            if (pr.GetValue(refine)) result = Refine(result, image, pr.GetValue(imageModel), pr.GetValue(textModel));
            if (outPath is not null) DecomposeCommand.WriteLook(outPath, result.Look);
            if (stripPath is not null) ImageFile.Write(stripPath, PreviewStrip.Render(result.Look));
            var report = JsonSerializer.Serialize(result.Report, Json);
            if (jsonPath == "-") Console.WriteLine(report);
            else if (jsonPath is not null) AtomicFile.WriteAllText(jsonPath, report + "\n");
            foreach (var w in result.Report.Warnings) Console.Error.WriteLine($"lutbridge: warning: {w}");
            if (jsonPath != "-")
            {
                if (pr.GetValue(explain) || (outPath is null && jsonPath is null)) Explain(result.Report);
                Console.WriteLine($"{outPath ?? "(not written: no --out)"}: {result.Look.Changed().Count()} sliders moved, {result.Report.Seconds * 1000:0.0} ms");
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>The vocabulary Look refined by the installed image–text pair (PromptRefiner).</summary>
    private static PromptResult Refine(PromptResult result, RgbImage? photo, string? imageModel, string? textModel)
    {
        using var model = ModelImageTextEmbedder.Open(ModelsCommand.Store(), imageModel, textModel);
        var (look, refinement) = PromptRefiner.Refine(result.Look, result.Report.Prompt, photo ?? PreviewStrip.Render(Looks.Look.Neutral), model);
        var report = result.Report with
        {
            Refinement = refinement with { ImageModel = model.ImageModel, TextModel = model.TextModel },
            Sliders = look.Changed().ToDictionary(c => c.Parameter.Name, c => c.Value),
        };
        return new PromptResult(look, report);
    }

    /// <summary>The Look commands' JSON settings, with Russian and Chinese written as themselves rather than \u escapes.</summary>
    internal static readonly JsonSerializerOptions Json = new(LookJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static void Explain(PromptReport report)
    {
        foreach (var p in report.Phrases)
        {
            var sliders = string.Join(", ", p.Sliders.Select(s => $"{s.Key} {s.Value.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture)}"));
            var where = p.Region == "global" ? "" : $" in {p.Region}";
            var how = p.Role == "adds" ? $"×{p.Intensity.ToString("0.##", CultureInfo.InvariantCulture)}" : p.Role;
            Console.WriteLine($"  \"{p.Text}\" → {p.Meaning}{where} ({how}): {(sliders.Length == 0 ? "nothing to change" : sliders)}");
        }
        if (report.Refinement is { } r)
            Console.WriteLine($"refined by {r.ImageModel} + {r.TextModel}: similarity {r.ScoreBefore:0.000} → {r.ScoreAfter:0.000} " +
                              $"({r.GradedImages} graded images, {r.Seconds * 1000:0} ms)" +
                              (r.Moved.Count == 0 ? ", nothing moved" : ": " + string.Join(", ", r.Moved.Select(m =>
                                  $"{m.Key} {m.Value.From.ToString("0.###", CultureInfo.InvariantCulture)} → {m.Value.To.ToString("0.###", CultureInfo.InvariantCulture)}"))));
        Console.WriteLine("sliders: " + (report.Sliders.Count == 0 ? "all neutral"
            : string.Join(", ", report.Sliders.Select(s => $"{s.Key} {s.Value.ToString("0.###", CultureInfo.InvariantCulture)}"))));
    }
}
