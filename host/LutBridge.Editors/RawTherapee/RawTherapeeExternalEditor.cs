using System.Text;

namespace LutBridge.Editors.RawTherapee;

/// <summary>
/// RawTherapee 5.9's "Edit current image in external editor" hook, as its options file names it
/// (checked in RawTherapee 5.9's rtgui/options.cc and in the file the installed 5.9 writes):
/// <code>
/// [External Editor]
/// EditorKind=1          1 GIMP, 2 Photoshop, 3 custom command line
/// CustomEditor=         the custom command (Linux 5.9 runs "CMD" "FILE.tif": one program, no arguments)
/// OutputDir=0           where the TIFF goes: 0 the OS temp folder, 1 beside the photo, 2 CustomOutputDir
/// </code>
/// RawTherapee names the TIFF after the photo without its extension (IMG_0042.CR2 → IMG_0042.tif,
/// then IMG_0042-1.tif ... when that exists). LutBridge sets OutputDir=1 so that the photo the TIFF
/// came from can be found beside it. Because 5.9 quotes the whole command as one program, the
/// command is a small launcher script (<see cref="LauncherName"/>) in RawTherapee's settings folder.
/// </summary>
public static class RawTherapeeExternalEditor
{
    public const string Group = "External Editor";
    public const string EditorKindKey = "EditorKind";
    public const string CustomEditorKey = "CustomEditor";
    public const string OutputDirKey = "OutputDir";

    /// <summary>EditorKind of the custom command line (1 GIMP, 2 Photoshop).</summary>
    public const string CustomKind = "3";

    /// <summary>OutputDir "same as input image" (0 is the OS temp folder, 2 a custom folder).</summary>
    public const string BesidePhoto = "1";

    /// <summary>The launcher's file name in RawTherapee's settings folder.</summary>
    public const string LauncherName = "lutbridge-rt-edit";

    private const string LauncherMark = "# lutbridge-rt-edit: written by 'lutbridge install rawtherapee'";

    /// <summary>The keys install sets, with the values it sets them to (the launcher's path for the command).</summary>
    public static IReadOnlyList<(string Key, string Value)> Settings(string launcher) =>
    [
        (EditorKindKey, CustomKind),
        (CustomEditorKey, launcher),
        (OutputDirKey, BesidePhoto),
    ];

    public static string LauncherPath(string settingsDir) => Path.Combine(settingsDir, LauncherName);

    /// <summary>
    /// The launcher RawTherapee runs with the TIFF: <c>exec LUTBRIDGE rt-edit --settings DIR "$@"</c>
    /// (the settings folder travels along so rt-edit writes into this RawTherapee's CLUT folder).
    /// </summary>
    public static string LauncherScript(string lutbridge, string settingsDir) =>
        $"#!/bin/sh\n{LauncherMark}\n# RawTherapee runs it with the TIFF it wrote; 'lutbridge uninstall rawtherapee' removes it.\n" +
        $"exec {ShellQuote(lutbridge)} rt-edit --settings {ShellQuote(settingsDir)} \"$@\"\n";

    /// <summary>Whether <paramref name="path"/> is a launcher we wrote (uninstall removes only those).</summary>
    public static bool IsOurLauncher(string path)
    {
        if (!File.Exists(path)) return false;
        using var reader = new StreamReader(path, Encoding.UTF8);
        reader.ReadLine();
        return reader.ReadLine() == LauncherMark;
    }

    /// <summary>POSIX single quotes: nothing inside is special except the quote itself.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Sets the keys in <paramref name="options"/> and records in <paramref name="state"/> what each
    /// held before (or that it was absent) so that <see cref="Unregister"/> can put exactly that back.
    /// A repeated install keeps the first record: the user's own values.
    /// </summary>
    public static void Register(KeyFile options, KeyFile state, string launcher)
    {
        foreach (var (key, value) in Settings(launcher))
        {
            if (state.Get(StateGroup, key + SetSuffix) is null)
            {
                var previous = options.Get(Group, key);
                if (previous is null) state.Set(StateGroup, key + UnsetSuffix, "true");
                else state.Set(StateGroup, key + PreviousSuffix, previous);
            }
            state.Set(StateGroup, key + SetSuffix, value);
            options.Set(Group, key, value);
        }
    }

    /// <summary>
    /// Puts back each key install set, unless the user changed it since (then it stays, and the line
    /// says so). Removes the record from <paramref name="state"/>. One line per key looked at.
    /// </summary>
    public static IReadOnlyList<string> Unregister(KeyFile options, KeyFile state)
    {
        var lines = new List<string>();
        foreach (var key in new[] { EditorKindKey, CustomEditorKey, OutputDirKey })
        {
            var set = state.Get(StateGroup, key + SetSuffix);
            if (set is null) continue;
            var current = options.Get(Group, key);
            if (current != set)
            {
                lines.Add($"[{Group}] {key} was changed after install ('{current}'), left as it is");
            }
            else if (state.Get(StateGroup, key + PreviousSuffix) is { } previous)
            {
                options.Set(Group, key, previous);
                lines.Add($"[{Group}] {key} is '{previous}' again");
            }
            else
            {
                options.Remove(Group, key);
                lines.Add($"[{Group}] removed {key} (it was unset before install)");
            }
            foreach (var suffix in new[] { SetSuffix, PreviousSuffix, UnsetSuffix }) state.Remove(StateGroup, key + suffix);
        }
        return lines;
    }

    /// <summary>Whether <paramref name="state"/> holds an external-editor record.</summary>
    public static bool IsRegistered(KeyFile state) => state.Get(StateGroup, EditorKindKey + SetSuffix) is not null;

    private const string StateGroup = "LutBridge External Editor";
    private const string SetSuffix = "Set";
    private const string PreviousSuffix = "Previous";
    private const string UnsetSuffix = "WasUnset";
}
