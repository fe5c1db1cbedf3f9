using System.Text.Json;
using System.Text.Json.Serialization;
using LutBridge.Core;
using LutBridge.Core.IO;

namespace LutBridge.Editors.Batch.Cluster;

/// <summary>
/// What a batch spread over a cluster needs, written once into a job folder on the shared file
/// system before anything is submitted: the ordered input list, the options, and a copy of the look's
/// bytes (tasks read the copy; nothing is decomposed or re-read per task). Task <c>t</c> of
/// <see cref="Tasks"/> renders inputs <c>[t·PerTask, (t+1)·PerTask)</c> through the local batch path, so
/// outputs and their records stay the batch's whole state: a task that dies is simply run again.
/// </summary>
public sealed record ClusterJobSpec
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required IReadOnlyList<string> Inputs { get; init; }
    public required string OutputDir { get; init; }
    public required string Engine { get; init; }
    public required string Format { get; init; }
    public required int Quality { get; init; }
    public required bool Force { get; init; }
    /// <summary>Images in flight inside one task (its CPUs for the host engine).</summary>
    public required int JobsPerTask { get; init; }
    public required int Tasks { get; init; }
    public required int PerTask { get; init; }
    /// <summary>The look's file name inside the job folder, and where it was copied from.</summary>
    public required string LookFile { get; init; }
    public required string LookOrigin { get; init; }
    public string? SchedulerJobId { get; init; }
}

/// <summary>Progress of one task, rewritten (atomically) as it goes.</summary>
public sealed record TaskProgress(int Done, int Total);

/// <summary>One image's outcome as a task reports it.</summary>
public sealed record TaskResult(string Input, string Output, BatchOutcome Outcome, double Seconds, string? Error, string? Note);

/// <summary>A finished task's results; its absence means the task did not finish.</summary>
public sealed record TaskSummary(int Task, string Engine, double Seconds, IReadOnlyList<TaskResult> Results);

/// <summary>A job folder: <c>&lt;out&gt;/.lutbridge-batch/jobs/&lt;name&gt;/</c> with job.json, the look, and per-task progress and summaries.</summary>
public sealed class ClusterJob
{
    public const string SpecName = "job.json";

    private static readonly ClusterJobJson Json = ClusterJobJson.Default;

    public string Dir { get; }
    public ClusterJobSpec Spec { get; private set; }

    private ClusterJob(string dir, ClusterJobSpec spec)
    {
        Dir = dir;
        Spec = spec;
    }

    /// <summary>
    /// Validates <paramref name="request"/> as a local batch would (the whole plan, so output names are
    /// checked across shards) and writes the job folder; nothing is submitted yet.
    /// </summary>
    public static ClusterJob Create(BatchRequest request, int? tasks, int? perTask, int jobsPerTask)
    {
        request.Validate();
        BatchPlanner.Plan(request.Inputs, request.OutputDir, request.Format);
        var (t, k) = Shape(request.Inputs.Count, tasks, perTask);
        var outDir = Path.GetFullPath(request.OutputDir);
        var jobsRoot = Path.Combine(outDir, BatchRecord.Folder, "jobs");
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var dir = Path.Combine(jobsRoot, name);
        Directory.CreateDirectory(dir);
        var lookFile = "look" + Path.GetExtension(request.Source.Path).ToLowerInvariant();
        File.Copy(request.Source.Path, Path.Combine(dir, lookFile));
        var spec = new ClusterJobSpec
        {
            Inputs = request.Inputs.Select(Path.GetFullPath).ToList(),
            OutputDir = outDir,
            Engine = request.Engine.ToString().ToLowerInvariant(),
            Format = request.Format,
            Quality = request.Quality,
            Force = request.Force,
            JobsPerTask = jobsPerTask,
            Tasks = t,
            PerTask = k,
            LookFile = lookFile,
            LookOrigin = request.Source.Path,
        };
        var job = new ClusterJob(dir, spec);
        job.SaveSpec();
        return job;
    }

