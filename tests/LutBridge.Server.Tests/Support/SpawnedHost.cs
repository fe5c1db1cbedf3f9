using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Support;

/// <summary>`./lutbridge serve` as a separate process (for signals and killed-host cases).</summary>
public sealed partial class SpawnedHost : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        _process = new Process { StartInfo = psi };
        // The host says when it listens ("lutbridge serve: listening on PATH"): tests wait on that line, not on a clock.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                _stderrClosed.TrySetResult();
                // The buffer itself, not StdErr: this runs on a pool thread, possibly after Dispose,
                // when asking the Process whether it exited throws (and crashed the test host).
                string text;
                lock (_stderr) text = _stderr.ToString();
                _listening.TrySetException(new InvalidOperationException($"the host ended its output without listening: {text}"));
                return;
            }
            lock (_stderr) _stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("lutbridge serve: listening on ", StringComparison.Ordinal)) _listening.TrySetResult();
        };
        if (!_process.Start()) throw new InvalidOperationException("cannot start ./lutbridge serve");
        _process.BeginErrorReadLine();
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    /// <summary>What the host wrote to stderr: all of it once it has exited, else so far.</summary>
    public string StdErr
    {
        get
        {
            if (_process.HasExited) _stderrClosed.Task.Wait(TimeSpan.FromSeconds(10)); // the last lines arrive after the exit
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>
    /// Waits until the host says it listens (then a client can connect: the socket is bound and
    /// listening). The bound is generous because the launcher may build the CLI first.
    /// </summary>
    public void WaitListening(int timeoutMs = 180_000)
    {
        try
        {
            _listening.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs)).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the host did not say it listens on {SocketPath} within {timeoutMs} ms: {StdErr}");
        }
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    /// <summary>Waits for the process to end (an event, bounded by <paramref name="ms"/>: a real process cannot run on a fake clock).</summary>
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
