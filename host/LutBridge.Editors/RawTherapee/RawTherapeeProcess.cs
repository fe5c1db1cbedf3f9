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
    public static int? RunningGui()
    {
        if (!Directory.Exists("/proc")) return null;
        var self = OwnerOf($"/proc/{Environment.ProcessId}");
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                if (comm == GuiName && OwnerOf(dir) == self) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile, or is not ours to look at
            }
        }
        return null;
    }

    private static string OwnerOf(string procDir)
    {
        foreach (var line in File.ReadLines(Path.Combine(procDir, "status")))
            if (line.StartsWith("Uid:", StringComparison.Ordinal)) return line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        return "";
    }
}
