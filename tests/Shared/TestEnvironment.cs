using System.Diagnostics;

namespace LutBridge.Testing;

/// <summary>
/// Where tests find the repository, the shared data set and external tools. Missing
/// things fail the test loudly: CI must never pass by silently skipping a comparison.
/// </summary>
public static class TestEnvironment
{
    /// <summary>The repository root (the folder holding LutBridge.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/data beside the repository; throws when absent.</summary>
    public static string SharedData
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("LUTBRIDGE_SHARED_DATA")
                      ?? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            if (!Directory.Exists(dir))
                throw new InvalidOperationException($"shared test data not found at {dir} (set LUTBRIDGE_SHARED_DATA)");
            return dir;
        }
    }

    public static string SharedFile(params string[] parts) => Path.Combine([SharedData, .. parts]);

    public static string RepoFile(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>A fresh temporary directory, unique per call.</summary>
    public static string NewTempDir(string tag = "test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lutbridge-{tag}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Absolute path of a required command on PATH; throws (fails the test) when missing.</summary>
    public static string RequireTool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"required tool '{name}' is not installed (run scripts/install-deps.sh)");
    }

    /// <summary>Runs a process to completion, returning exit code, stdout and stderr.</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string fileName, IEnumerable<string> args,
        string? workingDirectory = null, int timeoutMs = 300_000, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{fileName} did not finish within {timeoutMs} ms");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LutBridge.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (LutBridge.sln)");
    }
}
