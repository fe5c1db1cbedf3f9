using System.CommandLine;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Core.IO;
using LutBridge.Engines.Distil;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge distil --before B --after A --out L.look`: a before/after pair → a Look.</summary>
internal static class DistilCommand
{
    public static Command Create()
    {
        var before = new Option<string?>("--before") { Description = "The image before the edit (.png .jpg .tif)" };
        var after = new Option<string>("--after") { Description = "The same photo after the edit; it may be cropped, rescaled, shifted or slightly warped" };
        var output = new Option<string>("--out") { Description = "Look file to write (.look; .cube writes the baked LUT with the Look in a comment)", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file ('-' for stdout)" };
        var align = new Option<string>("--align") { Description = "auto (check whether the pair lines up, register it when not), none (trust pixel positions), register (always register)", DefaultValueFactory = _ => "auto" };
        var margin = RangeOptions.OptionalNumber(DistilOptions.MarginRange,
            $"Mean ΔE00 the Look may be above the dense 33³ reference on the pair's colours (smaller: larger Look; default {DistilOptions.MarginRange.Default}, with --edit {EditDistiller.MarginRange.Default})");
        var slidersOnly = new Option<bool>("--sliders-only") { Description = "Fit the named sliders only (no residual lattice)" };
        var title = new Option<string?>("--title") { Description = "Title stored in the Look (default: the after image's or the edit's name)" };
        var edit = new Option<string?>("--edit")
        {
            Description = "Instead of a pair: an editor's own edit, a darktable style (.dtstyle) or sidecar (.xmp) or a RawTherapee profile (.pp3). " +
                          "The editor's command-line tool renders a colour chart and two photos with it; the Look is fitted to those renders",
            HelpName = "FILE",
        };
        var editor = new Option<string?>("--editor") { Description = "Whose edit --edit is: darktable or rawtherapee (default: from the extension)" };
        var checkPhoto = new Option<string?>("--check-photo")
        {
            Description = "With --edit: the photo the Look is checked on against the editor's own render of it (held out of the fit; default: a bundled photo)",
            HelpName = "IMAGE",
        };
        var patchModel = new Option<string?>("--patch-model")
        {
            Description = "An installed patch-features model (task patch-features, DINOv2-class; see 'lutbridge models') whose patch matches " +
                          "guide the correspondences of a misaligned pair. Without it, or when it finds too little, the model-free matching is used",
            HelpName = "NAME",
        };
        var command = new Command("distil",
            "Learn a Look from a before/after pair: the colours of the 'after' image as a function of the 'before' image's colours, " +
            "as named sliders plus a small residual (the same Look decompose makes from a LUT). The pair may be pixel-aligned " +
            "(an export before and after an edit) or not (a crop, a rotation, a generated or retouched 'after' with changed regions): " +
            "then correspondences are found first and changed regions are left out. Colours the pair never shows follow the sliders. " +
            "Prints what it found and how well the Look reproduces the pair, next to a dense 33³ lattice fitted to the same pixels.\n" +
            "With --edit instead of a pair, the Look reproduces an editor's own edit (\"export my edit as a LUT\"): darktable-cli or " +
            "rawtherapee-cli renders a chart of 17³ flat colour patches and a photo with the edit, the Look is fitted to what comes back, " +
            "and is checked on a photo the fit never saw (mean ΔE00 against the editor's render; what a 33³ lattice fitted to that photo's own " +
            "render still misses is the part of the edit no colour mapping reproduces: sharpening, local contrast, vignetting). Modules that move pixels " +
            "(crop, rotation, lens correction) and a raw's camera stage are left out and listed.\n" +
            "Examples:\n  lutbridge distil --before raw_export.png --after graded.png --out graded.look\n" +
            "  lutbridge distil --before photo.jpg --after generated.png --out style.look --json report.json\n" +
            "  lutbridge distil --edit 'my film.dtstyle' --out film.look\n" +
            "  lutbridge distil --edit DSC_0042.NEF.xmp --out edit.look --check-photo DSC_0042.jpg\n" +
            "  lutbridge distil --edit portrait.pp3 --out portrait.look --json report.json");
        command.Options.Add(before);
        command.Options.Add(after);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(align);
        command.Options.Add(margin);
        command.Options.Add(slidersOnly);
        command.Options.Add(title);
        command.Options.Add(edit);
        command.Options.Add(editor);
        command.Options.Add(checkPhoto);
        command.Options.Add(patchModel);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var outPath = pr.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext != ".look" && ext != ".cube") throw new InputException($"{outPath}: --out must end in .look (or .cube for a baked LUT that carries the Look)");
            var editPath = pr.GetValue(edit);
            if (editPath != null && (pr.GetValue(before) != null || pr.GetValue(after) != null))
                throw new InputException("--edit FILE replaces --before/--after: give one or the other");
            if (editPath != null && pr.GetValue(patchModel) != null) throw new InputException("--patch-model goes with --before/--after (an edit's renders line up)");
            if (editPath != null) return RunEdit(editPath, outPath, pr.GetValue(editor), pr.GetValue(checkPhoto), pr.GetValue(json),
                new DistilOptions { MeanDeltaEMargin = pr.GetValue(margin) ?? EditDistiller.MarginRange.Default, AllowResidual = !pr.GetValue(slidersOnly),
                    Title = pr.GetValue(title) ?? Path.GetFileNameWithoutExtension(editPath) });
            if (pr.GetValue(editor) != null || pr.GetValue(checkPhoto) != null) throw new InputException("--editor and --check-photo go with --edit FILE");

            var beforePath = pr.GetValue(before) ?? throw new InputException("distil needs --before IMAGE --after IMAGE, or --edit FILE");
            var afterPath = pr.GetValue(after) ?? throw new InputException("distil needs --after IMAGE");
            var options = new DistilOptions
            {
                Alignment = ParseAlign(pr.GetValue(align)!),
                MeanDeltaEMargin = pr.GetValue(margin) ?? DistilOptions.MarginRange.Default,
                AllowResidual = !pr.GetValue(slidersOnly),
                Title = pr.GetValue(title) ?? Path.GetFileNameWithoutExtension(afterPath),
                // The fit's diagnostics, for tuning; the engine itself never prints.
                Trace = Environment.GetEnvironmentVariable("LUTBRIDGE_DISTIL_DEBUG") == "1" ? Console.Error.WriteLine : null,
            };
            options.Validate();
            var b = ImageFile.Read(beforePath);
            var a = ImageFile.Read(afterPath);
            using var patches = pr.GetValue(patchModel) is { } modelName ? ModelPatchFeatures.Open(modelName) : null;
            options = options with { PatchFeatures = patches };
            var result = RunWithProgress(console => Distiller.Run(b, a, options, console, CancellationToken.None));
            DecomposeCommand.WriteLook(outPath, result.Look);
            var jsonPath = pr.GetValue(json);
            var reportJson = JsonSerializer.Serialize(result.Report, LookJson.Options);
            if (jsonPath == "-") Console.WriteLine(reportJson);
            else
            {
                if (jsonPath != null) AtomicFile.WriteAllText(jsonPath, reportJson + "\n");
                PrintSummary(outPath, result);
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static int RunEdit(string editPath, string outPath, string? editor, string? checkPath, string? jsonPath, DistilOptions options)
    {
        options.Validate();
        var render = EditSources.Open(editPath, editor);
        (Core.Imaging.RgbImage, string)? check = checkPath == null ? null : (ImageFile.Read(checkPath), checkPath);
        EditDistilResult? result = null;
        RunWithProgress(console =>
        {
            result = EditDistiller.Run(render, check, options, console, CancellationToken.None);
            return new DistilResult(result.Look, result.Report);
        });
        DecomposeCommand.WriteLook(outPath, result!.Look);
        var reportJson = JsonSerializer.Serialize(result.Report, LookJson.Options);
        if (jsonPath == "-")
        {
            Console.WriteLine(reportJson);
            return CliApp.ExitOk;
        }
        if (jsonPath != null) AtomicFile.WriteAllText(jsonPath, reportJson + "\n");
        var r = result.Report;
        var e = result.Edit;
        Console.WriteLine($"{outPath}: {r.SizeBytes} bytes, residual {(r.ResidualSize == 0 ? "none" : $"{r.ResidualSize}³")}, {r.Seconds:0.00} s ({e.RenderSeconds:0.00} s in {e.Editor})");
        Console.WriteLine($"fitted on {e.ChartColours} chart colours and {e.FitPixels} photo pixels as {e.Editor} renders them: PSNR {r.PsnrDb:0.00} dB, mean ΔE00 {r.De2000Mean:0.00} (dense 33³ {r.DensePsnrDb:0.00} dB)");
        Console.WriteLine($"held-out photo ({e.CheckPhoto}): the edit moves it by mean ΔE00 {e.EditDe2000Mean:0.00}; the Look matches {e.Editor}'s render within mean ΔE00 {e.CheckDe2000Mean:0.00} " +
            $"(p99 {e.CheckDe2000P99:0.00}, PSNR {e.CheckPsnrDb:0.00} dB); not a colour mapping (what a 33³ lattice fitted to that photo itself misses): {e.NotColourMappingDe2000Mean:0.00}");
        if (e.LeftOut.Count > 0) Console.WriteLine($"left out (not a colour mapping): {string.Join(", ", e.LeftOut)}");
        var moved = result.Look.Changed().ToList();
        Console.WriteLine(moved.Count == 0 ? "sliders: all neutral" : "sliders: " + string.Join(", ", moved.Select(m => $"{m.Parameter.Name} {ShowCommand.Format(m.Parameter, m.Value)}")));
        return CliApp.ExitOk;
    }

    internal static AlignmentMode ParseAlign(string text) => text switch
    {
        "auto" => AlignmentMode.Auto,
        "none" => AlignmentMode.None,
        "register" => AlignmentMode.Register,
        _ => throw new InputException($"--align must be auto, none or register, got '{text}'"),
    };

    internal static DistilResult RunWithProgress(Func<IProgress<DistilProgress>?, DistilResult> run)
    {
        if (Console.IsErrorRedirected)
        {
            // Plain lines on a redirected stderr: the stage whenever it changes.
            string? last = null;
            return run(new SyncProgress<DistilProgress>(p =>
            {
                if (p.Stage != last) Console.Error.WriteLine($"distil: {p.Stage}");
                last = p.Stage;
            }));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        DistilResult? result = null;
        console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("distil", maxValue: 1);
            result = run(new SyncProgress<DistilProgress>(p =>
            {
                task.Value = p.Fraction;
                task.Description = p.Stage;
            }));
        });
        return result!;
    }

    private static void PrintSummary(string outPath, DistilResult result)
    {
        var r = result.Report;
        var al = r.Alignment;
        Console.WriteLine($"{outPath}: {r.SizeBytes} bytes, residual {(r.ResidualSize == 0 ? "none" : $"{r.ResidualSize}³")}, {r.Seconds:0.00} s");
        Console.WriteLine($"alignment: {al.Kind}" + (al.Kind == "none" ? "" : $" ({al.Inliers} inlier matches of {al.Features}, {al.ChangedFraction:P0} of the overlap left out as changed)")
            + $"; matched {r.MatchedFraction:P0} of the pixels; the pair covers {r.Coverage:P1} of the colour cube");
        if (al.Patches is { } p)
            Console.WriteLine($"patch features ({p.Model}): {p.Matches} mutual patch matches, {p.Inliers} fit the coarse homography; global model: {p.Used}");
        Console.WriteLine($"on the matched pixels: PSNR {r.PsnrDb:0.00} dB, mean ΔE00 {r.De2000Mean:0.00}; dense 33³ reference {r.DensePsnrDb:0.00} dB ({r.DenseDe2000Mean:0.00}); sliders alone {r.SlidersOnlyPsnrDb:0.00} dB");
        var moved = result.Look.Changed().ToList();
        Console.WriteLine(moved.Count == 0 ? "sliders: all neutral" : "sliders: " + string.Join(", ", moved.Select(m => $"{m.Parameter.Name} {ShowCommand.Format(m.Parameter, m.Value)}")));
    }
}
