using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LutBridge.Engines.Library;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge library list DIR`: the indexed items with their kind, title and moved sliders.</summary>
[SubcommandOf("library")]
internal static class LibraryListCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Library folder (indexed with 'lutbridge library add')" };
        var json = new Option<bool>("--json") { Description = "Print the items as JSON (file, kind, title, sliders) instead of a table" };
        var command = new Command("list", "List a style library's items: kind, file, title and the sliders its Look moves.\n" +
            "Example:\n  lutbridge library list ~/styles --json");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var index = LibraryIndex.Load(pr.GetValue(dir)!);
            if (pr.GetValue(json))
            {
                var rows = index.Items.Select(i => new { i.Kind, i.File, i.Title, i.Sliders, i.FitDe2000 });
                Console.WriteLine(JsonSerializer.Serialize(rows, LookJson.Options));
                return CliApp.ExitOk;
            }
            var table = new Table().AddColumns("kind", "file", "title", "sliders");
            foreach (var item in index.Items)
            {
                var sliders = string.Join(" ", item.Sliders.OrderByDescending(s => Moved(s.Key, s.Value)).Take(6)
                    .Select(s => $"{s.Key}={s.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));
                table.AddRow(Markup.Escape(item.Kind), Markup.Escape(item.File), Markup.Escape(item.Title ?? ""), Markup.Escape(sliders));
            }
            CliApp.TableConsole().Write(table);
            Console.WriteLine($"{index.Items.Count} items");
            return CliApp.ExitOk;
        }));
        return command;
    }

    /// <summary>How far a slider moved, as a share of its range (so hues in degrees do not crowd out the rest).</summary>
    private static double Moved(string name, double value) =>
        Looks.LookParameters.Find(name) is { } p ? Math.Abs(value - p.Neutral) / (p.Max - p.Min) : 0;
}
