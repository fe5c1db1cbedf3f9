using System.CommandLine;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Editors;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge compare A B`: how far apart two renderings of one image are, in CIEDE2000.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "first image (.png, .jpg, .tif), sRGB" };
        var b = new Argument<string>("b") { Description = "second image, same size" };
        var maxMean = new Option<double?>("--max-mean") { Description = "exit 1 when the mean ΔE00 is above this" };
        var minMean = new Option<double?>("--min-mean") { Description = "exit 1 when the mean ΔE00 is below this (the images must differ)" };
        var command = new Command("compare",
            "Compare two images pixel by pixel: prints mean, 99th percentile and max CIEDE2000 (both read as sRGB). " +
            "With --max-mean / --min-mean it is a check for scripts (exit 1 when outside).\n" +
            "Example:\n  lutbridge compare darktable.png ours.png --max-mean 1");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.Options.Add(maxMean);
        command.Options.Add(minMean);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var stats = ImageDifference.Ciede2000(ImageFile.Read(pr.GetValue(a)!), ImageFile.Read(pr.GetValue(b)!));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mean ΔE00 {stats.Mean:0.000}  p99 {stats.P99:0.000}  max {stats.Max:0.000}  ({stats.Count} pixels)"));
            if (pr.GetValue(maxMean) is double hi && stats.Mean > hi)
            {
                Console.Error.WriteLine($"lutbridge: mean ΔE00 {stats.Mean:0.000} is above {hi}");
                return CliApp.ExitInternal;
            }
            if (pr.GetValue(minMean) is double lo && stats.Mean < lo)
            {
                Console.Error.WriteLine($"lutbridge: mean ΔE00 {stats.Mean:0.000} is below {lo}");
                return CliApp.ExitInternal;
            }
            return CliApp.ExitOk;
        }));
        return command;
    }
}
