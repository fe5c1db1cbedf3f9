using System.CommandLine;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Looks;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge edit IN.look --set NAME=VALUE ... --out OUT.look`: move sliders.</summary>
internal static class EditCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("look") { Description = "Look to edit (.look, or a LutBridge .cube that carries one)" };
        var set = new Option<string[]>("--set") { Description = "NAME=VALUE (repeatable); 'lutbridge show LOOK --all' lists names and ranges", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Where to write the edited Look (.look, or .cube to bake it with the Look in a comment)", Required = true };
        var title = new Option<string?>("--title") { Description = "a new title for the edited Look (its name in editors and the default name of its exports)" };
        var command = new Command("edit",
            "Change sliders of a Look; everything else (other sliders, residual) stays as it was. Values are in the units " +
            "'lutbridge show' prints and must lie inside the slider's range. The title stays unless --title gives a new one " +
            "(exports are named by title, and an export never replaces a different look of the same name).\n" +
            "Examples:\n  lutbridge edit film.look --set saturation=0.2 --set exposure=0.5 --out brighter.look\n" +
            "  lutbridge edit film.look --set strength=0.6 --out film.cube");
        command.Arguments.Add(input);
        command.Options.Add(set);
        command.Options.Add(output);
        command.Options.Add(title);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var outPath = pr.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (ext != ".look" && ext != ".cube") throw new InputException($"{outPath}: --out must end in .look or .cube");
            var assignments = pr.GetValue(set) ?? [];
            var newTitle = pr.GetValue(title);
            if (assignments.Length == 0 && newTitle is null) throw new InputException("nothing to change: give --set NAME=VALUE and/or --title TITLE");
            if (newTitle is not null && string.IsNullOrWhiteSpace(newTitle)) throw new InputException("--title must not be empty");
            Core.IO.OutputFile.Check(outPath, [pr.GetValue(input)!], force: true);
            var look = LookFile.Read(pr.GetValue(input)!);
            if (newTitle is not null) look = look.WithTitle(newTitle.Trim());
            foreach (var assignment in assignments)
            {
                var (p, value) = Parse(assignment);
                look = look.With(p.Index, value);
            }
            DecomposeCommand.WriteLook(outPath, look);
            Console.WriteLine($"{outPath}: " + string.Join(", ", look.Changed().Select(c => $"{c.Parameter.Name} {ShowCommand.Format(c.Parameter, c.Value)}")));
            return CliApp.ExitOk;
        }));
        return command;
    }

    internal static (LookParameter Parameter, double Value) Parse(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new InputException($"--set '{assignment}': expected NAME=VALUE");
        var name = assignment[..eq].Trim();
        var p = LookParameters.Find(name) ?? throw new InputException($"--set: unknown slider '{name}' (see 'lutbridge show LOOK --all')");
        if (!double.TryParse(assignment[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new InputException($"--set {name}: '{assignment[(eq + 1)..]}' is not a number");
        if (!p.InRange(value)) throw new InputException($"--set {name}={value.ToString(CultureInfo.InvariantCulture)} is outside {p.Min.ToString(CultureInfo.InvariantCulture)}..{p.Max.ToString(CultureInfo.InvariantCulture)}");
        return (p, value);
    }
}
