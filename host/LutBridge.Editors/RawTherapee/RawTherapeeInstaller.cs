using LutBridge.Core.IO;

namespace LutBridge.Editors.RawTherapee;

/// <summary>What <see cref="RawTherapeeInstaller.Install"/> did.</summary>
public sealed record InstallResult(
    string OptionsPath,
    string ClutsDirectory,
    string LutBridgeFolder,
    bool OptionsChanged,
    string? PreviousValue,
    string? BackupPath,
    string? EditorLauncher = null);

/// <summary>What <see cref="RawTherapeeInstaller.Uninstall"/> did, one line per change.</summary>
public sealed record UninstallResult(IReadOnlyList<string> Changes, string? KeptFolder);

/// <summary>
/// Points RawTherapee's Film Simulation tool at a CLUT folder that holds LutBridge's looks.
/// RawTherapee 5.9 has no plugin loader; its <c>[Color Management] ClutsDirectory</c> option is
/// the hook. An absolute folder the user already set is kept (LutBridge uses a subfolder of it);
/// an unset or relative one (RawTherapee's default is "./cluts", relative to wherever RawTherapee
/// was started) becomes the absolute <c>&lt;settings&gt;/cluts</c>. When install changes the option
/// it records the previous value in <c>&lt;settings&gt;/lutbridge.install</c> so that uninstall can
/// put exactly that value back (RawTherapee rewrites its options file on exit, so restoring the
/// whole backup would lose the user's later settings).
/// </summary>
public static class RawTherapeeInstaller
{
    public const string BackupSuffix = ".lutbridge-backup";
    public const string StateFileName = "lutbridge.install";
    private const string StateGroup = "LutBridge";
    private const string SetKey = "ClutsDirectorySet";
    private const string PreviousKey = "PreviousClutsDirectory";

    /// <summary>
    /// Sets up the CLUT folder and, given the <c>lutbridge</c> launcher, registers LutBridge as
    /// RawTherapee's custom external editor (<see cref="RawTherapeeExternalEditor"/>). Refused while
    /// a RawTherapee using these settings runs: it writes its options file when it quits.
    /// </summary>
    public static InstallResult Install(string settingsDir, string? lutbridge = null)
    {
        settingsDir = Path.GetFullPath(settingsDir);
        var optionsPath = RawTherapeeSettings.OptionsPath(settingsDir);
        RefuseWhileRunning(settingsDir, optionsPath, "install");
        bool exists = File.Exists(optionsPath);
        var options = exists ? KeyFile.Load(optionsPath) : KeyFile.Empty();
        var before = options.ToString();
        var current = options.Get(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey);

        bool keep = !string.IsNullOrEmpty(current) && Path.IsPathFullyQualified(current);
        var cluts = keep ? current! : Path.Combine(settingsDir, "cluts");
        var folder = Path.Combine(cluts, RawTherapeeSettings.LutBridgeSubfolder);
        Directory.CreateDirectory(folder);

        var statePath = Path.Combine(settingsDir, StateFileName);
        var state = File.Exists(statePath) ? KeyFile.Load(statePath) : KeyFile.Empty();
        if (!keep)
        {
            options.Set(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey, cluts);
            RecordClutFolder(state, cluts, current);
        }
        string? launcher = null;
        if (lutbridge is not null)
        {
            launcher = RawTherapeeExternalEditor.LauncherPath(settingsDir);
            AtomicFile.WriteAllText(launcher, RawTherapeeExternalEditor.LauncherScript(lutbridge, settingsDir));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                               UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            RawTherapeeExternalEditor.Register(options, state, launcher);
        }

        string? backup = null;
        var after = options.ToString();
        if (after != before || !exists)
        {
            if (exists)
            {
                backup = optionsPath + BackupSuffix;
                // The first backup holds the user's own file; later installs never overwrite it.
                if (!File.Exists(backup)) AtomicFile.WriteAllBytes(backup, File.ReadAllBytes(optionsPath));
            }
            AtomicFile.WriteAllText(statePath, state.ToString());
            AtomicFile.WriteAllText(optionsPath, after);
        }
        return new InstallResult(optionsPath, cluts, folder, !keep, current, backup, launcher);
    }

    /// <summary>
    /// RawTherapee keeps its options in memory and writes them all back when it quits, so a change
    /// made while it runs would be undone: refuse, naming the process.
    /// </summary>
    private static void RefuseWhileRunning(string settingsDir, string optionsPath, string what)
    {
        if (RawTherapeeProcess.RunningGuiUsing(settingsDir) is int pid)
            throw new Core.InputException($"{optionsPath}: RawTherapee is running (pid {pid}) with these settings and rewrites this file " +
                                          $"when it quits, which would undo the {what}: quit RawTherapee, then run it again");
    }

