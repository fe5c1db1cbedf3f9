namespace LutBridge.Server.Hosting;

/// <summary>
/// An exclusive flock on SOCKET.lock held for the host's lifetime: two hosts starting at once
/// (two editors starting one on demand) cannot both replace a stale socket.
/// </summary>
public sealed class HostLock : IDisposable
{
    private readonly FileStream _handle;
    public string Path { get; }

    private HostLock(FileStream handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The lock, or null when another process holds it.</summary>
    public static HostLock? TryAcquire(string socketPath)
    {
        var path = socketPath + ".lock";
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the LutBridge host needs Unix sockets");
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.ReadWrite,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // .NET's own shared flock met the running host's exclusive one
        }
        if (Native.Flock((int)stream.SafeFileHandle.DangerousGetHandle(), Native.LockExclusive | Native.LockNonBlocking) != 0)
        {
            stream.Dispose();
            return null;
        }
        return new HostLock(stream, path);
    }

    public void Dispose() => _handle.Dispose(); // closing the descriptor releases the lock
}
