using System.CommandLine;
using LutBridge.Editors.Darktable;

namespace LutBridge.Cli.Commands.Darktable;

[SubcommandOf("uninstall")]
internal static class UninstallDarktableCommand
{
    public static Command Create()
    {
        var configDir = new Option<string>("--configdir")
        {
            Description = "darktable configuration folder; default ~/.config/darktable",
        };
        var command = new Command("darktable",
            "Remove the LutBridge panel from darktable: deletes <configdir>/lua/lutbridge/, the require line in luarc " +
            "and the lut3d folder setting install added. LUTs baked into <configdir>/lutbridge/luts stay, because " +
            "image histories refer to them.");
        command.Options.Add(configDir);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var installer = new DarktableInstaller(DarktableLocations.ConfigDir(pr.GetValue(configDir)));
            foreach (var line in installer.Uninstall()) Console.WriteLine(line);
            return CliApp.ExitOk;
        }));
        return command;
    }
}
