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
    /// Creates the socket's directory with mode 0700, or checks an existing one: it must be a real
    /// directory owned by us and private (0700). Only the host's own folder (the default location's
    /// <c>lutbridge</c> folder, which hosts and clients create) is tightened when it is not; a folder
    /// the user chose with --socket is never changed: one that others can enter is refused, with a
    /// message that says what to do. Throws IOException naming the path.
    /// </summary>
    /// <param name="hostsOwnFolder">true when the folder is LutBridge's own (the default location)</param>
    public static void PrepareDirectory(string socketPath, bool hostsOwnFolder = false)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the LutBridge host needs Unix sockets");
        var dir = Path.GetDirectoryName(Path.GetFullPath(socketPath))
                  ?? throw new IOException($"{socketPath}: socket path has no directory");
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var info = new DirectoryInfo(dir);
        if (!info.Exists)
        {
            Directory.CreateDirectory(dir, Private);
            info.Refresh();
            hostsOwnFolder = true; // made just now, by us, for the socket
        }
        if (info.LinkTarget != null)
            throw new IOException($"{dir}: socket directory is a symbolic link; refusing to use it");
        var owner = OwnerOf(dir);
        if (owner != Native.GetEffectiveUserId())
            throw new IOException($"{dir}: socket directory belongs to uid {owner}, not to us; refusing to use it");
        var mode = info.UnixFileMode;
        if (mode == Private) return;
        if (!hostsOwnFolder)
            throw new IOException($"{dir}: the socket's folder is open to others (mode {Octal(mode)}), and the host only listens in a " +
                                  $"private one (0700); it does not change your folder. Give --socket a path in a new or private folder " +
                                  $"(mkdir -m 700 DIR), or leave --socket out");
        File.SetUnixFileMode(dir, Private);
    }

    /// <summary>True when <paramref name="socketPath"/> is the default location (whose folder is LutBridge's own).</summary>
    public static bool IsDefault(string socketPath) => Path.GetFullPath(socketPath) == Path.GetFullPath(DefaultPath());

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    private static uint OwnerOf(string path) =>
        Native.TryGetOwner(path, out var uid) ? uid : throw new IOException($"{path}: cannot stat the socket directory");
}
