using System.Diagnostics;
using LutBridge.Core;

namespace LutBridge.Editors.Darktable;

/// <summary>
/// One darktable-cli run: exports every image of an input folder into an output folder,
/// optionally with a style imported in the same run (through --luacmd, as darktable-cli
/// can only apply styles that are in its configdir's database). Each run needs its own
/// configdir: two darktable processes sharing one fail on the database lock.
/// </summary>
public sealed record DarktableCliRun(
    string InputDir,
    string OutputDir,
    string Extension,
    string ConfigDir,
    string CacheDir,
    string LutFolder,
    string? StyleFile,
    string? StyleName)
{
    public const string Executable = "darktable-cli";

    /// <summary>More darktable settings for this run, each "key=value" (passed as --conf).</summary>
    public IReadOnlyList<string> Conf { get; init; } = [];

    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string>
        {
            InputDir, Path.Combine(OutputDir, "$(FILE_NAME)"), "--out-ext", Extension,
        };
        if (StyleName != null) args.AddRange(["--style", StyleName]);
        args.AddRange(["--apply-custom-presets", "false", "--core",
            "--configdir", ConfigDir, "--cachedir", CacheDir,
            "--conf", $"{DarktableConfig.LutFolderKey}={LutFolder}",
            "--conf", $"{DarktableConfig.OverwriteKey}=1",
            "--conf", "write_sidecar_files=never"]);
        foreach (var c in Conf) args.AddRange(["--conf", c]);
        if (StyleFile != null)
            args.AddRange(["--luacmd", $"local dt = require \"darktable\"; dt.styles.import({DarktableInstaller.LuaString(StyleFile)})"]);
        return args;
    }

    /// <summary>Runs darktable-cli; <paramref name="onExported"/> gets each output path as darktable reports it.</summary>
    public void Run(Action<string> onExported, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Arguments()) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InputException($"could not start {Executable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException($"{Executable} is not installed or cannot run ({e.Message}); install darktable (scripts/install-deps.sh)");
        }
        using (process)
        using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
        {
            // darktable 4.2 reports each export ("[export_job] exported to `path'") on stderr.
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderrLines = new List<string>();
            while (process.StandardError.ReadLine() is { } line)
            {
                stderrLines.Add(line);
                const string marker = "exported to `";
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) onExported(line[(at + marker.Length)..].TrimEnd('\'', ' '));
            }
            process.WaitForExit();
            _ = stdout.Result;
            cancel.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                var lastLines = string.Join(" | ", stderrLines.Where(l => l.Length > 0)
                    .Where(l => !l.Contains("running darktable as root")).TakeLast(3));
                throw new InputException($"{Executable} failed on {InputDir} (exit {process.ExitCode}): {lastLines}");
            }
        }
    }
}
