using System.CommandLine;
using LutBridge.Editors.RawTherapee;

namespace LutBridge.Cli.Commands.RawTherapee;

[SubcommandOf("uninstall")]
internal static class UninstallRawTherapeeCommand
{
    public static Command Create()
    {
        var settings = InstallRawTherapeeCommand.SettingsOption();
        var command = new Command("rawtherapee",
            "Undo 'lutbridge install rawtherapee': puts back the ClutsDirectory and the [External Editor] values " +
            "(EditorKind, CustomEditor, OutputDir) you had before (each unless you changed it since), removes the rt-edit launcher and removes the LutBridge CLUT folder when it is empty. Every photo you edited keeps its look: exported " +
            "HaldCLUTs stay (profiles refer to them by path), and while any is left the CLUT folder setting stays too, because " +
            "RawTherapee stores a look picked in its Film Simulation list as LutBridge/NAME relative to that folder. Delete the " +
            "CLUTs no photo uses and run it again to restore your previous setting. Refused while RawTherapee runs (it rewrites options when it quits).");
        command.Options.Add(settings);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var dir = RawTherapeeSettings.ResolveDirectory(pr.GetValue(settings));
            var result = RawTherapeeInstaller.Uninstall(dir);
            foreach (var line in result.Changes) Console.WriteLine(line);
            if (result.KeptFolder is not null)
                Console.WriteLine($"kept {result.KeptFolder}: it holds HaldCLUTs that profiles may use (delete it yourself if none do)");
            if (result.Changes.Count == 0 && result.KeptFolder is null)
                Console.WriteLine($"LutBridge is not installed in {dir}: nothing changed");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
