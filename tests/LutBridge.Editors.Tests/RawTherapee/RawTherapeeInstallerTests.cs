using LutBridge.Editors.RawTherapee;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.RawTherapee;

public class RawTherapeeInstallerTests
{
    /// <summary>An options file written by RawTherapee 5.9 itself (it writes one on first run).</summary>
    private static string RealOptions(string settings)
    {
        var dir = Path.GetDirectoryName(settings)!;
        var photo = Path.Combine(dir, "p.jpg");
        File.Copy(TestEnvironment.SharedFile("photos", "skimage_rocket.jpg"), photo, overwrite: true);
        var (rc, stdout, stderr) = RealRawTherapee.Run(settings, "-o", Path.Combine(dir, "o.jpg"), "-Y", "-c", photo);
        Assert.True(rc == 0, stdout + stderr);
        var options = Path.Combine(settings, "options");
        Assert.True(File.Exists(options), "rawtherapee-cli wrote no options file");
        return options;
    }

    [Fact]
    public void SetsAnAbsoluteClutFolderInRawTherapeesOwnOptionsFileChangingOnlyThatLine()
    {
        var dir = TestEnvironment.NewTempDir("rtinstall");
        var settings = Path.Combine(dir, "settings");
        var options = RealOptions(settings);
        var before = File.ReadAllLines(options);
        Assert.Contains("ClutsDirectory=./cluts", before); // RawTherapee's relative default

        var result = RawTherapeeInstaller.Install(settings);

        var expected = Path.Combine(settings, "cluts");
        Assert.True(result.OptionsChanged);
        Assert.Equal(expected, result.ClutsDirectory);
        Assert.Equal(Path.Combine(expected, "LutBridge"), result.LutBridgeFolder);
        Assert.True(Directory.Exists(result.LutBridgeFolder));
        var after = File.ReadAllLines(options);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Equal($"ClutsDirectory={expected}", after[Assert.Single(changed)]);
        Assert.Equal(before, File.ReadAllLines(result.BackupPath!));
        Assert.Equal(result.LutBridgeFolder, RawTherapeeSettings.InstalledClutFolder(settings));

        // RawTherapee still reads the file: a second run keeps our setting (it rewrites options on exit).
        RealOptions(settings);
        Assert.Contains($"ClutsDirectory={expected}", File.ReadAllLines(options));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void IsIdempotentAndKeepsTheFirstBackup()
    {
        var dir = TestEnvironment.NewTempDir("rtinstall");
        var options = Path.Combine(dir, "options");
        File.WriteAllText(options, "[General]\nTabbedEditor=false\n\n[Color Management]\nClutsDirectory=./cluts\n");
        var original = File.ReadAllText(options);
        var first = RawTherapeeInstaller.Install(dir);
        var once = File.ReadAllText(options);
        var second = RawTherapeeInstaller.Install(dir);
        Assert.True(first.OptionsChanged);
        Assert.False(second.OptionsChanged);
        Assert.Equal(once, File.ReadAllText(options));
        Assert.Equal(original, File.ReadAllText(options + RawTherapeeInstaller.BackupSuffix));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void KeepsTheUsersOwnAbsoluteFolderAndUsesASubfolder()
    {
        var dir = TestEnvironment.NewTempDir("rtinstall");
        var mine = Path.Combine(dir, "my cluts");
        var text = $"[Color Management]\nClutsDirectory={mine}\n";
        File.WriteAllText(Path.Combine(dir, "options"), text);
        var result = RawTherapeeInstaller.Install(dir);
        Assert.False(result.OptionsChanged);
        Assert.Equal(Path.Combine(mine, "LutBridge"), result.LutBridgeFolder);
        Assert.True(Directory.Exists(result.LutBridgeFolder));
        Assert.Equal(text, File.ReadAllText(Path.Combine(dir, "options")));
        Assert.False(File.Exists(Path.Combine(dir, "options" + RawTherapeeInstaller.BackupSuffix)));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void CreatesAnOptionsFileWhenRawTherapeeNeverRan()
    {
        var dir = Path.Combine(TestEnvironment.NewTempDir("rtinstall"), "RawTherapee");
        var result = RawTherapeeInstaller.Install(dir);
        Assert.True(result.OptionsChanged);
        Assert.Null(result.BackupPath);
        Assert.Equal(Path.Combine(dir, "cluts"), KeyFile.Load(Path.Combine(dir, "options")).Get("Color Management", "ClutsDirectory"));
    }
}
