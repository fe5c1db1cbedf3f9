using System.Diagnostics;
using LutBridge.Core;

namespace LutBridge.Editors.Batch.Cluster;

/// <summary>
/// Slurm through its own commands (sbatch, squeue, sinfo): one job array per batch, one array task
/// per shard. No daemon of ours runs anywhere; Slurm's configuration is whatever the user's
/// environment gives (SLURM_CONF for the one-node cluster of scripts/slurm-local.sh).
/// </summary>
public static class SlurmScheduler
{
    /// <summary>Fails with one clear line when a Slurm command this needs is not on PATH.</summary>
    public static void RequireCommands()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var tool in new[] { "sbatch", "squeue", "sinfo", "scancel" })
            if (!path.Any(dir => File.Exists(Path.Combine(dir, tool))))
                throw new InputException(NotFound(tool));
    }

    private static string NotFound(string tool) =>
        $"{tool} not found: --scheduler slurm needs Slurm's commands on PATH " +
        "(Debian: slurm-client; to try it on this machine: bash scripts/slurm-local.sh start)";

    /// <summary>Nodes and CPUs per node of <paramref name="partition"/> (or the default partition).</summary>
    public static (int Nodes, int CpusPerNode) Capacity(string? partition)
    {
        var args = new List<string> { "-h", "-o", "%D %c" };
        if (partition is not null) { args.Add("-p"); args.Add(partition); }
        var output = Run("sinfo", args);
        int nodes = 0, cpus = int.MaxValue;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], out var n) || !int.TryParse(parts[1].TrimEnd('+'), out var c)) continue;
            nodes += n;
            cpus = Math.Min(cpus, c);
        }
        if (nodes == 0) throw new InputException($"Slurm reports no nodes{(partition is null ? "" : $" in partition '{partition}'")} (sinfo)");
        return (nodes, cpus);
    }

    /// <summary>Submits the job array that runs <paramref name="taskCommand"/> once per task; returns Slurm's job id.</summary>
    public static string Submit(ClusterJob job, string? partition, int cpusPerTask, IReadOnlyList<string> taskCommand)
    {
        var script = Path.Combine(job.Dir, "task.sh");
        File.WriteAllText(script,
            "#!/bin/sh\n" +
            "# One LutBridge batch shard per Slurm array task (written by lutbridge batch --scheduler slurm).\n" +
            "exec " + string.Join(" ", taskCommand.Select(Quote)) + " \"$SLURM_ARRAY_TASK_ID\"\n");
        var args = new List<string>
        {
            "--parsable", $"--array=0-{job.Spec.Tasks - 1}", "--job-name=lutbridge-batch",
            $"--output={job.LogPattern}", $"--cpus-per-task={cpusPerTask}", $"--chdir={job.Dir}",
        };
        if (partition is not null) args.Add($"--partition={partition}");
        args.Add(script);
        var id = Run("sbatch", args).Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new InputException($"sbatch gave no job id: '{id}'");
        return id;
    }

    /// <summary>Array task → state (PENDING, RUNNING, ...) for the tasks Slurm still lists.</summary>
    public static IReadOnlyDictionary<int, string> States(string jobId)
    {
        var output = Run("squeue", ["-h", "-r", "-j", jobId, "-o", "%K %T"], allowFailure: true);
        var states = new Dictionary<int, string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], out var task)) states[task] = parts[1];
        }
        return states;
    }

    public static void Cancel(string jobId) => Run("scancel", [jobId], allowFailure: true);

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static string Run(string tool, IReadOnlyList<string> args, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InputException($"{tool} could not be started");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InputException(NotFound(tool));
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && !allowFailure)
                throw new InputException($"{tool} failed (exit {process.ExitCode}): {stderr.Trim()}");
            return stdout.Result;
        }
    }
}
