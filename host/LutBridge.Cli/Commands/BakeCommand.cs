using System.CommandLine;
using LutBridge.Core;
using LutBridge.Core.Luts;
using LutBridge.Looks;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge bake IN.look --out OUT.cube`: render a Look into a LUT file.</summary>
internal static class BakeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("look") { Description = "Look to bake (.look, or a LutBridge .cube that carries one)" };
        var output = new Option<string>("--out") { Description = "LUT to write: .cube (carries the Look in a comment), .3dl or HaldCLUT .png", Required = true };
        var size = RangeOptions.Int(LookBaker.SizeRange, "Lattice size; .png rounds to a HaldCLUT level");
        var command = new Command("bake",
            "Render a Look into a 3D LUT any tool can read. A .cube keeps the Look itself in a comment line, " +
            "so 'lutbridge show' and 'edit' reopen it with its sliders; other tools ignore the comment.\n" +
            "Examples:\n  lutbridge bake film.look --out film.cube\n  lutbridge bake film.look --out film.png --size 64");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(size);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var n = LookBaker.SizeRange.Check(pr.GetValue(size));
            var outPath = pr.GetValue(output)!;
            var ext = Path.GetExtension(outPath).ToLowerInvariant();
            if (!LutFile.WritableExtensions.Contains(ext))
                throw new InputException($"{outPath}: --out must end in {string.Join(", ", LutFile.WritableExtensions)}");
            Core.IO.OutputFile.Check(outPath, [pr.GetValue(input)!]);
            var look = LookFile.Read(pr.GetValue(input)!);
            var report = LookFile.WriteBaked(outPath, look, n);
            Console.WriteLine($"{outPath}: {report.WrittenSize ?? n}³");
            foreach (var note in report.Notes) Console.Error.WriteLine($"note: {note}");
            return CliApp.ExitOk;
        }));
        return command;
    }

}
