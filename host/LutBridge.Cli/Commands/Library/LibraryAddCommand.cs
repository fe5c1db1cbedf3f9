using System.CommandLine;
using LutBridge.Core;
using LutBridge.Engines.Library;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge library add DIR`: index (or refresh the index of) a folder of photos, LUTs and Looks.</summary>
[SubcommandOf("library")]
internal static class LibraryAddCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder of reference photos (.png .jpg .tif), LUTs (.cube .3dl HaldCLUT .png ...) and .look files; searched recursively" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Index every file again instead of keeping the entries of unchanged files" };
        var command = new Command("add",
            $"Index a folder as a style library: each LUT is decomposed into a sliders-only Look, each photo's grade is " +
            $"estimated as a Look, .look files are read; every item gets a colour-style descriptor. The index is " +
            $"written atomically to DIR/{LibraryIndex.FileName}; files whose content (SHA-256) is unchanged keep their entry.\n" +
            "Examples:\n  lutbridge library add ~/styles\n  lutbridge library list ~/styles");
        command.Arguments.Add(dir);
        command.Options.Add(rebuild);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(dir)!;
            var progress = new SyncProgress<LibraryProgress>(p =>
            {
                if (p.File.Length > 0) Console.Error.WriteLine($"[{p.Done + 1}/{p.Total}] {p.File}");
            });
            var result = LibraryBuilder.Add(path, pr.GetValue(rebuild), progress, CancellationToken.None);
            foreach (var line in result.Skipped) Console.Error.WriteLine($"lutbridge: skipped {line}");
            var counts = result.Index.Items.GroupBy(i => i.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? "" : "s")}");
            Console.WriteLine($"{LibraryIndex.PathIn(result.Index.Directory)}: {result.Index.Items.Count} items ({string.Join(", ", counts)}); " +
                $"{result.Added} indexed, {result.Kept} unchanged, {result.Removed} removed, {result.Skipped.Count} skipped");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
