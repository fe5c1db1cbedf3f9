using System.Runtime.InteropServices;

namespace LutBridge.Server.Hosting;

/// <summary>The few libc calls .NET has no API for: our uid and advisory file locks.</summary>
internal static partial class Native
{
    public const int LockExclusive = 2; // LOCK_EX
    public const int LockNonBlocking = 4; // LOCK_NB
    public const int SolSocket = 1; // SOL_SOCKET
    public const int SoPeerCred = 17; // SO_PEERCRED (Linux)

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int LStat(string path, byte* buffer);

    /// <summary>The owner uid of path (not following a final symlink), from struct stat.</summary>
    public static unsafe bool TryGetOwner(string path, out uint uid)
    {
        // st_uid offset in the Linux struct stat: after dev, ino, nlink(8), mode on x86_64;
        // after dev, ino, mode, nlink(4) on arm64.
        int offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 28,
            Architecture.Arm64 => 24,
            _ => -1,
        };
        uid = 0;
        if (offset < 0) return false;
        byte* buffer = stackalloc byte[256];
        if (LStat(path, buffer) != 0) return false;
        uid = *(uint*)(buffer + offset);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);
}
