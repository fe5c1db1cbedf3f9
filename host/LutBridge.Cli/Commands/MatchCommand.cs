using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Match;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge match --ref R [--ref R2] [--in IMG] --out L.look`: reference photo(s) → a Look that carries their grade.</summary>
internal static class MatchCommand
{
    public static Command Create()
    {
        var refs = new Option<string[]>("--ref") { Description = "Reference photo whose grade you want (repeat for several photos of one grade)", Required = true, AllowMultipleArgumentsPerToken = false };
        var input = new Option<string?>("--in") { Description = "The photo to grade: the Look is adapted to it (without: a generic Look for the reference's grade)" };
        var output = new Option<string>("--out") { Description = "Look file to write (.look; .cube writes the baked LUT with the Look in a comment)", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the report (moved sliders and why, the statistics compared) as JSON to this file ('-' for stdout)" };
        var amount = RangeOptions.Number(MatchOptions.AmountRange, "How much of the grade to apply (the Look's strength)");
        var graded = new Option<string?>("--graded") { Description = "Also write --in graded by the Look to this image file" };
        var library = new Option<string?>("--library") { Description = "Style library folder (lutbridge library add): also build a style set from the k nearest styles" };
        var k = RangeOptions.Int(StyleSet.KRange, "With --library: how many nearest styles steady the Look");
        var variants = RangeOptions.Int(StyleSet.VariantsRange, "With --library: how many Looks to offer (the steadied one and distinct variants); written as OUT-1.look, OUT-2.look, ...");
        var sheet = new Option<string?>("--contact-sheet") { Description = "With --library: write the variants applied to the photo (--in, else the first reference), labelled, to this image" };
        var command = new Command("match",
            "Make a photo look like a reference: estimate the reference's grade (not its content) and write it as an editable Look. " +
            "The grade is the difference between the reference's colour statistics (OKLab tone quantiles, the cast of its " +
            "near-neutral colours per tone band, chroma spread) and an ungraded photo's; with --in the estimate leans on that " +
            "photo's own statistics. Only smooth sliders move (tone, white balance, split toning, saturation): no posterisation.\n" +
            "Examples:\n  lutbridge match --ref film_look.jpg --in mine.png --out film.look --graded mine_graded.png\n" +
            "  lutbridge match --ref a.jpg --ref b.jpg --out series.look --amount 0.7 --json report.json\n" +
            "  lutbridge match --library ~/styles --ref film_look.jpg --in mine.png --k 3 --variants 4 --out film.look --contact-sheet sheet.png");
        foreach (var o in new Option[] { refs, input, output, json, amount, graded, library, k, variants, sheet }) command.Options.Add(o);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var outPath = pr.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext != ".look" && ext != ".cube") throw new InputException($"{outPath}: --out must end in .look (or .cube for a baked LUT that carries the Look)");
            var gradedPath = pr.GetValue(graded);
            var inPath = pr.GetValue(input);
            if (gradedPath != null && inPath == null) throw new InputException("--graded needs --in (the photo to grade)");
            if (gradedPath != null && !ImageFile.IsImagePath(gradedPath)) throw new InputException($"{gradedPath}: unknown image extension for --graded (use .png, .jpg, .tif)");
            var options = new MatchOptions { Amount = pr.GetValue(amount), Title = Path.GetFileNameWithoutExtension(outPath) };
            options.Validate();
            var references = pr.GetValue(refs)!.Select(ImageFile.Read).ToList();
            var photo = inPath == null ? null : ImageFile.Read(inPath);
            var result = Matcher.Run(references, photo, options);
            DecomposeCommand.WriteLook(outPath, result.Look);
            if (gradedPath != null)
            {
                var floats = MatchMetrics.ApplyLook(result.Look, MatchMetrics.ToFloats(photo!));
                ImageFile.Write(gradedPath, MatchMetrics.FromFloats(floats, photo!.Width, photo.Height));
            }
            IReadOnlyList<StyleVariant>? set = null;
            var libraryDir = pr.GetValue(library);
            var sheetPath = pr.GetValue(sheet);
            if (libraryDir == null && sheetPath != null) throw new InputException("--contact-sheet needs --library (it shows the style set's variants)");
            if (libraryDir != null)
            {
                int kk = StyleSet.KRange.Check(pr.GetValue(k)), vv = StyleSet.VariantsRange.Check(pr.GetValue(variants));
                if (sheetPath != null && !ImageFile.IsImagePath(sheetPath)) throw new InputException($"{sheetPath}: unknown image extension for --contact-sheet");
                var index = Engines.Library.LibraryIndex.Load(libraryDir);
                Console.Error.WriteLine($"building {vv} variant(s) from the {kk} nearest of {index.Items.Count} styles ...");
                set = StyleSet.Build(result.Look, index, kk, vv, CancellationToken.None,
                    photo == null ? null : (Thumbnail.ForGuard(photo), options.Tuning.MinSsim));
                var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath));
                for (int i = 0; i < set.Count; i++)
                {
                    var path = $"{stem}-{i + 1}{ext}";
                    DecomposeCommand.WriteLook(path, set[i].Look.With(LutBridge.Looks.LookParameters.Strength, result.Look[LutBridge.Looks.LookParameters.Strength]));
                    Console.WriteLine($"{path}: variant {i + 1} ({set[i].Label}) from {string.Join(", ", set[i].Sources)}; style distance to the reference {set[i].DistanceToReference:0.0000}");
                }
                if (sheetPath != null)
                {
                    var basis = photo ?? references[0];
                    var thumb = Thumbnail.Of(basis, 480);
                    var tiles = new List<(string, float[])> { ("MATCH", MatchMetrics.ApplyLook(result.Look, thumb.Rgb)) };
                    for (int i = 0; i < set.Count; i++) tiles.Add(($"{i + 1} {set[i].Label}", MatchMetrics.ApplyLook(set[i].Look, thumb.Rgb)));
                    ImageFile.Write(sheetPath, ContactSheet.Compose(tiles, thumb.Width, thumb.Height, columns: tiles.Count <= 4 ? 2 : 3));
                }
            }
            var jsonPath = pr.GetValue(json);
            var report = JsonSerializer.Serialize(new
            {
                result.Report.Bytes, result.Report.Seconds, result.Report.References, result.Report.AdaptedToInput, result.Report.InputSsim,
                result.Report.Moved, result.Report.Reference, result.Report.Prior,
                Variants = set?.Select((v, i) => new { Index = i + 1, v.Label, v.Sources, v.DistanceToReference, Sliders = v.Look.Changed().ToDictionary(c => c.Parameter.Name, c => Math.Round(c.Value, 4)) }),
            }, LookJson.Options);
            if (jsonPath == "-") Console.WriteLine(report);
            else
            {
                if (jsonPath != null) AtomicFile.WriteAllText(jsonPath, report + "\n");
                PrintSummary(outPath, result);
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    internal static void PrintSummary(string outPath, MatchResult result)
    {
        var r = result.Report;
        Console.WriteLine($"{outPath}: {r.Bytes} bytes, {r.References} reference{(r.References == 1 ? "" : "s")}{(r.AdaptedToInput ? ", adapted to the input" : "")}, {r.Seconds:0.000} s");
        if (r.Moved.Count == 0) Console.WriteLine("sliders: all neutral (the reference looks ungraded)");
        foreach (var m in r.Moved)
            Console.WriteLine($"  {m.Name} {m.Value.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture)}: {m.Why}");
    }
}
