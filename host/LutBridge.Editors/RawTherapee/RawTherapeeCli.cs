using System.Diagnostics;
using System.Globalization;
using LutBridge.Core;

namespace LutBridge.Editors.RawTherapee;

/// <summary>Output settings for one rawtherapee-cli conversion.</summary>
public sealed record RtOutput(string Format, int JpegQuality = 95, int Bits = 8)
{
    /// <summary>rawtherapee-cli's format flags: -j<q> -js3 (4:4:4), -n -b8|16 (PNG), -tz -b8|16 (TIFF, deflate).</summary>
    public IEnumerable<string> Arguments() => Format switch
    {
        "jpg" => [$"-j{JpegQuality.ToString(CultureInfo.InvariantCulture)}", "-js3"],
        "png" => ["-n", $"-b{Bits}"],
        "tif" => ["-tz", $"-b{Bits}"],
        _ => throw new InputException($"unknown output format '{Format}' (jpg, png or tif)"),
    };
}

/// <summary>
/// Drives RawTherapee's headless converter. Each instance owns private RT_SETTINGS and RT_CACHE
/// folders (deleted on dispose) so that runs never touch the user's RawTherapee settings and
/// parallel runs never share one. rawtherapee-cli pitfalls handled here: PNG/TIFF input is skipped
/// without -a, an existing output is skipped without -Y, -c must come last, and a missing CLUT
/// still exits 0 (callers verify the pixels; see <c>RawTherapeeEngine</c>).
/// </summary>
public sealed class RawTherapeeCli : IDisposable
{
    public const string ExecutableName = "rawtherapee-cli";

    private readonly string _root;
    private readonly bool _ownsRoot;

    public string Executable { get; }
    public string SettingsDir => Path.Combine(_root, "settings");
    public string CacheDir => Path.Combine(_root, "cache");

    public RawTherapeeCli(string? executable = null, string? privateDir = null)
    {
        Executable = executable ?? FindOnPath(ExecutableName)
            ?? throw new InputException($"{ExecutableName} not found on PATH (Debian: apt-get install rawtherapee)");
        _ownsRoot = privateDir is null;
        _root = privateDir ?? Path.Combine(Path.GetTempPath(), $"lutbridge-rt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(SettingsDir);
        Directory.CreateDirectory(CacheDir);
    }

    /// <summary>The argument list for one conversion (exposed for tests).</summary>
    public static List<string> Arguments(string input, string output, IEnumerable<string> profiles, RtOutput format)
    {
        var args = new List<string> { "-o", output, "-Y", "-a", "-q" };
        foreach (var p in profiles) { args.Add("-p"); args.Add(p); }
        args.AddRange(format.Arguments());
        args.Add("-c"); // must be last, followed only by inputs
        args.Add(input);
        return args;
    }

    /// <summary>Converts one file; throws <see cref="InputException"/> when rawtherapee-cli fails or writes nothing.</summary>
    public void Convert(string input, string output, IEnumerable<string> profiles, RtOutput format, CancellationToken cancel = default)
    {
        if (File.Exists(output)) File.Delete(output);
        var args = Arguments(input, output, profiles, format);
        var (code, log) = Run(args, cancel);
        if (code != 0)
            throw new InputException($"{input}: rawtherapee-cli failed (exit {code}): {LastLines(log)}");
        if (!File.Exists(output))
            throw new InputException($"{input}: rawtherapee-cli wrote no output ({LastLines(log)})");
    }

    private (int Code, string Log) Run(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RT_SETTINGS"] = SettingsDir;
        psi.Environment["RT_CACHE"] = CacheDir;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Executable}");
        var stdout = p.StandardOutput.ReadToEndAsync(cancel);
        var stderr = p.StandardError.ReadToEndAsync(cancel);
        try
        {
            p.WaitForExitAsync(cancel).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        return (p.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }

    private static string LastLines(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no output" : string.Join(" | ", lines.TakeLast(3));
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public void Dispose()
    {
        if (!_ownsRoot) return;
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
