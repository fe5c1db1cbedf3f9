namespace LutBridge.Server.Hosting;

/// <summary>Where the host listens, and the private directory around the socket.</summary>
public static class SocketLocation
{
    /// <summary>$XDG_RUNTIME_DIR/lutbridge/host.sock, else /tmp/lutbridge-$UID/host.sock (same rule as the C client).</summary>
    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return !string.IsNullOrEmpty(xdg) && xdg.StartsWith('/')
            ? Path.Combine(xdg, "lutbridge", "host.sock")
            : $"/tmp/lutbridge-{Native.GetEffectiveUserId()}/host.sock";
    }

    /// <summary>
    /// Creates the socket's directory with mode 0700, or checks an existing one: it must be a
    /// real directory owned by us, and is tightened to 0700. Throws IOException naming the path.
    /// </summary>
    public static void PrepareDirectory(string socketPath)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the LutBridge host needs Unix sockets");
        var dir = Path.GetDirectoryName(Path.GetFullPath(socketPath))
                  ?? throw new IOException($"{socketPath}: socket path has no directory");
        var info = new DirectoryInfo(dir);
        if (!info.Exists)
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            info.Refresh();
        }
        if (info.LinkTarget != null)
            throw new IOException($"{dir}: socket directory is a symbolic link; refusing to use it");
        var owner = OwnerOf(dir);
        if (owner != Native.GetEffectiveUserId())
            throw new IOException($"{dir}: socket directory belongs to uid {owner}, not to us; refusing to use it");
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (info.UnixFileMode != Private)
            File.SetUnixFileMode(dir, Private);
    }

    private static uint OwnerOf(string path) =>
        Native.TryGetOwner(path, out var uid) ? uid : throw new IOException($"{path}: cannot stat the socket directory");
}
