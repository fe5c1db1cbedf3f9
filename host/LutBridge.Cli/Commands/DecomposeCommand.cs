using System.CommandLine;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using Spectre.Console;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge decompose IN_LUT --out OUT.look`: any LUT → named sliders plus a small residual.</summary>
internal static class DecomposeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("lut") { Description = "LUT to decompose (.cube .3dl .png .csp .spi1d .spi3d .spimtx)" };
        var output = new Option<string>("--out") { Description = "Look file to write (.look; .cube writes the baked LUT with the Look in a comment)", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the fit report as JSON to this file ('-' for stdout)" };
        var maxDe = RangeOptions.Number(DecomposeOptions.MaxDeltaERange, "Largest CIEDE2000 allowed on the lattice and between its nodes");
        var meanDe = RangeOptions.Number(DecomposeOptions.MeanDeltaERange, "Mean CIEDE2000 allowed on the lattice and between its nodes");
        var noResidual = new Option<bool>("--sliders-only") { Description = "Fit the named sliders only (no residual lattice), whatever the error" };
        var command = new Command("decompose",
            "Turn a LUT into a compact, editable Look: named sliders in OKLab (tone, white balance, saturation, " +
            "split toning, eight hue bands), per-channel RGB sliders (input and output curves, a channel mixer) " +
            "plus the smallest residual lattice (zlib-compressed) that keeps the CIEDE2000 error under " +
            "the targets on the LUT's lattice and on a dense sample between its nodes. Prints the sliders it moved and the error.\n" +
            "Examples:\n  lutbridge decompose film.cube --out film.look\n" +
            "  lutbridge decompose film.cube --out film.look --json report.json --max-de 2 --mean-de 0.3");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(maxDe);
        command.Options.Add(meanDe);
        command.Options.Add(noResidual);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(input)!;
            var outPath = pr.GetValue(output)!;
            CheckOutput(outPath);
            var jsonPath = pr.GetValue(json);
            // Both outputs are checked before the fit and written together: all or none.
            OutputFile.Check(outPath, [path]);
            if (jsonPath is not null and not "-") OutputFile.Check(jsonPath, [path]);
            var lut = Editors.LookSource.ReadLut(path);
            var options = new DecomposeOptions
            {
                MaxDeltaE = pr.GetValue(maxDe),
                MeanDeltaE = pr.GetValue(meanDe),
                AllowResidual = !pr.GetValue(noResidual),
                Title = lut.Title ?? Path.GetFileNameWithoutExtension(path),
                Source = path,
                // The fitter's diagnostics, for tuning; the engine itself never prints.
                Trace = Environment.GetEnvironmentVariable("LUTBRIDGE_DECOMPOSE_DEBUG") == "1" ? Console.Error.WriteLine : null,
            };
            options.Validate();
            var result = RunWithProgress(lut, options);
            var reportJson = JsonSerializer.Serialize(result.Report, LookJson.Options);
            var files = new List<(string, Action<Stream>)> { LookOutput(outPath, result.Look) };
            if (jsonPath is not null and not "-") files.Add((jsonPath, s => AtomicFile.WriteText(s, reportJson + "\n")));
            AtomicFile.WriteAll(files);
            if (jsonPath == "-") Console.WriteLine(reportJson);
            else PrintSummary(outPath, result);
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static void CheckOutput(string outPath)
    {
        var ext = Path.GetExtension(outPath).ToLowerInvariant();
        if (ext != ".look" && ext != ".cube")
            throw new InputException($"{outPath}: --out must end in .look (or .cube for a baked LUT that carries the Look)");
    }

    /// <summary>Writes a .look, or a baked .cube that carries the Look in a comment.</summary>
    internal static void WriteLook(string outPath, Look look) => AtomicFile.WriteAll([LookOutput(outPath, look)]);

    /// <summary>The bytes of a .look, or of a baked .cube that carries the Look in a comment, for <see cref="AtomicFile.WriteAll"/>.</summary>
    internal static (string, Action<Stream>) LookOutput(string outPath, Look look)
    {
        if (Path.GetExtension(outPath).Equals(".cube", StringComparison.OrdinalIgnoreCase))
        {
            var text = LookFile.BakedCubeText(look, LookBaker.DefaultSize);
            return (outPath, s => AtomicFile.WriteText(s, text));
        }
        var bytes = LookCodec.Encode(look);
        return (outPath, s => s.Write(bytes));
    }

    /// <summary>
    /// Runs the fit; on a terminal a progress bar appears on stderr once it has taken a second
    /// (quick fits print nothing). Ctrl+C cancels the fit (nothing is written).
    /// </summary>
    private static DecomposeResult RunWithProgress(Lut lut, DecomposeOptions options)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the fit stop and the command exit with "cancelled"
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var gate = new Lock();
            var latest = new DecomposeProgress(0, "starting");
            var progress = new SyncProgress<DecomposeProgress>(p => { lock (gate) latest = p; });
            var fit = Task.Run(() => Decomposer.Run(lut, options, progress, cancel.Token));
            Task.WhenAny(fit, Task.Delay(TimeSpan.FromSeconds(1))).Wait();
            if (!fit.IsCompleted && !Console.IsErrorRedirected)
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                console.Progress().AutoClear(true).Start(ctx =>
                {
                    var bar = ctx.AddTask("decompose", maxValue: 1);
                    while (!fit.IsCompleted)
                    {
                        DecomposeProgress p;
                        lock (gate) p = latest;
                        bar.Value = p.Fraction;
                        bar.Description = Markup.Escape(p.Stage);
                        Task.WhenAny(fit, Task.Delay(100)).Wait();
                    }
                    bar.Value = 1;
                });
            }
            return fit.GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void PrintSummary(string outPath, DecomposeResult result)
    {
        var r = result.Report;
        Console.WriteLine($"{outPath}: {r.SizeBytes} bytes, residual {(r.ResidualSize == 0 ? "none" : $"{r.ResidualSize}³")}, {r.Seconds:0.000} s");
        Console.WriteLine($"ΔE00 lattice mean {r.Lattice.Mean:0.000} max {r.Lattice.Max:0.000}; between nodes mean {r.Dense.Mean:0.000} max {r.Dense.Max:0.000}; sliders alone mean {r.ParametricOnlyDe2000Mean:0.000}"
            + (r.MeetsTarget ? "" : r.ResidualSize == 0 && result.Look.Residual == null
                ? "  (targets not met by the sliders alone)"
                : "  (targets NOT met: the residual that missed them least was kept)"));
        var moved = result.Look.Changed().ToList();
        Console.WriteLine(moved.Count == 0 ? "sliders: all neutral" : "sliders: " + string.Join(", ", moved.Select(m => $"{m.Parameter.Name} {ShowCommand.Format(m.Parameter, m.Value)}")));
    }
}

/// <summary>JSON settings shared by the Look commands (snake_case names).</summary>
internal static class LookJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
