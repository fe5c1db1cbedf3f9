using LutBridge.Core;
using System.Runtime.InteropServices;
using System.Text;

namespace LutBridge.Cli.Native;

/// <summary>
/// liblutbridge_client.so (plugin-c/client, built by CMake into build/plugin-c/client/) loaded
/// at run time, so `bench rpc` measures the editors' own path to the host.
/// </summary>
internal sealed unsafe class ClientLibrary
{
    public const string FileName = "liblutbridge_client.so";

    [StructLayout(LayoutKind.Sequential)]
    private struct Options
    {
        public nint SocketPath;
        public int Autostart;
        public nint HostCmd;
        public int StartTimeoutMs;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Error
    {
        public int Code;
        public fixed byte Message[256];

        public readonly string Text()
        {
            fixed (byte* p = Message) return Marshal.PtrToStringUTF8((nint)p) ?? "";
        }
    }

    private readonly delegate* unmanaged<Options*, void> _optionsInit;
    private readonly delegate* unmanaged<Options*, nint*, Error*, int> _connect;
    private readonly delegate* unmanaged<nint, byte*, void*, nuint, int, Error*, int> _callDiscard;
    private readonly delegate* unmanaged<nint, void> _close;

    public string Path { get; }

    private ClientLibrary(string path)
    {
        Path = path;
        var handle = NativeLibrary.Load(path);
        _optionsInit = (delegate* unmanaged<Options*, void>)NativeLibrary.GetExport(handle, "lb_options_init");
        _connect = (delegate* unmanaged<Options*, nint*, Error*, int>)NativeLibrary.GetExport(handle, "lb_connect");
        _callDiscard = (delegate* unmanaged<nint, byte*, void*, nuint, int, Error*, int>)NativeLibrary.GetExport(handle, "lb_call_discard");
        _close = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(handle, "lb_close");
    }

    /// <summary>
    /// $LUTBRIDGE_CLIENT_LIB, else build/plugin-c/client/liblutbridge_client.so beside the CLI's
    /// build folder; throws InputException saying how to build it when absent.
    /// </summary>
    public static ClientLibrary Load()
    {
        var fromEnv = Environment.GetEnvironmentVariable("LUTBRIDGE_CLIENT_LIB");
        var candidates = fromEnv is { Length: > 0 }
            ? [fromEnv]
            : new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
                .Select(start => FindUpwards(start, System.IO.Path.Combine("build", "plugin-c", "client", FileName)))
                .OfType<string>().ToArray();
        var path = candidates.FirstOrDefault(File.Exists)
                   ?? throw new InputException($"{FileName} not found (looked in {(fromEnv is { Length: > 0 } ? fromEnv : "build/plugin-c/client/")}): " +
                                               "build the native half first (bash scripts/build.sh, or cmake -S . -B build && cmake --build build), " +
                                               "or point LUTBRIDGE_CLIENT_LIB at the library");
        try
        {
            return new ClientLibrary(System.IO.Path.GetFullPath(path));
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw new InputException($"{path}: cannot load the client library: {e.Message}");
        }
    }

    private static string? FindUpwards(string start, string relative)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>A connection (lb_connect; autostart starts the host when nobody listens).</summary>
    public nint Connect(string? socketPath, bool autostart)
    {
        Options o;
        _optionsInit(&o);
        o.Autostart = autostart ? 1 : 0;
        var path = socketPath == null ? 0 : Marshal.StringToCoTaskMemUTF8(socketPath);
        try
        {
            o.SocketPath = path;
            nint client;
            Error e;
            var rc = _connect(&o, &client, &e);
            if (rc != 0) throw new InputException($"cannot connect to the host: {e.Text()} (code {rc})");
            return client;
        }
        finally
        {
            Marshal.ZeroFreeCoTaskMemUTF8(path);
        }
    }

    /// <summary>One call whose result is dropped; the error code (0 = ok) and message.</summary>
    public int Call(nint client, ReadOnlySpan<byte> methodZ, int timeoutMs, out Error error)
    {
        fixed (byte* m = methodZ)
        fixed (Error* e = &error)
            return _callDiscard(client, m, null, 0, timeoutMs, e);
    }

    public void Close(nint client) => _close(client);

    public static byte[] MethodName(string name) => Encoding.UTF8.GetBytes(name + "\0");
}