    /// <summary>
    /// Undoes <see cref="Install"/>: puts the previous ClutsDirectory back when install set it and
    /// nobody changed it since, and removes the LutBridge CLUT folder when it is empty. HaldCLUTs
    /// stay: profiles (.pp3) refer to them by absolute path, photos edited in the GUI by a path
    /// relative to the CLUT folder, so while any LutBridge CLUT is left the folder setting stays too
    /// (and the install record, so a later uninstall can still restore it).
    /// </summary>
    public static UninstallResult Uninstall(string settingsDir)
    {
        settingsDir = Path.GetFullPath(settingsDir);
        var changes = new List<string>();
        var optionsPath = RawTherapeeSettings.OptionsPath(settingsDir);
        var statePath = Path.Combine(settingsDir, StateFileName);
        var folder = RawTherapeeSettings.InstalledClutFolder(settingsDir);
        RefuseWhileRunning(settingsDir, optionsPath, "uninstall");
        changes.AddRange(UnregisterEditor(settingsDir, optionsPath, statePath));

        // Photos edited in RawTherapee's GUI store ClutFilename=LutBridge/NAME.png relative to the CLUT
        // folder: while LutBridge CLUTs exist, moving the folder setting would take their looks away.
        var cluts = folder is not null && Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".tif" or ".tiff").ToList()
            : [];
        if (cluts.Count > 0 && File.Exists(statePath) && KeyFile.Load(statePath).Get(StateGroup, SetKey) is not null)
        {
            var clutsDirectory = Path.GetDirectoryName(folder!)!;
            changes.Add($"{optionsPath}: kept ClutsDirectory={clutsDirectory}: {folder} holds {cluts.Count} LutBridge CLUT(s), and photos " +
                        $"edited in RawTherapee name them as {RawTherapeeSettings.LutBridgeSubfolder}/NAME inside that folder; putting your " +
                        "previous setting back would take those photos' looks away. Delete the CLUTs no photo uses and run uninstall again to restore it.");
            return new UninstallResult(changes, folder);
        }
        if (File.Exists(statePath) && File.Exists(optionsPath) && KeyFile.Load(statePath).Get(StateGroup, SetKey) is not null)
        {
            var state = KeyFile.Load(statePath);
            var options = KeyFile.Load(optionsPath);
            var set = state.Get(StateGroup, SetKey);
            var previous = state.Get(StateGroup, PreviousKey);
            var current = options.Get(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey);
            if (current == set)
            {
                if (previous is null)
                    options.Remove(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey);
                else
                    options.Set(RawTherapeeSettings.ColorManagementGroup, RawTherapeeSettings.ClutsDirectoryKey, previous);
                AtomicFile.WriteAllText(optionsPath, options.ToString());
                changes.Add(previous is null
                    ? $"{optionsPath}: removed ClutsDirectory (it was unset before install)"
                    : $"{optionsPath}: ClutsDirectory is '{previous}' again");
            }
            else
            {
                changes.Add($"{optionsPath}: ClutsDirectory was changed after install ('{current}'), left as it is");
            }
        }
        if (File.Exists(statePath))
        {
            File.Delete(statePath);
            changes.Add($"removed {statePath}");
        }

        string? kept = null;
        if (folder is not null && Directory.Exists(folder))
        {
            if (Directory.EnumerateFileSystemEntries(folder).Any())
                kept = folder;
            else
            {
                Directory.Delete(folder);
                changes.Add($"removed the empty folder {folder}");
            }
        }
        return new UninstallResult(changes, kept);
    }

    /// <summary>Records the ClutsDirectory install sets; a repeated install (after the user reset the option) keeps the first previous value.</summary>
    private static void RecordClutFolder(KeyFile state, string set, string? previous)
    {
        bool first = state.Get(StateGroup, SetKey) is null;
        state.Set(StateGroup, SetKey, set);
        if (first && previous is not null) state.Set(StateGroup, PreviousKey, previous);
    }

    /// <summary>Puts the external-editor keys back (and removes our launcher); the CLUT record stays in the state file.</summary>
    private static IReadOnlyList<string> UnregisterEditor(string settingsDir, string optionsPath, string statePath)
    {
        var lines = new List<string>();
        if (File.Exists(statePath) && File.Exists(optionsPath))
        {
            var state = KeyFile.Load(statePath);
            if (RawTherapeeExternalEditor.IsRegistered(state))
            {
                var options = KeyFile.Load(optionsPath);
                var before = options.ToString();
                lines.AddRange(RawTherapeeExternalEditor.Unregister(options, state).Select(l => $"{optionsPath}: {l}"));
                if (options.ToString() != before) AtomicFile.WriteAllText(optionsPath, options.ToString());
                AtomicFile.WriteAllText(statePath, state.ToString());
            }
        }
        var launcher = RawTherapeeExternalEditor.LauncherPath(settingsDir);
        if (RawTherapeeExternalEditor.IsOurLauncher(launcher))
        {
            File.Delete(launcher);
            lines.Add($"removed {launcher}");
        }
        return lines;
    }
}
