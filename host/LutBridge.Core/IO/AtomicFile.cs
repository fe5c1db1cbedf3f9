namespace LutBridge.Core.IO;

/// <summary>
/// Writes files so that readers see either the old content or the complete new one: the bytes
/// go to a temporary file in the same folder, which is then renamed over the target. Several
/// outputs of one command are written all or none (<see cref="WriteAll"/>). A replaced file
/// keeps its permissions; a read-only one is refused. Errors name the user's file, never the
/// temporary; temporaries of killed LutBridge processes are swept on the next write there.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Called once for each folder a write had to create (the CLI prints a note: a missing
    /// output folder is made, but never silently).
    /// </summary>
    public static Action<string>? FolderCreated { get; set; }

    /// <param name="durable">
    /// Flush the bytes to the disk before the rename (the default: an output must survive a crash whole).
    /// Pass false only for files that are rewritten often and are not state, such as progress
    /// reports: readers still see old or new content, never a mix, but a crash may lose the latest.
    /// </param>
    public static void Write(string path, Action<Stream> write, bool durable = true) => WriteAll([(path, write)], durable);

    /// <summary>
    /// Writes every file to its temporary first and renames them into place only when all
    /// were written; when any fails, none of the targets changes.
    /// </summary>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files, bool durable = true)
    {
        foreach (var (path, _) in files) OutputFile.Check(path);
        var staged = new List<(string Path, string Full, string Temp)>();
        try
        {
            foreach (var (path, write) in files)
            {
                var full = Path.GetFullPath(path);
                var dir = Path.GetDirectoryName(full) ?? ".";
                CreateFolder(dir);
                StaleTemporaries.Sweep(dir);
                var temp = Path.Combine(dir, StaleTemporaries.TempName(Path.GetFileName(full)));
                staged.Add((path, full, temp));
                Guarded(path, temp, () =>
                {
                    using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        write(stream);
                        stream.Flush(flushToDisk: durable);
                    }
                    // A replaced file keeps its mode (a 0600 file stays private).
                    if (File.Exists(full) && !OperatingSystem.IsWindows())
                        File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
                });
            }
            foreach (var (path, full, temp) in staged)
                Guarded(path, temp, () => File.Move(temp, full, overwrite: true));
        }
        catch
        {
            foreach (var (_, _, temp) in staged)
                try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    public static void WriteAllText(string path, string text, bool durable = true) => Write(path, s => WriteText(s, text), durable);

    /// <summary>Writes UTF-8 text (no BOM) to a stream; for <see cref="WriteAll"/> callers.</summary>
    public static void WriteText(Stream stream, string text)
    {
        using var w = new StreamWriter(stream, leaveOpen: true);
        w.Write(text);
    }

    private static void CreateFolder(string dir)
    {
        if (Directory.Exists(dir)) return;
        Directory.CreateDirectory(dir);
        FolderCreated?.Invoke(dir);
    }

    /// <summary>Runs a file operation; an I/O error is re-thrown naming the user's file instead of the temporary.</summary>
    private static void Guarded(string path, string temp, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e.Message.Replace($"'{temp}'", "").Replace(temp, Path.GetFileName(path)).Replace("  ", " ").Trim();
            throw new IOException($"{path}: cannot write ({reason})", e);
        }
    }
}
