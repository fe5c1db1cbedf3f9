using System.Text;
using System.Text.Json;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Looks;

namespace LutBridge.Editors.Darktable;

/// <summary>What an install changed, so that uninstall can undo exactly that.</summary>
public sealed record DarktableInstallRecord(bool LuarcExisted, bool DarktablercExisted, string? LutFolderSet);

/// <summary>
/// Installs the LutBridge panel into a darktable configuration folder:
///   &lt;configdir&gt;/lua/lutbridge/{panel.lua, lutbridge_session.lua, lutbridge.so, config.lua, install.json}
///   one line in &lt;configdir&gt;/luarc (a backup of luarc is kept as luarc.lutbridge-backup)
///   plugins/darkroom/lut3d/def_path in darktablerc when it is unset (so lut3d finds our LUTs).
/// Installing twice changes nothing; uninstall reverses exactly what install did. Baked LUTs in
/// &lt;configdir&gt;/lutbridge/luts stay (image histories refer to them).
/// </summary>
public sealed class DarktableInstaller(string configDir)
{
    public const string RequireLine = "require \"lutbridge.panel\" -- LutBridge panel (remove with: lutbridge uninstall darktable)";
    public const string BackupSuffix = ".lutbridge-backup";

    public string ConfigDir { get; } = Path.GetFullPath(configDir);
    public string ScriptDir => Path.Combine(ConfigDir, "lua", "lutbridge");
    public string Luarc => Path.Combine(ConfigDir, "luarc");
    public string Darktablerc => Path.Combine(ConfigDir, "darktablerc");
    private string RecordPath => Path.Combine(ScriptDir, "install.json");

    public bool IsInstalled => File.Exists(RecordPath);

    /// <summary>Copies the panel and the module, adds the require line; returns a list of what it did.</summary>
    public IReadOnlyList<string> Install(IReadOnlyList<string> luaScripts, string luaModule, string hostCommand)
    {
        foreach (var f in luaScripts.Append(luaModule))
            if (!File.Exists(f)) throw new InputException($"{f}: no such file (build the plugin first: scripts/build.sh)");
        if (File.Exists(ConfigDir)) throw new InputException($"{ConfigDir}: is a file, expected a darktable configuration folder");
        var done = new List<string>();

        var record = IsInstalled ? ReadRecord() : new DarktableInstallRecord(File.Exists(Luarc), File.Exists(Darktablerc), null);
        Directory.CreateDirectory(ScriptDir);
        foreach (var script in luaScripts)
            CopyIfChanged(script, Path.Combine(ScriptDir, Path.GetFileName(script)), done);
        CopyIfChanged(luaModule, Path.Combine(ScriptDir, "lutbridge.so"), done);

        var luarc = File.Exists(Luarc) ? File.ReadAllText(Luarc) : "";
        if (!HasRequireLine(luarc))
        {
            if (File.Exists(Luarc) && !File.Exists(Luarc + BackupSuffix))
            {
                File.Copy(Luarc, Luarc + BackupSuffix);
                done.Add($"backed up {Luarc} to {Luarc + BackupSuffix}");
            }
            var separator = luarc.Length == 0 || luarc.EndsWith('\n') ? "" : "\n";
            AtomicFile.WriteAllText(Luarc, luarc + separator + RequireLine + "\n");
            done.Add($"added the LutBridge line to {Luarc}");
        }

        var rc = File.Exists(Darktablerc) ? File.ReadAllText(Darktablerc) : "";
        if (DarktableConfig.ReadKey(rc, DarktableConfig.LutFolderKey) is null or "")
        {
            var folder = DarktableConfig.LutFolder(ConfigDir);
            Directory.CreateDirectory(folder);
            var separator = rc.Length == 0 || rc.EndsWith('\n') ? "" : "\n";
            var without = RemoveKeyLines(rc, DarktableConfig.LutFolderKey);
            AtomicFile.WriteAllText(Darktablerc, without + separator + $"{DarktableConfig.LutFolderKey}={folder}\n");
            record = record with { LutFolderSet = folder };
            done.Add($"set {DarktableConfig.LutFolderKey}={folder} in {Darktablerc}");
        }
        var lutRoot = DarktableConfig.ReadKey(File.Exists(Darktablerc) ? File.ReadAllText(Darktablerc) : "", DarktableConfig.LutFolderKey)!;
        WriteIfChanged(Path.Combine(ScriptDir, "config.lua"), ConfigScript(hostCommand, DarktableConfig.LutFolder(ConfigDir), lutRoot), done);
        Directory.CreateDirectory(DarktableConfig.LutFolder(ConfigDir));
        AtomicFile.WriteAllText(RecordPath, JsonSerializer.Serialize(record));
        return done;
    }

