using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Prompt;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge eval prompt FILE`: prompts with expected directions, measured in CIELAB on a grey ramp and on photos.</summary>
[SubcommandOf("eval")]
internal static class EvalPromptCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Prompt file: one 'PROMPT | CHECK; CHECK…' per line (format: tests/LutBridge.Engines.Tests/Prompt/prompts-heldout.txt)" };
        var photos = new Option<string?>("--photos") { Description = "Folder of photos to measure on (default ../shared/data/photos, else samples/photos)" };
        var json = new Option<bool>("--json") { Description = "Print every check and the totals as JSON" };
        var failures = new Option<bool>("--failures") { Description = "List only the prompts with a failed check" };
        var command = new Command("prompt",
            "Run every prompt of FILE through the prompt engine and check the expected directions (e.g. 'warmer | all.b +': " +
            "mean CIELAB b* goes up), on a 256-step grey ramp and on photos. Prints each prompt's checks, the share of directional " +
            "checks right and the time per prompt.\nExample:\n  lutbridge eval prompt tests/LutBridge.Engines.Tests/Prompt/prompts-heldout.txt");
        command.Arguments.Add(file);
        command.Options.Add(photos);
        command.Options.Add(json);
        command.Options.Add(failures);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(file)!;
            if (!File.Exists(path)) throw new InputException($"{path}: no such file");
            var cases = PromptEval.Parse(path, File.ReadLines(path));
            var folder = pr.GetValue(photos) ?? (Directory.Exists("../shared/data/photos") ? "../shared/data/photos" : "samples/photos");
            if (!Directory.Exists(folder)) throw new InputException($"{folder}: no such folder");
            var images = Directory.GetFiles(folder).Where(ImageFile.IsImagePath).OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (images.Count == 0) throw new InputException($"{folder}: no images");
            var sample = PromptEval.Photos(images.Select(f => ImageConvert.ToType(ImageFile.Read(f), SampleType.Float32).Samples<float>().ToArray()));
            var results = PromptEval.Run(cases, PromptEval.GreyRamp(), sample);
            var (passed, checks, allPassed) = PromptEval.Totals(results);
            var seconds = results.Where(r => r.Error is null).Select(r => r.Seconds).OrderBy(s => s).ToArray();
            var summary = new Dictionary<string, double>
            {
                ["prompts"] = results.Count,
                ["prompts_all_checks_passed"] = allPassed,
                ["checks"] = checks,
                ["checks_passed"] = passed,
                ["checks_passed_percent"] = Math.Round(100.0 * passed / Math.Max(1, checks), 2),
                ["photos"] = images.Count,
                ["median_ms_per_prompt"] = seconds.Length == 0 ? double.NaN : Math.Round(1000 * seconds[seconds.Length / 2], 3),
                ["max_ms_per_prompt"] = seconds.Length == 0 ? double.NaN : Math.Round(1000 * seconds[^1], 3),
            };
            if (pr.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { Results = results, Summary = summary }, PromptCommand.Json));
                return CliApp.ExitOk;
            }
            foreach (var r in results)
            {
                bool ok = r.Checks.All(c => c.Passed);
                if (ok && pr.GetValue(failures)) continue;
                Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {r.Prompt}");
                if (r.Error is not null) Console.WriteLine($"       error: {r.Error}");
                foreach (var c in r.Checks)
                    Console.WriteLine($"       {(c.Passed ? "ok  " : "FAIL")} {c.Target,-6} {c.Check}  ({c.Value.ToString("0.###", CultureInfo.InvariantCulture)})");
            }
            foreach (var (k, v) in summary) Console.WriteLine($"{k,-28} {v.ToString("0.###", CultureInfo.InvariantCulture)}");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
