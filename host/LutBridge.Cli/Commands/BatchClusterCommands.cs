using System.CommandLine;
using System.Reflection;
using LutBridge.Core;
using LutBridge.Editors.Batch;
using LutBridge.Editors.Batch.Cluster;
using Spectre.Console;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `batch --scheduler slurm` and its companions: `batch-status JOB` (where a submitted batch stands,
/// optionally following it) and `batch-task JOB TASK` (what each Slurm array task runs).
/// </summary>
internal static class BatchClusterCommands
{
    /// <summary>Submits <paramref name="request"/> as one Slurm job array; follows it when <paramref name="wait"/>.</summary>
    public static int Submit(BatchRequest request, string? partition, int? tasks, int? perTask, int? jobs, bool wait)
    {
        SlurmScheduler.RequireCommands();
        var (nodes, cpus) = SlurmScheduler.Capacity(partition);
        int jobsPerTask = jobs ?? (request.Engine == BatchEngineKind.Host ? cpus : 1);
        var job = ClusterJob.Create(request, tasks ?? nodes, perTask, jobsPerTask);
        var id = SlurmScheduler.Submit(job, partition, cpus, [.. SelfCommand(), "batch-task", job.Dir]);
        job.SetSchedulerJobId(id);
        Console.Error.WriteLine($"lutbridge: submitted Slurm job {id}: {job.Spec.Tasks} task(s) of up to {job.Spec.PerTask} image(s), " +
                                $"{cpus} CPU(s) each; the output folder must be on a file system every node shares");
        Console.Error.WriteLine($"lutbridge: job folder {job.Dir}");
        if (!wait)
        {
            Console.WriteLine($"follow it with: lutbridge batch-status {job.Dir} [--wait]");
            return CliApp.ExitOk;
        }
        return Follow(job);
    }

    public static Command Status()
    {
        var jobDir = new Argument<string>("job") { Description = "the job folder printed at submission (<out>/.lutbridge-batch/jobs/NAME)" };
        var wait = new Option<bool>("--wait") { Description = "follow the job to its end with a progress bar, then print the summary" };
        var command = new Command("batch-status",
            "Where a batch submitted with --scheduler slurm stands: per task pending/running/finished and images done; " +
            "once every task has finished, the same summary and exit code as a local batch. A task that ended without " +
            "finishing (scancel, a lost node, out of time) is listed: run the same batch command again to finish it " +
            "(finished images are kept).\nExample:\n  lutbridge batch-status graded/.lutbridge-batch/jobs/20261205-101500-a1b2c3 --wait")
        { jobDir, wait };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var job = ClusterJob.Open(pr.GetValue(jobDir)!);
            if (pr.GetValue(wait)) return Follow(job);
            var status = job.Status(job.Spec.SchedulerJobId is { } id ? SlurmScheduler.States(id) : null);
            Console.WriteLine($"job {job.Spec.SchedulerJobId ?? "(not submitted)"}: {status.Done} of {status.Total} image(s) done");
            foreach (var t in status.Tasks)
                Console.WriteLine($"  task {t.Task}: {t.State}, {t.Done}/{t.Total}");
            return status.AllFinished ? Report(job, status, null) : CliApp.ExitOk;
        }));
        return command;
    }

    public static Command Task()
    {
        var jobDir = new Argument<string>("job") { Description = "job folder" };
        var task = new Argument<int>("task") { Description = "array task index ($SLURM_ARRAY_TASK_ID)" };
        var command = new Command("batch-task", "Run one shard of a cluster batch (Slurm runs this; you need not).") { jobDir, task };
        command.Hidden = true;
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var job = ClusterJob.Open(pr.GetValue(jobDir)!);
            using var cancel = new CancellationTokenSource();
            // Slurm's scancel sends SIGTERM first: stop between images (outputs are atomic either way).
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
            var summary = job.RunTask(pr.GetValue(task), cancel.Token);
            int failed = summary.Results.Count(r => r.Outcome == BatchOutcome.Failed);
            Console.WriteLine($"task {summary.Task}: {summary.Results.Count(r => r.Outcome == BatchOutcome.Done)} rendered, " +
                              $"{summary.Results.Count(r => r.Outcome == BatchOutcome.Skipped)} skipped, {failed} failed in {summary.Seconds:F1} s");
            return failed == 0 ? CliApp.ExitOk : BatchCommand.ExitSomeFailed;
        }));
        return command;
    }

    /// <summary>
    /// How often the follower asks Slurm which tasks it still lists. Only a task that ended without
    /// writing its summary (scancel, a lost node) needs Slurm's word, and a few seconds' delay in
    /// noticing that costs nothing; each squeue is a process that competes with the tasks on a
    /// small node (once a second, it cost about 5% of a 2-core node's throughput).
    /// </summary>
    private static readonly TimeSpan SchedulerPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest the follower sleeps without a file event: on a network file system, where
    /// other nodes' writes raise none, this is the polling interval.
    /// </summary>
    private static readonly TimeSpan FilePollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Follows the job with one progress bar until every task has finished or Slurm lists none of them, then reports.</summary>
    private static int Follow(ClusterJob job)
    {
        var id = job.Spec.SchedulerJobId ?? throw new InputException($"{job.Dir}: the job was never submitted");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var signal = new JobFolderSignal(job.Dir);
        var states = SlurmScheduler.States(id);
        JobStatus status = job.Status(states);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(false).AutoRefresh(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask($"batch (slurm job {id})", maxValue: Math.Max(1, status.Total));
                var asked = System.Diagnostics.Stopwatch.StartNew();
                while (true)
                {
                    if (asked.Elapsed >= SchedulerPollInterval)
                    {
                        states = SlurmScheduler.States(id);
                        asked.Restart();
                    }
                    status = job.Status(states);
                    bar.Value = status.Done;
                    ctx.Refresh();
                    // Every summary written means every task is done: Slurm may list a task a
                    // moment longer while it reaps it, and that moment is not the user's to wait.
                    if (states.Count == 0 || status.AllFinished) break;
                    signal.Wait(FilePollInterval);
                }
                status = job.Status(new Dictionary<int, string>());
                bar.Value = status.Done;
                ctx.Refresh();
            });
        return Report(job, status, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The local batch's summary and exit code, plus the tasks that did not finish.</summary>
    private static int Report(ClusterJob job, JobStatus status, double? seconds)
    {
        var finished = status.Tasks.Where(t => t.Summary is not null).Select(t => t.Summary!).ToList();
        var results = finished.SelectMany(s => s.Results)
            .Select(r => new BatchItemResult(new BatchItem(r.Input, r.Output), r.Outcome, r.Seconds, r.Error, r.Note)).ToList();
        var summary = new BatchSummary($"{job.Spec.Engine} on slurm", results,
            seconds ?? finished.Select(s => s.Seconds).DefaultIfEmpty(0).Max());
        int code = BatchCommand.Report(summary);
        var unfinished = status.Unfinished.ToList();
        if (unfinished.Count == 0) return code;
        foreach (var t in unfinished)
            Console.Error.WriteLine($"lutbridge: task {t.Task} ({t.Total} image(s), {t.Done} done) {t.State}: " +
                                    $"run the same batch command again to finish it (done images are kept)");
        return BatchCommand.ExitSomeFailed;
    }

    /// <summary>How this very program is started again: the apphost, or dotnet with this assembly.</summary>
    private static string[] SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var dll = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && dll is { Length: > 0 } ? [process, dll] : [process];
    }
}
