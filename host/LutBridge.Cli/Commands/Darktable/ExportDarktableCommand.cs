using System.CommandLine;
using LutBridge.Core;
using LutBridge.Core.Luts;
using LutBridge.Editors.Darktable;
using LutBridge.Looks;
using Spectre.Console;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands.Darktable;

[SubcommandOf("export")]
internal static class ExportDarktableCommand
{
    public static Command Create()
    {
        var look = new Option<string>("--look") { Description = "the Look to apply: a .look file or a LutBridge .cube (baked at 33³)" };
        var lut = new Option<string>("--lut") { Description = "a LUT file to apply instead (.cube, .3dl, HaldCLUT .png, ...; a .look works too)" };
        var inputs = new Option<string[]>("--in")
        {
            Description = "input images or folders (any format darktable reads, raw included)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "output folder (existing files of the same name are replaced)", Required = true };
        var jobs = new Option<int>("--jobs") { Description = "darktable-cli processes at once, each with its own configdir", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "output format: jpg, png or tif", DefaultValueFactory = _ => "jpg" };
        var command = new Command("darktable",
            "Export images with darktable-cli and a LutBridge look: the look is baked into a LUT, put into a " +
            "darktable style (module lut3d, sRGB, tetrahedral) imported in the same run, and appended to each image's " +
            "history. Each output is written atomically and checked: an output that darktable left without the look " +
            "(darktable-cli exits 0 when lut3d cannot load its LUT) fails the command. Example: lutbridge export " +
            "darktable --look warm.look --in photos/ --out exported/ --jobs 2 --format jpg");
        foreach (var o in new Option[] { look, lut, inputs, output, jobs, format }) command.Options.Add(o);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var (table, name) = LoadLut(pr.GetValue(look), pr.GetValue(lut));
            var request = new DarktableExportRequest(table, name, DarktableExporter.ExpandInputs(pr.GetValue(inputs) ?? []),
                pr.GetValue(output)!, (pr.GetValue(format) ?? "jpg").ToLowerInvariant(), pr.GetValue(jobs));
            var results = RunWithProgress(request);
            foreach (var r in results)
                Console.WriteLine(r.Checkable
                    ? $"{r.Output}  (distance to LUT {r.Verdict.DistanceToLut:0.0000}, to input {r.Verdict.DistanceToInput:0.0000})"
                    : $"{r.Output}  (the look barely changes this image; not verified)");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static (Lut Lut, string Name) LoadLut(string? lookPath, string? lutPath)
    {
        if ((lookPath == null) == (lutPath == null)) throw new InputException("give exactly one of --look or --lut");
        if (lutPath != null && !Editors.LookSource.IsLookFile(lutPath)) return (LutFile.Read(lutPath), Path.GetFileNameWithoutExtension(lutPath));
        lookPath ??= lutPath!; // a .look given as the LUT is the Look it is
        var look = LookFile.Read(lookPath);
        return (new Lut(LookBaker.Bake(look)), look.Title ?? Path.GetFileNameWithoutExtension(lookPath));
    }

    private static IReadOnlyList<DarktableExportResult> RunWithProgress(DarktableExportRequest request)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IReadOnlyList<DarktableExportResult> results = [];
        console.Progress().AutoClear(false).Start(ctx =>
        {
            var task = ctx.AddTask("darktable export", maxValue: request.Inputs.Count);
            var progress = new SyncProgress<int>(done => task.Value = done);
            results = DarktableExporter.Export(request, progress, CancellationToken.None);
            task.Value = request.Inputs.Count;
        });
        return results;
    }
}
