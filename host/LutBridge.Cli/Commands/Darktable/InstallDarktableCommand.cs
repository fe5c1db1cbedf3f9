using System.CommandLine;
using LutBridge.Editors.Darktable;

namespace LutBridge.Cli.Commands.Darktable;

[SubcommandOf("install")]
internal static class InstallDarktableCommand
{
    public static Command Create()
    {
        var configDir = new Option<string>("--configdir")
        {
            Description = "darktable configuration folder (darktable --configdir); default ~/.config/darktable",
        };
        var command = new Command("darktable",
            "Install the LutBridge panel into darktable: copies the Lua panel and the lutbridge.so module to " +
            "<configdir>/lua/lutbridge/, adds one require line to <configdir>/luarc (backed up first as " +
            "luarc.lutbridge-backup) and sets lut3d's LUT folder when unset. Running it again changes nothing; " +
            "'lutbridge uninstall darktable' undoes it. Restart darktable to see the panel.");
        command.Options.Add(configDir);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var root = DarktableLocations.RepoRoot();
            var installer = new DarktableInstaller(DarktableLocations.ConfigDir(pr.GetValue(configDir)));
            var done = installer.Install(DarktableLocations.LuaScripts(root), DarktableLocations.LuaModule(root), DarktableLocations.HostCommand(root));
            foreach (var line in done) Console.WriteLine(line);
            if (done.Count == 0) Console.WriteLine($"LutBridge is already installed in {installer.ConfigDir}: nothing changed");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