    /// <summary>Removes what <see cref="Install"/> added; returns a list of what it did.</summary>
    public IReadOnlyList<string> Uninstall()
    {
        var done = new List<string>();
        var record = IsInstalled ? ReadRecord() : null;

        if (File.Exists(Luarc))
        {
            var luarc = File.ReadAllText(Luarc);
            if (HasRequireLine(luarc))
            {
                var restored = string.Concat(SplitKeepingEnds(luarc).Where(l => l.TrimEnd('\r', '\n') != RequireLine));
                var backup = Luarc + BackupSuffix;
                // Install may have added a newline to a luarc that lacked a final one: give back the exact original.
                if (File.Exists(backup) && File.ReadAllText(backup) is var original && original.TrimEnd('\n') == restored.TrimEnd('\n'))
                    restored = original;
                if (restored.Length == 0 && record is { LuarcExisted: false })
                {
                    File.Delete(Luarc);
                    done.Add($"removed {Luarc} (install had created it)");
                }
                else
                {
                    AtomicFile.WriteAllText(Luarc, restored);
                    done.Add($"removed the LutBridge line from {Luarc}");
                }
                if (File.Exists(backup) && (!File.Exists(Luarc) || File.ReadAllText(backup) == restored))
                {
                    File.Delete(backup);
                    done.Add($"removed {backup} (identical to the restored luarc)");
                }
            }
        }

        if (record?.LutFolderSet is { } folder && File.Exists(Darktablerc))
        {
            var rc = File.ReadAllText(Darktablerc);
            if (DarktableConfig.ReadKey(rc, DarktableConfig.LutFolderKey) == folder)
            {
                var restored = RemoveKeyLines(rc, DarktableConfig.LutFolderKey);
                if (restored.Length == 0 && !record.DarktablercExisted) File.Delete(Darktablerc);
                else AtomicFile.WriteAllText(Darktablerc, restored);
                done.Add($"removed {DarktableConfig.LutFolderKey} from {Darktablerc}");
            }
        }
        DeleteIfEmpty(DarktableConfig.LutFolder(ConfigDir)); // it holds baked LUTs once used: then it stays
        DeleteIfEmpty(Path.GetDirectoryName(DarktableConfig.LutFolder(ConfigDir))!);

        if (Directory.Exists(ScriptDir))
        {
            Directory.Delete(ScriptDir, recursive: true);
            done.Add($"removed {ScriptDir}");
            var luaDir = Path.GetDirectoryName(ScriptDir)!;
            if (!Directory.EnumerateFileSystemEntries(luaDir).Any()) Directory.Delete(luaDir);
        }
        if (done.Count == 0) done.Add($"LutBridge is not installed in {ConfigDir}: nothing to do");
        return done;
    }

    /// <summary>config.lua: what the panel needs to know about this installation.</summary>
    /// <param name="lutDir">where the panel writes baked LUTs and styles</param>
    /// <param name="lutRoot">lut3d's folder (def_path): style paths are relative to it</param>
    public static string ConfigScript(string hostCommand, string lutDir, string lutRoot)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("-- Written by 'lutbridge install darktable'; rewritten on every install.\n");
        sb.Append("return {\n");
        sb.Append($"  host_cmd = {LuaString(hostCommand)},\n");
        sb.Append($"  lut_dir = {LuaString(lutDir)},\n");
        sb.Append($"  lut_root = {LuaString(lutRoot)},\n");
        sb.Append("  -- The Look's parameters (LookParameters): the panel's sliders; description = their tooltips.\n");
        sb.Append("  parameters = {\n");
        foreach (var p in LookParameters.All)
            sb.Append(string.Format(inv, "    {{ index = {0}, name = {1}, group = {2}, min = {3:R}, max = {4:R}, neutral = {5:R}, step = {6:R}, unit = {7}, description = {8} }},\n",
                p.Index, LuaString(p.Name), LuaString(p.Group), p.Min, p.Max, p.Neutral, p.Step, LuaString(p.Unit), LuaString(p.Description)));
        sb.Append("  },\n");
        sb.Append("}\n");
        return sb.ToString();
    }

    public static string LuaString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", '\r' => "\\r", _ => c.ToString() });
        return sb.Append('"').ToString();
    }

    private static bool HasRequireLine(string luarc) =>
        SplitKeepingEnds(luarc).Any(l => l.TrimEnd('\r', '\n') == RequireLine);

    private static IEnumerable<string> SplitKeepingEnds(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            yield return text[start..end];
            start = end;
        }
    }

    private static string RemoveKeyLines(string rc, string key) =>
        string.Concat(SplitKeepingEnds(rc).Where(l => !l.StartsWith(key + "=", StringComparison.Ordinal)));

    private static void DeleteIfEmpty(string dir)
    {
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }

    private static void CopyIfChanged(string from, string to, List<string> done)
    {
        var bytes = File.ReadAllBytes(from);
        if (File.Exists(to) && File.ReadAllBytes(to).AsSpan().SequenceEqual(bytes)) return;
        AtomicFile.WriteAllBytes(to, bytes);
        done.Add($"installed {to}");
    }

    private static void WriteIfChanged(string path, string text, List<string> done)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        AtomicFile.WriteAllText(path, text);
        done.Add($"wrote {path}");
    }

    private DarktableInstallRecord ReadRecord()
    {
        try
        {
            return JsonSerializer.Deserialize<DarktableInstallRecord>(File.ReadAllText(RecordPath))
                   ?? throw new InputException($"{RecordPath}: empty install record");
        }
        catch (JsonException e)
        {
            throw new InputException($"{RecordPath}: not a LutBridge install record ({e.Message})");
        }
    }
}
