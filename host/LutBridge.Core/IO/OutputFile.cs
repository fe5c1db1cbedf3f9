namespace LutBridge.Core.IO;

/// <summary>
/// Checks output paths before any work starts, so a command never fails after writing part of
/// its outputs: the path is not a folder, not a read-only file, not one of the inputs, and its
/// folder exists or can be created (the nearest existing ancestor is a writable folder).
/// </summary>
public static class OutputFile
{
    /// <summary>Throws <see cref="InputException"/> naming the output when it cannot be written.</summary>
    /// <param name="inputs">files the command reads; writing over one of them is refused unless <paramref name="force"/></param>
    public static void Check(string path, IEnumerable<string>? inputs = null, bool force = false)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputException($"{path}: is a folder; give a file name");
        if (File.Exists(full))
        {
            if (!force && inputs != null)
                foreach (var input in inputs)
                    if (SameFile(full, input))
                        throw new InputException($"{path}: is also the input {input}; writing it would replace your original (choose another output, or add --force to replace it)");
            // No write bit at all is the user saying "keep this" (root could write it anyway).
            if (!Posix.CanWrite(full) || (!OperatingSystem.IsWindows() &&
                (File.GetUnixFileMode(full) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0))
                throw new InputException($"{path}: is read-only; make it writable (chmod u+w) or choose another name");
        }
        var ancestor = Path.GetDirectoryName(full);
        while (ancestor != null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor)) throw new InputException($"{path}: {ancestor} is a file, not a folder");
            ancestor = Path.GetDirectoryName(ancestor);
        }
        if (ancestor != null && !Posix.CanWrite(ancestor))
            throw new InputException($"{path}: cannot write into {ancestor} (permission denied)");
    }

    /// <summary>True when two paths name one file (symbolic links and relative spellings resolved).</summary>
    public static bool SameFile(string a, string b)
    {
        var ca = Posix.Canonical(a);
        var cb = Posix.Canonical(b);
        return ca != null && ca == cb;
    }
}