    /// <summary>Tasks and images per task: from --per-task, else from --tasks, never an empty task.</summary>
    public static (int Tasks, int PerTask) Shape(int images, int? tasks, int? perTask)
    {
        if (images < 1) throw new InputException("no input images given (--in)");
        if (perTask is { } k)
        {
            if (k < 1) throw new InputException($"--per-task must be at least 1, got {k}");
            return ((images + k - 1) / k, k);
        }
        if (tasks is < 1) throw new InputException($"--tasks must be at least 1, got {tasks}");
        int t = Math.Clamp(tasks ?? 1, 1, images);
        int per = (images + t - 1) / t;
        return ((images + per - 1) / per, per);
    }

    public static ClusterJob Open(string dir)
    {
        dir = Path.GetFullPath(dir);
        var specPath = Path.Combine(dir, SpecName);
        if (Directory.Exists(dir) && !File.Exists(specPath)) throw new InputException($"{dir}: is not a LutBridge batch job folder (no {SpecName})");
        if (!File.Exists(specPath)) throw new InputException($"{dir}: no such batch job folder");
        ClusterJobSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(File.ReadAllText(specPath), Json.ClusterJobSpec);
        }
        catch (JsonException e)
        {
            throw new InputException($"{specPath}: damaged job file: {e.Message}");
        }
        if (spec is null || spec.Version != ClusterJobSpec.CurrentVersion)
            throw new InputException($"{specPath}: not a job file of this LutBridge version");
        return new ClusterJob(dir, spec);
    }

    public void SetSchedulerJobId(string id)
    {
        Spec = Spec with { SchedulerJobId = id };
        SaveSpec();
    }

    private void SaveSpec() => AtomicFile.WriteAllText(Path.Combine(Dir, SpecName), JsonSerializer.Serialize(Spec, Json.ClusterJobSpec));

    public IReadOnlyList<string> Shard(int task)
    {
        if (task < 0 || task >= Spec.Tasks) throw new InputException($"task {task} is outside 0..{Spec.Tasks - 1}");
        return Spec.Inputs.Skip(task * Spec.PerTask).Take(Spec.PerTask).ToList();
    }

    /// <summary>The local batch that task <paramref name="task"/> runs.</summary>
    public BatchRequest RequestFor(int task) => new()
    {
        Source = LookSource.Open(null, Path.Combine(Dir, Spec.LookFile)),
        Inputs = Shard(task),
        OutputDir = Spec.OutputDir,
        Engine = BatchRequest.ParseEngine(Spec.Engine),
        Jobs = Spec.JobsPerTask,
        Format = Spec.Format,
        Quality = Spec.Quality,
        Force = Spec.Force,
    };

    public string ProgressPath(int task) => Path.Combine(Dir, $"task-{task}.progress.json");
    public string SummaryPath(int task) => Path.Combine(Dir, $"task-{task}.summary.json");
    public string LogPattern => Path.Combine(Dir, "task-%a.log");

    /// <summary>
    /// Progress is a report, not state (outputs and their records are), so it is not flushed to
    /// the disk. Together with writing it from a timer instead of inside the workers' lock, this made
    /// a 100-image task about 5% faster (interleaved runs, 2026-12-06; docs/scale.md).
    /// </summary>
    public void WriteProgress(int task, TaskProgress progress) =>
        AtomicFile.WriteAllText(ProgressPath(task), JsonSerializer.Serialize(progress, Json.TaskProgress), durable: false);

    public void WriteSummary(TaskSummary summary) =>
        AtomicFile.WriteAllText(SummaryPath(summary.Task), JsonSerializer.Serialize(summary, Json.TaskSummary));

    public TaskProgress? ReadProgress(int task) => ReadOrNull(ProgressPath(task), Json.TaskProgress);

    public TaskSummary? ReadSummary(int task) => ReadOrNull(SummaryPath(task), Json.TaskSummary);

    private static T? ReadOrNull<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), type) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null; // being replaced right now, or damaged: read again later
        }
    }

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs task <paramref name="task"/> here (what each Slurm array task does), reporting progress to its file.</summary>
    public TaskSummary RunTask(int task, CancellationToken cancel)
    {
        var request = RequestFor(task);
        int total = request.Inputs.Count, done = 0;
        WriteProgress(task, new TaskProgress(0, total));
        // A timer writes the progress file, so the workers that render never wait on file I/O or on
        // each other for it (the local batch's progress bar, too, is drawn by its own thread).
        int written = 0;
        bool warned = false;
        var gate = new object();
        void Report()
        {
            lock (gate)
            {
                int now = Volatile.Read(ref done);
                if (now == written) return;
                written = now;
                try
                {
                    WriteProgress(task, new TaskProgress(now, total));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Only the follower's bar misses it; the images and their records are what count.
                    if (!warned) Console.Error.WriteLine($"lutbridge: task {task}: progress not written: {e.Message}");
                    warned = true;
                }
            }
        }
        BatchSummary summary;
        using (var timer = new Timer(_ => Report(), null, ProgressInterval, ProgressInterval))
        {
            summary = BatchRunner.Run(request,
                started: todo => Volatile.Write(ref done, total - todo),
                finished: _ => Interlocked.Increment(ref done), cancel);
            using var stopped = new ManualResetEvent(false);
            timer.Dispose(stopped);
            stopped.WaitOne();
        }
        WriteProgress(task, new TaskProgress(total, total));
        var result = new TaskSummary(task, summary.Engine, summary.Seconds,
            summary.Results.Select(r => new TaskResult(r.Item.Input, r.Item.Output, r.Outcome, r.Seconds, r.Error, r.Note)).ToList());
        WriteSummary(result);
        return result;
    }

    /// <summary>Where the job stands, from its files alone.</summary>
    public JobStatus Status(IReadOnlyDictionary<int, string>? schedulerStates = null)
    {
        var tasks = Enumerable.Range(0, Spec.Tasks).Select(t =>
        {
            var summary = ReadSummary(t);
            var progress = ReadProgress(t);
            string state = summary is not null ? "finished"
                : schedulerStates?.TryGetValue(t, out var s) == true ? s.ToLowerInvariant()
                : schedulerStates is null ? "unknown" : "ended without finishing";
            return new ShardStatus(t, state, summary?.Results.Count ?? progress?.Done ?? 0, Shard(t).Count, summary);
        }).ToList();
        return new JobStatus(this, tasks);
    }
}

public sealed record ShardStatus(int Task, string State, int Done, int Total, TaskSummary? Summary);

public sealed record JobStatus(ClusterJob Job, IReadOnlyList<ShardStatus> Tasks)
{
    public int Done => Tasks.Sum(t => t.Done);
    public int Total => Tasks.Sum(t => t.Total);
    public bool AllFinished => Tasks.All(t => t.Summary is not null);
    public IEnumerable<ShardStatus> Unfinished => Tasks.Where(t => t.Summary is null);
}

/// <summary>
/// The job folder's JSON, generated at build time: each submitter, task and follower is a fresh
/// process, and reflection-based serialisation spent a noticeable part of their start-up on it.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    Converters = [typeof(SnakeCaseOutcomeConverter)])]
[JsonSerializable(typeof(ClusterJobSpec))]
[JsonSerializable(typeof(TaskProgress))]
[JsonSerializable(typeof(TaskSummary))]
internal sealed partial class ClusterJobJson : JsonSerializerContext;

/// <summary>Outcomes as "done", "skipped", "failed", as the job files have always had them.</summary>
internal sealed class SnakeCaseOutcomeConverter() : JsonStringEnumConverter<BatchOutcome>(JsonNamingPolicy.SnakeCaseLower);
