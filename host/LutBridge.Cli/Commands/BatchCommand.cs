using System.CommandLine;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Editors;
using LutBridge.Editors.Batch;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge batch`: one look over many images, by LutBridge itself or by an editor's command-line renderer.</summary>
internal static class BatchCommand
{
    public const int ExitSomeFailed = 1;

    public static Command Create()
    {
        var look = new Option<string>("--look") { Description = "the Look: a .look file or a LutBridge .cube" };
        var lut = new Option<string>("--lut") { Description = "a LUT file instead (.cube, .3dl, HaldCLUT .png, ...)" };
        var inputs = new Option<string[]>("--in")
        {
            Description = "input images and/or folders (png, jpg, tif, camera raw: dng, cr2, nef, arw, ...)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "output folder; each image becomes <name>.<format> there", Required = true };
        var engine = new Option<string>("--engine") { Description = "host (LutBridge itself, default), darktable (darktable-cli) or rawtherapee (rawtherapee-cli)", DefaultValueFactory = _ => "host" };
        var jobs = new Option<int?>("--jobs") { Description = "images at once; default: one per core for host, 1 for the editors (they use every core per image)" };
        var format = new Option<string>("--format") { Description = "jpg (default), png or tif", DefaultValueFactory = _ => "jpg" };
        var quality = new Option<int>("--quality") { Description = "JPEG quality 1..100", DefaultValueFactory = _ => 92 };
        var force = new Option<bool>("--force") { Description = "render every image again and replace existing outputs, even files LutBridge did not write" };
        var scheduler = new Option<string>("--scheduler") { Description = "local (default: this machine) or slurm (one Slurm job array; see docs/scale.md)", DefaultValueFactory = _ => "local" };
        var partition = new Option<string?>("--partition") { Description = "slurm: the partition to submit to (default: the cluster's default)" };
        var tasks = new Option<int?>("--tasks") { Description = "slurm: array tasks to split the images into (default: one per node of the partition)" };
        var perTask = new Option<int?>("--per-task") { Description = "slurm: images per task instead of --tasks" };
        var wait = new Option<bool>("--wait") { Description = "slurm: follow the job with a progress bar and end with the summary and exit code of a local batch (else: lutbridge batch-status JOB)" };
        var command = new Command("batch",
            "Apply one look (a .look, or any LUT) to many images. Outputs are written atomically (a file in --out is always " +
            "complete), and each output's settings (engine, format, JPEG quality, the look's content) and input are recorded " +
            "beside it in --out/.lutbridge-batch/, so a batch that stopped can simply be run again: outputs made from the same " +
            "image with the same settings are skipped, those made with other settings or from a changed image are made again " +
            "(and said), and files LutBridge did not write are never replaced (--force replaces everything). " +
            "Ends with a summary; exit 1 and a list of the failed images when any failed (the others are still written).\n" +
            "Engines: 'host' decodes (raw through LibRaw with camera white balance), applies and encodes itself, several " +
            "images in flight at once; 'rawtherapee' runs rawtherapee-cli with the look as a HaldCLUT in Film Simulation; " +
            "'darktable' runs darktable-cli with the look in lut3d.\n" + ApplyCommand.MetadataHelp + "\n" +
            "Examples:\n" +
            "  lutbridge batch --look warm.look --in shoot/ --out graded/\n" +
            "  lutbridge batch --lut film.cube --in a.dng b.dng --out graded/ --format tif\n" +
            "  lutbridge batch --look warm.look --in shoot/ --out rt/ --engine rawtherapee --quality 95\n" +
            "  lutbridge batch --look warm.look --in /shared/archive --out /shared/graded --scheduler slurm --per-task 200 --wait\n" +
            "With --scheduler slurm the same batch runs as one Slurm job array (sbatch): each task renders a fixed share of the " +
            "images through the same atomic, resumable outputs, so a cancelled or lost task is finished by running the same " +
            "command again. The inputs and --out must be on a file system every node shares.");
        foreach (var o in new Option[] { look, lut, inputs, output, engine, jobs, format, quality, force, scheduler, partition, tasks, perTask, wait })
            command.Options.Add(o);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var kind = BatchRequest.ParseEngine(pr.GetValue(engine)!);
            var request = new BatchRequest
            {
                Source = LookSource.Open(pr.GetValue(look), pr.GetValue(lut)),
                Inputs = BatchPlanner.ExpandInputs(pr.GetValue(inputs) ?? []),
                OutputDir = pr.GetValue(output)!,
                Engine = kind,
                Jobs = pr.GetValue(jobs) ?? (kind == BatchEngineKind.Host ? Environment.ProcessorCount : 1),
                Format = (pr.GetValue(format) ?? "jpg").ToLowerInvariant().Replace("jpeg", "jpg").Replace("tiff", "tif"),
                Quality = pr.GetValue(quality),
                Force = pr.GetValue(force),
            };
            request.Validate();
            switch (pr.GetValue(scheduler)!.ToLowerInvariant())
            {
                case "slurm":
                    return BatchClusterCommands.Submit(request, pr.GetValue(partition), pr.GetValue(tasks), pr.GetValue(perTask), pr.GetValue(jobs), pr.GetValue(wait));
                case "local":
                    if (pr.GetValue(wait) || pr.GetValue(tasks) is not null || pr.GetValue(perTask) is not null || pr.GetValue(partition) is not null)
                        throw new InputException("--partition, --tasks, --per-task and --wait go with --scheduler slurm");
                    return Report(RunWithProgress(request));
                default:
                    throw new InputException($"--scheduler must be local or slurm, got '{pr.GetValue(scheduler)}'");
            }
        }));
        return command;
    }

    /// <summary>Prints the summary table, notes and failures; the batch's exit code.</summary>
    public static int Report(BatchSummary summary)
    {
        PrintSummary(summary);
        PrintNotes(summary);
        var failures = summary.Failures;
        if (failures.Count == 0) return CliApp.ExitOk;
        Console.Error.WriteLine($"lutbridge: {failures.Count} of {summary.Results.Count} image(s) failed:");
        foreach (var f in failures)
        {
            var error = f.Error ?? "failed";
            if (error.StartsWith(f.Item.Input + ": ", StringComparison.Ordinal)) error = error[(f.Item.Input.Length + 2)..];
            Console.Error.WriteLine($"  {f.Item.Input}: {error}");
        }
        return ExitSomeFailed;
    }

    private static BatchSummary RunWithProgress(BatchRequest request)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        BatchSummary? summary = null;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            console.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"batch ({request.Engine.ToString().ToLowerInvariant()})", autoStart: true, maxValue: 1);
                    summary = BatchRunner.Run(request,
                        started: n => task.MaxValue = Math.Max(1, n),
                        finished: _ => task.Increment(1),
                        cancel.Token);
                    task.Value = task.MaxValue;
                });
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return summary!;
    }

    /// <summary>Why existing outputs were made again or kept (at most ten lines, then a count).</summary>
    private static void PrintNotes(BatchSummary s)
    {
        var noted = s.Results.Where(r => r.Note is not null).ToList();
        foreach (var r in noted.Take(10))
            Console.Error.WriteLine($"lutbridge: note: {r.Item.Output}: {r.Note}{(r.Outcome == BatchOutcome.Done ? " (made again)" : "")}");
        if (noted.Count > 10) Console.Error.WriteLine($"lutbridge: note: ... and {noted.Count - 10} more");
    }

    private static void PrintSummary(BatchSummary s)
    {
        var table = new Table().AddColumns("engine", "images", "rendered", "skipped", "failed", "seconds", "images/s");
        table.AddRow(s.Engine, s.Results.Count.ToString(CultureInfo.InvariantCulture), s.Done.ToString(CultureInfo.InvariantCulture),
            s.Skipped.ToString(CultureInfo.InvariantCulture), s.Failures.Count.ToString(CultureInfo.InvariantCulture),
            s.Seconds.ToString("0.00", CultureInfo.InvariantCulture), s.ImagesPerSecond.ToString("0.00", CultureInfo.InvariantCulture));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.Write(table);
    }
}
