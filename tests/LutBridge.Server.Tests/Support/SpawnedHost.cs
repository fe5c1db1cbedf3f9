using System.Diagnostics;
using System.Runtime.InteropServices;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Support;

/// <summary>`./lutbridge serve` as a separate process (for signals and killed-host cases).</summary>
public sealed partial class SpawnedHost : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    public string SocketPath { get; }

    public SpawnedHost(string socketPath, bool testMethods = true, params string[] extraArgs)
    {
        SocketPath = socketPath;
        var psi = new ProcessStartInfo(TestEnvironment.RepoFile("lutbridge"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "serve", "--socket", socketPath }) psi.ArgumentList.Add(a);
        if (testMethods) psi.ArgumentList.Add("--test-methods");
        foreach (var a in extraArgs) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ./lutbridge serve");
        _stderr = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string StdErr => _stderr.Result;

    /// <summary>Waits until a client can connect (the launcher may build the CLI first).</summary>
    public void WaitListening(int timeoutMs = 180_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the host exited with {_process.ExitCode}: {_stderr.Result}");
            try
            {
                using var probe = new RpcTestClient(SocketPath);
                if (probe.Call("ping").Value.AsString() == "pong") return;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"nothing listens on {SocketPath} after {timeoutMs} ms");
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public bool WaitForExit(int ms) => _process.WaitForExit(ms);

    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
            _process.WaitForExit(10000);
        }
        _process.Dispose();
    }
}
