using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Prompt;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge library search "WORDS" --library DIR`: library items ranked by how well their sliders match the words.</summary>
[SubcommandOf("library")]
internal static class LibrarySearchCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("words") { Description = "What to look for, in words (English, Russian or Chinese), e.g. \"moody teal\"" };
        var library = new Option<string>("--library") { Description = "Library folder (indexed with 'lutbridge library add'; default: the current folder)", DefaultValueFactory = _ => "." };
        var input = new Option<string?>("--in") { Description = "A photo: the words adapt to it, and with --show each hit is rendered on it" };
        var show = new Option<string?>("--show") { Description = "Folder to write each hit applied to the --in photo (NN_<name>.jpg, at most 800 px wide)" };
        var top = new Option<int>("--top") { Description = "How many items to list", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the hits as JSON" };
        var command = new Command("search",
            "Rank a style library's LUTs, Looks and photo grades by how well their sliders match the words: the words become a " +
            "Look (as 'lutbridge prompt'), and each item scores by moving the same sliders the same way (casts and split tones " +
            "as colour vectors), at least as far, with little else.\n" +
            "Examples:\n  lutbridge library search \"moody teal\" --library ~/styles\n" +
            "  lutbridge library search \"warm faded film\" --library ~/styles --in photo.jpg --show hits/ --top 5");
        command.Arguments.Add(text);
        command.Options.Add(library);
        command.Options.Add(input);
        command.Options.Add(show);
        command.Options.Add(top);
        command.Options.Add(json);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            int k = pr.GetValue(top);
            if (k < 1) throw new InputException($"--top must be at least 1, got {k}");
            var showDir = pr.GetValue(show);
            var inPath = pr.GetValue(input);
            if (showDir is not null && inPath is null) throw new InputException("--show needs a photo to render on (--in IMG)");
            var index = LibraryIndex.Load(pr.GetValue(library)!);
            RgbImage? photo = inPath is null ? null : ImageFile.Read(inPath);
            var clock = Stopwatch.StartNew();
            var words = PromptEngine.Run(pr.GetValue(text)!, photo is null ? null : PhotoStats.From(photo));
            var hits = PromptSearch.Rank(words.Look, index.Items, k);
            double ms = clock.Elapsed.TotalMilliseconds;
            foreach (var w in words.Report.Warnings) Console.Error.WriteLine($"lutbridge: warning: {w}");
            var shown = new List<string>();
            if (showDir is not null && photo is not null)
            {
                Directory.CreateDirectory(showDir);
                var small = Thumbnail(photo, 800);
                for (int i = 0; i < hits.Count; i++)
                {
                    var look = hits[i].Item.Look();
                    if (look is null) continue;
                    var name = $"{i + 1:00}_{Path.GetFileNameWithoutExtension(hits[i].Item.File)}.jpg";
                    ImageFile.Write(Path.Combine(showDir, name), Render(look, small));
                    shown.Add(Path.Combine(showDir, name));
                }
            }
            if (pr.GetValue(json))
            {
                var rows = hits.Select(h => new { h.Item.File, h.Item.Kind, h.Item.Title, Score = Math.Round(h.Score, 4), Agreement = Math.Round(h.Agreement, 4), Coverage = Math.Round(h.Coverage, 4) });
                Console.WriteLine(JsonSerializer.Serialize(new { Words = words.Report.Sliders, Hits = rows, Items = index.Items.Count, Milliseconds = Math.Round(ms, 3), Shown = shown }, PromptCommand.Json));
                return CliApp.ExitOk;
            }
            var table = new Table().AddColumns("#", "score", "kind", "file", "title");
            for (int i = 0; i < hits.Count; i++)
                table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), hits[i].Score.ToString("0.000", CultureInfo.InvariantCulture),
                    Markup.Escape(hits[i].Item.Kind), Markup.Escape(hits[i].Item.File), Markup.Escape(hits[i].Item.Title ?? ""));
            CliApp.TableConsole().Write(table);
            Console.WriteLine($"{hits.Count} of {index.Items.Count} items match; words: " +
                (words.Report.Sliders.Count == 0 ? "no sliders" : string.Join(", ", words.Report.Sliders.Select(s => $"{s.Key} {s.Value.ToString("0.###", CultureInfo.InvariantCulture)}"))) +
                $"; {ms:0.0} ms");
            foreach (var s in shown) Console.WriteLine($"  {s}");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static RgbImage Thumbnail(RgbImage image, int maxWidth)
    {
        var f = ImageConvert.ToType(image, SampleType.Float32);
        int step = Math.Max(1, (image.Width + maxWidth - 1) / maxWidth);
        var small = new RgbImage(Math.Max(1, image.Width / step), Math.Max(1, image.Height / step), SampleType.Float32);
        var src = f.Samples<float>();
        var dst = small.Samples<float>();
        for (int y = 0; y < small.Height; y++)
            for (int x = 0; x < small.Width; x++)
                for (int c = 0; c < 3; c++)
                    dst[3 * (y * small.Width + x) + c] = src[3 * (y * step * image.Width + x * step) + c];
        return small;
    }

    private static RgbImage Render(Look look, RgbImage small)
    {
        var output = LookBaker.Evaluate(look, small.Samples<float>());
        var result = new RgbImage(small.Width, small.Height, SampleType.Float32);
        output.CopyTo(result.Samples<float>());
        return ImageConvert.ToType(result, SampleType.UInt8);
    }
}
