using LutBridge.Core.IO;

namespace LutBridge.Editors.RawTherapee;

/// <summary>What <see cref="RawTherapeeInstaller.Install"/> did.</summary>
public sealed record InstallResult(
    string OptionsPath,
    string ClutsDirectory,
    string LutBridgeFolder,
    bool OptionsChanged,
    string? PreviousValue,
    string? BackupPath);

/// <summary>
/// Points RawTherapee's Film Simulation tool at a CLUT folder that holds LutBridge's looks.
/// RawTherapee 5.9 has no plugin loader; its <c>[Color Management] ClutsDirectory</c> option is
/// the hook. An absolute folder the user already set is kept (LutBridge uses a subfolder of it);
/// an unset or relative one (RawTherapee's default is "./cluts", relative to wherever RawTherapee
/// was started) becomes the absolute <c>&lt;settings&gt;/cluts</c>.
/// </summary>
public static class RawTherapeeInstaller
{
    public const string BackupSuffix = ".lutbridge-backup";

    public static InstallResult Install(string settingsDir)
    {
        settingsDir = Path.GetFullPath(settingsDir);
        var optionsPath = RawTherapeeSettings.OptionsPath(settingsDir);
        bool exists = File.Exists(optionsPath);
        var options = exists ? KeyFile.Load(optionsPath) : KeyFile.Empty();
        var current = options.Get(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey);

        bool keep = !string.IsNullOrEmpty(current) && Path.IsPathFullyQualified(current);
        var cluts = keep ? current! : Path.Combine(settingsDir, "cluts");
        var folder = Path.Combine(cluts, RawTherapeeSettings.LutBridgeSubfolder);
        Directory.CreateDirectory(folder);

        string? backup = null;
        if (!keep)
        {
            options.Set(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey, cluts);
            if (exists)
            {
                backup = optionsPath + BackupSuffix;
                // The first backup holds the user's own file; later installs never overwrite it.
                if (!File.Exists(backup)) AtomicFile.WriteAllBytes(backup, File.ReadAllBytes(optionsPath));
            }
            AtomicFile.WriteAllText(optionsPath, options.ToString());
        }
        return new InstallResult(optionsPath, cluts, folder, !keep, current, backup);
    }
}
