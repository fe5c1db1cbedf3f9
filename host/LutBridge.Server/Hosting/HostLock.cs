using Microsoft.Win32.SafeHandles;

namespace LutBridge.Server.Hosting;

/// <summary>
/// An exclusive flock on SOCKET.lock held for the host's lifetime: two hosts starting at once
/// (two editors starting one on demand) cannot both replace a stale socket.
/// </summary>
public sealed class HostLock : IDisposable
{
    private readonly SafeFileHandle _handle;
    public string Path { get; }

    private HostLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The lock, or null when another process holds it.</summary>
    public static HostLock? TryAcquire(string socketPath)
    {
        var path = socketPath + ".lock";
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite,
            FileOptions.None, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (Native.Flock((int)handle.DangerousGetHandle(), Native.LockExclusive | Native.LockNonBlocking) != 0)
        {
            handle.Dispose();
            return null;
        }
        return new HostLock(handle, path);
    }

    public void Dispose() => _handle.Dispose(); // closing the descriptor releases the lock
}
