using System.CommandLine;
using System.Diagnostics;
using LutBridge.Core;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge bench decompose DIR`: CPU seconds and bytes of decompose with the default options
/// against a variant (today: the additive-residual threshold), the two run alternately on the same
/// LUTs in one process, so the printed ratio is a before/after on the same machine load.
/// </summary>
internal static class BenchDecomposeCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder of LUTs (../shared/data/luts/creative)" };
        var every = new Option<int>("--every") { Description = "Take every k-th LUT of the folder (sorted by name)", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds (default, variant) per LUT", DefaultValueFactory = _ => 2 };
        var additive = new Option<double>("--additive-within") { Description = $"The variant's additive-residual threshold (mean ΔE00 of the sliders alone; default run: {Decomposer.AdditiveWithinDeltaE})", DefaultValueFactory = _ => 1.1 };
        var command = new Command("decompose",
            "Time decompose (process CPU seconds, both cores count) with the default options against a variant with another " +
            "additive-residual threshold, alternating on the same LUTs, and print each side's CPU, bytes and their ratios.\n" +
            "Example:\n  lutbridge bench decompose ../shared/data/luts/creative --every 5 --additive-within 1.1");
        command.Arguments.Add(dir);
        command.Options.Add(every);
        command.Options.Add(rounds);
        command.Options.Add(additive);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var folder = pr.GetValue(dir)!;
            if (!Directory.Exists(folder)) throw new InputException($"{folder}: no such folder");
            int k = pr.GetValue(every), r = pr.GetValue(rounds);
            if (k < 1) throw new InputException($"--every must be at least 1, got {k}");
            if (r < 1) throw new InputException($"--rounds must be at least 1, got {r}");
            var files = Directory.GetFiles(folder).Where(f => LutFile.ReadableExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal).Where((_, i) => i % k == 0).ToList();
            if (files.Count == 0) throw new InputException($"{folder}: no LUT files");
            var luts = files.Select(f => LutFile.Read(f)).ToList();
            var variants = new[] { DecomposeOptions.Default, DecomposeOptions.Default with { AdditiveWithinDeltaE = pr.GetValue(additive) } };
            Decomposer.Run(luts[0], variants[0], null, CancellationToken.None); // compile the fitter before timing
            var cpu = new double[2];
            var bytes = new long[2];
            var process = Process.GetCurrentProcess();
            for (int round = 0; round < r; round++)
                for (int i = 0; i < luts.Count; i++)
                    // Alternate which side runs first, so drift in the machine's load falls on both.
                    foreach (int v in (round + i) % 2 == 0 ? new[] { 0, 1 } : new[] { 1, 0 })
                    {
                        process.Refresh();
                        var before = process.TotalProcessorTime;
                        var result = Decomposer.Run(luts[i], variants[v], null, CancellationToken.None);
                        process.Refresh();
                        cpu[v] += (process.TotalProcessorTime - before).TotalSeconds;
                        if (round == 0) bytes[v] += LookCodec.Encode(result.Look).Length;
                        Console.Error.Write($"\r{round * luts.Count + i + 1}/{r * luts.Count}");
                    }
            Console.Error.WriteLine();
            Console.WriteLine($"luts                      {luts.Count} of {folder} (every {k}), {r} rounds alternating");
            Console.WriteLine($"default cpu s             {cpu[0]:0.00}  (additive within {variants[0].AdditiveWithinDeltaE})");
            Console.WriteLine($"variant cpu s             {cpu[1]:0.00}  (additive within {variants[1].AdditiveWithinDeltaE})");
            Console.WriteLine($"cpu ratio variant/default {cpu[1] / cpu[0]:0.000}");
            Console.WriteLine($"bytes default / variant   {bytes[0]} / {bytes[1]} (ratio {(double)bytes[1] / bytes[0]:0.000})");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
