using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace LutBridge.Core.IO;

/// <summary>
/// Removes the temporaries that LutBridge processes killed mid-write (kill -9, the OOM killer,
/// a power cut) left behind: <c>.NAME.PID.GUID.tmp</c> files of <see cref="AtomicFile"/> and
/// <c>.lutbridge-work-PID-GUID</c> folders of the editor exports. Only names of exactly that
/// shape whose PID no longer runs are removed; each folder is swept once per process.
/// </summary>
public static partial class StaleTemporaries
{
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    // .NAME.PID.GUID.tmp (AtomicFile) and .NAME.lutbridge-PID-GUID.EXT (renderers that need the extension)
    [GeneratedRegex(@"^\..+\.((?<pid>[0-9]{1,10})\.[0-9a-f]{32}\.tmp|lutbridge-(?<pid>[0-9]{1,10})-[0-9a-f]{32}\.[a-z]{3,4})$")]
    private static partial Regex TempFile();

    [GeneratedRegex(@"^\.lutbridge-work-(?<pid>[0-9]{1,10})-[0-9a-f]{32}$")]
    private static partial Regex WorkFolder();

    /// <summary>The temporary file name <see cref="AtomicFile"/> uses for <paramref name="fileName"/>.</summary>
    public static string TempName(string fileName) => $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    /// <summary>A temporary name that keeps <paramref name="extension"/> (for renderers that choose the format by it).</summary>
    public static string TempNameWithExtension(string stem, string extension) =>
        $".{stem}.lutbridge-{Environment.ProcessId}-{Guid.NewGuid():N}.{extension}";

    /// <summary>A work folder name for <paramref name="folder"/> that <see cref="Sweep"/> recognises once this process is gone.</summary>
    public static string WorkFolderPath(string folder) =>
        Path.Combine(folder, $".lutbridge-work-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>Removes dead processes' temporaries from <paramref name="folder"/> (once per process and folder).</summary>
    public static void Sweep(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Swept.TryAdd(folder, true)) return;
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(folder, ".*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            var file = TempFile().Match(name);
            var work = file.Success ? Match.Empty : WorkFolder().Match(name);
            var match = file.Success ? file : work;
            if (!match.Success || !int.TryParse(match.Groups["pid"].Value, out var pid) || IsRunning(pid)) continue;
            try
            {
                if (file.Success && File.Exists(entry)) File.Delete(entry);
                else if (work.Success && Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // someone else's, or being removed by another sweeper: leave it
            }
        }
    }

    /// <summary>Whether a process with this id exists (a reused id counts as running: the file is kept).</summary>
    public static bool IsRunning(int pid) => pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");
}
