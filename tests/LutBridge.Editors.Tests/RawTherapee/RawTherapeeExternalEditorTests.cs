using System.Diagnostics;
using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

/// <summary>
/// `install rawtherapee` registering LutBridge as RawTherapee 5.9's custom external editor, on an
/// options file RawTherapee itself wrote, and `uninstall` putting it back byte for byte.
/// (tests/e2e/rawtherapee-gui-rt-edit.sh shows the real GUI keeping these keys and running the launcher.)
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class RawTherapeeExternalEditorTests
{
    private const string Lutbridge = "/opt/lut bridge/lutbridge"; // a space: the launcher must quote it

    /// <summary>An options file written by rawtherapee-cli 5.9 on its first run (the same file the GUI writes).</summary>
    private static (string Settings, string Options) RealOptions(string name)
    {
        var dir = TestEnvironment.NewTempDir(name);
        var settings = Path.Combine(dir, "settings");
        var photo = Path.Combine(dir, "p.jpg");
        File.Copy(TestEnvironment.SharedFile("photos", "skimage_rocket.jpg"), photo);
        var (rc, stdout, stderr) = RealRawTherapee.Run(settings, "-o", Path.Combine(dir, "o.jpg"), "-Y", "-c", photo);
        Assert.True(rc == 0, stdout + stderr);
        return (settings, Path.Combine(settings, "options"));
    }

    [Fact]
    public void Install_sets_the_three_External_Editor_keys_RawTherapee_wrote_and_uninstall_restores_the_file_byte_for_byte()
    {
        var (settings, options) = RealOptions("rt-exteditor");
        var original = File.ReadAllBytes(options);
        var before = File.ReadAllLines(options);
        // RawTherapee 5.9's own names and defaults: GIMP (1), no custom command, TIFF to the temp folder (0).
        Assert.Contains("[External Editor]", before);
        foreach (var line in new[] { "EditorKind=1", "CustomEditor=", "OutputDir=0" }) Assert.Contains(line, before);

        var result = RawTherapeeInstaller.Install(settings, Lutbridge);

        var launcher = Path.Combine(settings, "lutbridge-rt-edit");
        Assert.Equal(launcher, result.EditorLauncher);
        var after = File.ReadAllLines(options);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).Select(i => after[i]).ToList();
        Assert.Equal(
            new[] { "EditorKind=3", $"CustomEditor={launcher}", "OutputDir=1", $"ClutsDirectory={Path.Combine(settings, "cluts")}" }.Order(),
            changed.Order());
        // The editor lines are in RawTherapee's [External Editor] group, where it wrote them.
        int group = Array.IndexOf(after, "[External Editor]");
        Assert.Equal("EditorKind=3", after[group + 1]);

        // The launcher is what RawTherapee runs as "CMD" "FILE.tif": it hands the file to `lutbridge rt-edit`.
        var (code, stdout, _) = TestEnvironment.Run("/bin/sh", ["-n", launcher]);
        Assert.True(code == 0, stdout);
        Assert.True((File.GetUnixFileMode(launcher) & UnixFileMode.UserExecute) != 0);
        var echo = Path.Combine(Path.GetDirectoryName(settings)!, "echo-args");
        File.WriteAllText(echo, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        File.SetUnixFileMode(echo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(launcher, File.ReadAllText(launcher).Replace(RawTherapeeExternalEditor.ShellQuote(Lutbridge), RawTherapeeExternalEditor.ShellQuote(echo)));
        var (rc, args, err) = TestEnvironment.Run(launcher, ["/photos/my trip/IMG_0042.tif"]);
        Assert.True(rc == 0, err);
        Assert.Equal($"[rt-edit]\n[--settings]\n[{settings}]\n[/photos/my trip/IMG_0042.tif]\n", args);
        RawTherapeeInstaller.Install(settings, Lutbridge); // a second install writes the real launcher again, changes nothing else

        var undone = RawTherapeeInstaller.Uninstall(settings);
        Assert.Contains(undone.Changes, l => l.EndsWith("[External Editor] EditorKind is '1' again", StringComparison.Ordinal));
        Assert.Equal(original, File.ReadAllBytes(options));
        Assert.False(File.Exists(launcher));
        Assert.False(File.Exists(Path.Combine(settings, RawTherapeeInstaller.StateFileName)));
    }

    [Fact]
    public void Uninstall_keeps_an_editor_the_user_chose_after_install_and_restores_the_rest_even_while_CLUTs_keep_the_folder()
    {
        var dir = TestEnvironment.NewTempDir("rt-exteditor-user");
        var options = Path.Combine(dir, "options");
        File.WriteAllText(options, "[External Editor]\nEditorKind=2\nPhotoshopDir=/ps\n\n[Color Management]\nClutsDirectory=./cluts\n");
        var result = RawTherapeeInstaller.Install(dir, Lutbridge);
        File.WriteAllBytes(Path.Combine(result.LutBridgeFolder, "kept.png"), [1]); // a CLUT some photo uses

        // The user picks GIMP in RawTherapee's preferences afterwards.
        var text = File.ReadAllText(options).Replace("EditorKind=3", "EditorKind=1");
        File.WriteAllText(options, text);
        var undone = RawTherapeeInstaller.Uninstall(dir);

        var now = LutBridge.Editors.RawTherapee.KeyFile.Load(options);
        Assert.Equal("1", now.Get("External Editor", "EditorKind")); // the user's later choice stays
        Assert.Null(now.Get("External Editor", "CustomEditor")); // absent before install: absent again
        Assert.Null(now.Get("External Editor", "OutputDir"));
        Assert.Equal(result.ClutsDirectory, now.Get("Color Management", "ClutsDirectory")); // CLUTs left: the folder stays
        Assert.Contains(undone.Changes, l => l.Contains("EditorKind was changed after install ('1')", StringComparison.Ordinal));

        // Once the CLUT is gone, a second uninstall restores the folder setting: the file is the user's again.
        File.Delete(Path.Combine(result.LutBridgeFolder, "kept.png"));
        RawTherapeeInstaller.Uninstall(dir);
        Assert.Equal("[External Editor]\nEditorKind=1\nPhotoshopDir=/ps\n\n[Color Management]\nClutsDirectory=./cluts\n", File.ReadAllText(options));
    }

    [Fact]
    public void Install_and_uninstall_refuse_while_a_RawTherapee_with_these_settings_runs_and_not_for_another_one()
    {
        var dir = TestEnvironment.NewTempDir("rt-exteditor-running");
        var settings = Path.Combine(dir, "mine");
        Directory.CreateDirectory(settings);
        File.WriteAllText(Path.Combine(settings, "options"), "[External Editor]\nEditorKind=1\n");
        // A process named like the GUI (its comm is the executable's name), with RT_SETTINGS as RawTherapee reads it.
        var fake = Path.Combine(dir, "rawtherapee");
        File.Copy("/bin/sleep", fake);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        using (var other = Start(fake, Path.Combine(dir, "someone-else")))
        {
            RawTherapeeInstaller.Install(settings, Lutbridge); // another RawTherapee's settings: fine
            other.Kill();
            other.WaitForExit();
        }
        var installed = File.ReadAllText(Path.Combine(settings, "options"));
        using (var running = Start(fake, settings))
        {
            var e = Assert.Throws<LutBridge.Core.InputException>(() => RawTherapeeInstaller.Uninstall(settings));
            Assert.Contains($"RawTherapee is running (pid {running.Id})", e.Message);
            Assert.Throws<LutBridge.Core.InputException>(() => RawTherapeeInstaller.Install(settings, Lutbridge));
            running.Kill();
            running.WaitForExit();
        }
        Assert.Equal(installed, File.ReadAllText(Path.Combine(settings, "options")));
    }

    private static Process Start(string exe, string rtSettings)
    {
        var psi = new ProcessStartInfo(exe, "60") { UseShellExecute = false };
        psi.Environment["RT_SETTINGS"] = rtSettings;
        var process = Process.Start(psi)!;
        // Wait until the kernel shows the new name (exec done; a busy machine may take seconds).
        for (int i = 0; i < 1000 && File.ReadAllText($"/proc/{process.Id}/comm").Trim() != "rawtherapee"; i++) Thread.Sleep(20);
        Assert.Equal("rawtherapee", File.ReadAllText($"/proc/{process.Id}/comm").Trim());
        return process;
    }
}
