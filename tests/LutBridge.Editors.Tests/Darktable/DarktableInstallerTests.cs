using LutBridge.Editors.Darktable;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.Darktable;

/// <summary>Install/uninstall into a temporary darktable configdir: idempotent, backed up, exactly reversed.</summary>
public class DarktableInstallerTests
{
    private const string UserLuarc = "-- my own scripts\nrequire \"tools/script_manager\"";
    private const string UserRc = "plugins/lighttable/layout=1\nui_last/theme=darktable-elegant-grey\n";

    private static (string[] Scripts, string Module) PluginFiles(string dir)
    {
        // The real Lua scripts from the source tree; the module stands for lutbridge.so (only copied here).
        var module = Path.Combine(dir, "lutbridge.so");
        File.WriteAllBytes(module, [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3]);
        return ([TestEnvironment.RepoFile("plugin-c", "lua", "panel.lua"), TestEnvironment.RepoFile("plugin-c", "lua", "lutbridge_session.lua")], module);
    }

    private static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    [Fact]
    public void InstallsOnceKeepsABackupAndUninstallRestoresEveryFile()
    {
        var dir = TestEnvironment.NewTempDir("dtinstall");
        var (scripts, module) = PluginFiles(dir);
        var config = Path.Combine(dir, "darktable");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "luarc"), UserLuarc); // no final newline
        File.WriteAllText(Path.Combine(config, "darktablerc"), UserRc);
        var before = Snapshot(config);
        var installer = new DarktableInstaller(config);

        var first = installer.Install(scripts, module, "/opt/lutbridge/lutbridge");
        Assert.NotEmpty(first);
        Assert.True(installer.IsInstalled);
        Assert.Equal(UserLuarc + "\n" + DarktableInstaller.RequireLine + "\n", File.ReadAllText(installer.Luarc));
        Assert.Equal(UserLuarc, File.ReadAllText(installer.Luarc + DarktableInstaller.BackupSuffix));
        var lutFolder = Path.Combine(config, "lutbridge", "luts");
        Assert.True(Directory.Exists(lutFolder));
        Assert.Equal(lutFolder, DarktableConfig.ReadKey(File.ReadAllText(installer.Darktablerc), DarktableConfig.LutFolderKey));
        Assert.StartsWith(UserRc, File.ReadAllText(installer.Darktablerc));
        foreach (var f in scripts.Append(module))
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(installer.ScriptDir, Path.GetFileName(f))));

        var installed = Snapshot(config);
        Assert.Empty(installer.Install(scripts, module, "/opt/lutbridge/lutbridge")); // second run: nothing to do
        Assert.Equal(installed, Snapshot(config));

        // darktable rewrites darktablerc while running; a user edit to luarc after install survives uninstall.
        File.AppendAllText(installer.Darktablerc, "ui/show_welcome_screen=false\n");
        var done = installer.Uninstall();
        Assert.Contains(done, d => d.Contains("removed the LutBridge line"));
        var after = Snapshot(config);
        Assert.Equal(before["luarc"], after["luarc"]);
        Assert.Equal(UserRc + "ui/show_welcome_screen=false\n", File.ReadAllText(installer.Darktablerc));
        Assert.False(Directory.Exists(installer.ScriptDir));
        Assert.False(File.Exists(installer.Luarc + DarktableInstaller.BackupSuffix));
        Assert.False(Directory.Exists(Path.Combine(config, "lutbridge")));
        Assert.Contains("nothing to do", Assert.Single(installer.Uninstall()));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AFreshConfigdirIsLeftEmptyAfterUninstallButBakedLutsAndTheUsersLutFolderStay()
    {
        var dir = TestEnvironment.NewTempDir("dtinstall-fresh");
        var (scripts, module) = PluginFiles(dir);
        var config = Path.Combine(dir, "fresh");
        var installer = new DarktableInstaller(config);
        installer.Install(scripts, module, "lutbridge");
        Assert.Equal(DarktableInstaller.RequireLine + "\n", File.ReadAllText(installer.Luarc));
        Assert.False(File.Exists(installer.Luarc + DarktableInstaller.BackupSuffix)); // nothing to back up
        installer.Uninstall();
        Assert.Empty(Directory.EnumerateFileSystemEntries(config));

        // A lut3d folder the user chose is kept, config.lua points styles at it, and baked LUTs survive uninstall.
        var own = Path.Combine(dir, "my-luts");
        File.WriteAllText(installer.Darktablerc, $"{DarktableConfig.LutFolderKey}={own}\n");
        installer.Install(scripts, module, "lutbridge");
        Assert.Equal($"{DarktableConfig.LutFolderKey}={own}\n", File.ReadAllText(installer.Darktablerc));
        var baked = Path.Combine(config, "lutbridge", "luts", "look-0123.cube");
        File.WriteAllText(baked, "LUT_3D_SIZE 2\n");
        installer.Uninstall();
        Assert.True(File.Exists(baked));
        Assert.Equal($"{DarktableConfig.LutFolderKey}={own}\n", File.ReadAllText(installer.Darktablerc));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ConfigLuaIsValidLuaCarryingTheLookParameterTable()
    {
        var lua = TestEnvironment.RequireTool("lua5.4");
        var dir = TestEnvironment.NewTempDir("dtconfig");
        var file = Path.Combine(dir, "config.lua");
        File.WriteAllText(file, DarktableInstaller.ConfigScript("/a \"quoted\"\\path/lutbridge", "/l/luts", "/root of luts"));
        var script = $"local c = dofile(\"{file}\") print(c.host_cmd) print(c.lut_dir) print(c.lut_root) " +
                     "for _, p in ipairs(c.parameters) do print(string.format('%d %s %s %.17g %.17g %.17g %.17g', p.index, p.name, p.group, p.min, p.max, p.neutral, p.step)) end " +
                     "for _, p in ipairs(c.parameters) do io.stderr:write(p.description, '\\n') end";
        var (rc, stdout, stderr) = TestEnvironment.Run(lua, ["-e", script]);
        Assert.True(rc == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/a \"quoted\"\\path/lutbridge", lines[0]);
        Assert.Equal(("/l/luts", "/root of luts"), (lines[1], lines[2]));
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var expected = LookParameters.All.Select(p => string.Format(inv, "{0} {1} {2} {3:R} {4:R} {5:R} {6:R}", p.Index, p.Name, p.Group, p.Min, p.Max, p.Neutral, p.Step));
        Assert.Equal(expected.Select(Normalise), lines[3..].Select(Normalise));
        // The tooltips: each slider's documented meaning, unicode intact.
        Assert.Equal(LookParameters.All.Select(p => p.Description), stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Directory.Delete(dir, true);
    }

    // Both sides print doubles exactly but in different notations: compare as numbers.
    private static string Normalise(string line) => string.Join(' ', line.Split(' ').Select(t =>
        double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : t));
}
