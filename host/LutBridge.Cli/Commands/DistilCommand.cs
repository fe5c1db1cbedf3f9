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
        var before = new Option<string>("--before") { Description = "The image before the edit (.png .jpg .tif)", Required = true };
        var after = new Option<string>("--after") { Description = "The same photo after the edit; it may be cropped, rescaled, shifted or slightly warped" };
        var output = new Option<string>("--out") { Description = "Look file to write (.look; .cube writes the baked LUT with the Look in a comment)", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file ('-' for stdout)" };
        var align = new Option<string>("--align") { Description = "auto (check whether the pair lines up, register it when not), none (trust pixel positions), register (always register)", DefaultValueFactory = _ => "auto" };
        var margin = new Option<double>("--margin") { Description = "Mean ΔE00 the Look may be above the dense 33³ reference on the pair's colours (smaller: larger Look)", DefaultValueFactory = _ => DistilOptions.Default.MeanDeltaEMargin };
        var slidersOnly = new Option<bool>("--sliders-only") { Description = "Fit the named sliders only (no residual lattice)" };
        var title = new Option<string?>("--title") { Description = "Title stored in the Look (default: the after image's name)" };
        var command = new Command("distil",
            "Learn a Look from a before/after pair: the colours of the 'after' image as a function of the 'before' image's colours, " +
            "as named sliders plus a small residual (the same Look decompose makes from a LUT). The pair may be pixel-aligned " +
            "(an export before and after an edit) or not (a crop, a rotation, a generated or retouched 'after' with changed regions): " +
            "then correspondences are found first and changed regions are left out. Colours the pair never shows follow the sliders. " +
            "Prints what it found and how well the Look reproduces the pair, next to a dense 33³ lattice fitted to the same pixels.\n" +
            "Examples:\n  lutbridge distil --before raw_export.png --after graded.png --out graded.look\n" +
            "  lutbridge distil --before photo.jpg --after generated.png --out style.look --json report.json");
        command.Options.Add(before);
        command.Options.Add(after);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(align);
        command.Options.Add(margin);
        command.Options.Add(slidersOnly);
        command.Options.Add(title);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var outPath = pr.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext != ".look" && ext != ".cube") throw new InputException($"{outPath}: --out must end in .look (or .cube for a baked LUT that carries the Look)");
            var beforePath = pr.GetValue(before)!;
            var afterPath = pr.GetValue(after) ?? throw new InputException("distil needs --after IMAGE");
            var options = new DistilOptions
            {
                Alignment = ParseAlign(pr.GetValue(align)!),
                MeanDeltaEMargin = pr.GetValue(margin),
                AllowResidual = !pr.GetValue(slidersOnly),
                Title = pr.GetValue(title) ?? Path.GetFileNameWithoutExtension(afterPath),
                // The fit's diagnostics, for tuning; the engine itself never prints.
                Trace = Environment.GetEnvironmentVariable("LUTBRIDGE_DISTIL_DEBUG") == "1" ? Console.Error.WriteLine : null,
            };
            options.Validate();
            var b = ImageFile.Read(beforePath);
            var a = ImageFile.Read(afterPath);
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
        Console.WriteLine($"on the matched pixels: PSNR {r.PsnrDb:0.00} dB, mean ΔE00 {r.De2000Mean:0.00}; dense 33³ reference {r.DensePsnrDb:0.00} dB ({r.DenseDe2000Mean:0.00}); sliders alone {r.SlidersOnlyPsnrDb:0.00} dB");
        var moved = result.Look.Changed().ToList();
        Console.WriteLine(moved.Count == 0 ? "sliders: all neutral" : "sliders: " + string.Join(", ", moved.Select(m => $"{m.Parameter.Name} {ShowCommand.Format(m.Parameter, m.Value)}")));
    }
}
