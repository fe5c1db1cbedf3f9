namespace LutBridge.Editors.RawTherapee;

/// <summary>
/// Finds a running RawTherapee GUI of this user. RawTherapee keeps an open photo's settings in
/// memory and writes them to the photo's sidecar (IMAGE.pp3) when the photo is closed or the
/// program quits, so a sidecar changed while the photo is open is overwritten and the change lost.
/// RawTherapee does not say which photo is open (it keeps no file open), so any running GUI counts.
/// </summary>
public static class RawTherapeeProcess
{
    /// <summary>The process name of the GUI (rawtherapee-cli, the batch renderer, does not count).</summary>
    public const string GuiName = "rawtherapee";

    /// <summary>The pid of a running RawTherapee GUI of this user, or null.</summary>
    public static int? RunningGui() => RunningGuiWhere(_ => true);

    /// <summary>
    /// The pid of a running RawTherapee GUI of this user whose settings folder is
    /// <paramref name="settingsDir"/> (from its RT_SETTINGS, XDG_CONFIG_HOME or HOME, as RawTherapee
    /// resolves it), or null. A GUI whose environment cannot be read counts.
    /// </summary>
    public static int? RunningGuiUsing(string settingsDir)
    {
        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(settingsDir));
        return RunningGuiWhere(dir => SettingsDirOf(dir) is not { } its || Path.TrimEndingDirectorySeparator(its) == wanted);
    }

    /// <summary>The settings folder of the process in <paramref name="procDir"/>, or null when its environment is not readable.</summary>
    private static string? SettingsDirOf(string procDir)
    {
        byte[] raw;
        try { raw = File.ReadAllBytes(Path.Combine(procDir, "environ")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in System.Text.Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) env[entry[..eq]] = entry[(eq + 1)..];
        }
        string cwd;
        try { cwd = new DirectoryInfo(Path.Combine(procDir, "cwd")).ResolveLinkTarget(true)?.FullName ?? "/"; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { cwd = "/"; }
        if (env.TryGetValue("RT_SETTINGS", out var rt) && rt.Length > 0) return Path.GetFullPath(rt, cwd);
        if (env.TryGetValue("XDG_CONFIG_HOME", out var xdg) && xdg.Length > 0) return Path.Combine(Path.GetFullPath(xdg, cwd), "RawTherapee");
        return env.TryGetValue("HOME", out var home) ? Path.Combine(home, ".config", "RawTherapee") : null;
    }

    private static int? RunningGuiWhere(Func<string, bool> matches)
    {
        if (!Directory.Exists("/proc")) return null;
        var self = OwnerOf($"/proc/{Environment.ProcessId}");
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                if (comm == GuiName && OwnerOf(dir) == self && !Exited(dir) && matches(dir)) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile, or is not ours to look at
            }
        }
        return null;
    }

    /// <summary>A process that has ended but not been reaped yet (a zombie) writes nothing any more.</summary>
    private static bool Exited(string procDir) =>
        File.ReadLines(Path.Combine(procDir, "status")).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));

    private static string OwnerOf(string procDir)
    {
        foreach (var line in File.ReadLines(Path.Combine(procDir, "status")))
            if (line.StartsWith("Uid:", StringComparison.Ordinal)) return line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        return "";
    }
}
