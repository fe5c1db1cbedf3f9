using System.CommandLine;
using LutBridge.Cli.Commands.Darktable;
using LutBridge.Editors.RawTherapee;

namespace LutBridge.Cli.Commands.RawTherapee;

[SubcommandOf("install")]
internal static class InstallRawTherapeeCommand
{
    public static Option<string> SettingsOption() => new("--settings")
    {
        Description = "RawTherapee's settings folder (holds its 'options' file); default $RT_SETTINGS, else ~/.config/RawTherapee",
    };

    public static Command Create()
    {
        var settings = SettingsOption();
        var command = new Command("rawtherapee",
            "Prepare RawTherapee's Film Simulation tool for LutBridge looks. RawTherapee 5.9 has no plugin loader, so " +
            "LutBridge puts its looks in as HaldCLUT images: this sets an absolute [Color Management] ClutsDirectory in " +
            "RawTherapee's options file (an absolute folder you already set is kept) and creates its LutBridge subfolder, " +
            "where 'lutbridge export rawtherapee' writes HaldCLUTs. It also makes LutBridge RawTherapee's custom external editor " +
            "([External Editor] EditorKind=3, CustomEditor=<settings>/lutbridge-rt-edit, OutputDir=1: the TIFF beside the photo), " +
            "so that the 'Edit current image in external editor' button (Ctrl+E) opens the studio on the photo ('lutbridge rt-edit'); " +
            "'uninstall rawtherapee' puts your previous values back. The options file is backed up first " +
            "(options.lutbridge-backup). Refused while RawTherapee runs (it rewrites options when it quits); start it " +
            "again afterwards: it lists CLUTs only at start-up.\n" +
            "Example:\n  lutbridge install rawtherapee\n  lutbridge export rawtherapee --look warm.look");
        command.Options.Add(settings);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var dir = RawTherapeeSettings.ResolveDirectory(pr.GetValue(settings));
            var launcher = DarktableLocations.HostCommand(DarktableLocations.RepoRoot());
            var result = RawTherapeeInstaller.Install(dir, launcher);
            if (result.OptionsChanged)
            {
                Console.WriteLine($"{result.OptionsPath}: ClutsDirectory={result.ClutsDirectory}" +
                                  (result.PreviousValue is null ? " (was unset)" : $" (was '{result.PreviousValue}')"));
                if (result.BackupPath is not null) Console.WriteLine($"backup of the previous options: {result.BackupPath}");
            }
            else
            {
                Console.WriteLine($"{result.OptionsPath}: keeping your CLUT folder {result.ClutsDirectory}");
            }
            Console.WriteLine($"LutBridge looks go to {result.LutBridgeFolder}");
            Console.WriteLine($"external editor: {result.EditorLauncher} (runs '{launcher} rt-edit' with the TIFF RawTherapee writes beside the photo)");
            Console.WriteLine("Restart RawTherapee to see new CLUTs (Color tab > Film Simulation > LutBridge); in its editor, " +
                              "'Edit current image in external editor' (Ctrl+E) now opens the LutBridge studio on the photo.");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
