using System.Runtime.InteropServices;

namespace LutBridge.Core.IO;

/// <summary>The few libc calls .NET does not expose: canonical paths and permission checks as the kernel sees them.</summary>
internal static unsafe partial class Posix
{
    private const int WriteOk = 2; // W_OK

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint p);

    /// <summary>The path with every symbolic link, "." and ".." resolved, or null when it does not exist.</summary>
    public static string? Canonical(string path)
    {
        nint p = RealPath(path, 0);
        if (p == 0) return null;
        try { return Marshal.PtrToStringUTF8(p); }
        finally { Free(p); }
    }

    /// <summary>Whether this process may write <paramref name="path"/> (a file, or a folder's entries).</summary>
    public static bool CanWrite(string path) => Access(path, WriteOk) == 0;
}
