using LutBridge.Editors.Batch.Cluster;
using LutBridge.Testing;

namespace LutBridge.Cli.Tests;

/// <summary>
/// `batch --scheduler slurm` on a real one-node Slurm cluster (scripts/slurm-local.sh, started here
/// when it is not running): the same bytes as a local batch, resumable after scancel, a bad image
/// fails alone, and a missing sbatch is one clear line.
/// </summary>
public class BatchSlurmTests
{
    private static readonly Lazy<string> SlurmConf = new(() =>
    {
        var (code, stdout, stderr) = TestEnvironment.Run("bash", [TestEnvironment.RepoFile("scripts", "slurm-local.sh"), "start"], timeoutMs: 120_000);
        Assert.True(code == 0, $"the one-node Slurm cluster did not start (slurm-wlm and munge are required): {stdout} {stderr}");
        var line = stdout.Split('\n').Single(l => l.StartsWith("export SLURM_CONF=", StringComparison.Ordinal));
        return line["export SLURM_CONF=".Length..].Trim();
    });

    private static readonly Lazy<string> Photos = new(() =>
    {
        // Twelve 3-MP JPEGs (ImageMagick upscales two bundled photos), so a task takes long enough to cancel mid-way.
        var dir = TestEnvironment.NewTempDir("slurm-in");
        var magick = TestEnvironment.RequireTool("convert");
        for (int i = 0; i < 12; i++)
        {
            var src = TestEnvironment.RepoFile("samples", "photos", i % 2 == 0 ? "skimage_rocket.jpg" : "skimage_coffee.png");
            var (code, _, err) = TestEnvironment.Run(magick, [src, "-resize", "2100x1400!", "-quality", "90", Path.Combine(dir, $"p{i:D2}.jpg")]);
            Assert.True(code == 0, err);
        }
        return dir;
    });

    private static (int Code, string Out, string Err) Cli(IDictionary<string, string>? env, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        var environment = new Dictionary<string, string> { ["SLURM_CONF"] = SlurmConf.Value };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) environment[k] = v;
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 300_000, env: environment);
        Assert.DoesNotContain("   at ", stderr);
        return (code, stdout, stderr);
    }

    private static string Lut => TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube");

    [Fact]
    public void A_slurm_batch_writes_the_bytes_of_a_local_batch_and_a_cancelled_job_resumes_without_redoing_work()
    {
        var root = TestEnvironment.NewTempDir("slurm-out");
        string local = Path.Combine(root, "local"), cluster = Path.Combine(root, "cluster");
        Assert.Equal(0, Cli(null, "batch", "--lut", Lut, "--in", Photos.Value, "--out", local).Code);

        // Submit without waiting, cancel once the first shard has made some images but not all.
        var submit = Cli(null, "batch", "--lut", Lut, "--in", Photos.Value, "--out", cluster, "--scheduler", "slurm", "--per-task", "4", "--jobs", "1");
        Assert.Equal(0, submit.Code);
        var job = ClusterJob.Open(submit.Out.Trim().Split(' ')[^2]);
        Assert.Equal(3, job.Spec.Tasks);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (job.ReadProgress(0) is not { Done: >= 1 } && DateTime.UtcNow < deadline) Thread.Sleep(50);
        TestEnvironment.Run("scancel", [job.Spec.SchedulerJobId!]);
        while (SlurmScheduler.States(job.Spec.SchedulerJobId!).Count > 0 && DateTime.UtcNow < deadline) Thread.Sleep(200);
        var status = Cli(null, "batch-status", job.Dir);
        Assert.Equal(0, status.Code);
        var madeBefore = Directory.GetFiles(cluster, "*.jpg").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.InRange(madeBefore.Count, 1, 11); // cancelled mid-way

        // The same command again, followed to its end: finishes, keeps what was done.
        var again = Cli(null, "batch", "--lut", Lut, "--in", Photos.Value, "--out", cluster, "--scheduler", "slurm", "--per-task", "4", "--wait");
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("host on slurm", again.Out);
        foreach (var (file, time) in madeBefore) Assert.Equal(time, File.GetLastWriteTimeUtc(file));
        foreach (var file in Directory.GetFiles(local, "*.jpg"))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(cluster, Path.GetFileName(file))));
        Assert.Equal(12, Directory.GetFiles(cluster, "*.jpg").Length);
    }

    [Fact]
    public void A_corrupt_image_fails_alone_and_the_summary_and_exit_code_say_so()
    {
        var input = TestEnvironment.NewTempDir("slurm-bad");
        File.Copy(TestEnvironment.RepoFile("samples", "photos", "skimage_chelsea.png"), Path.Combine(input, "good.png"));
        File.WriteAllBytes(Path.Combine(input, "broken.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A]);
        var output = Path.Combine(TestEnvironment.NewTempDir("slurm-bad-out"), "out");
        var r = Cli(null, "batch", "--lut", Lut, "--in", input, "--out", output, "--scheduler", "slurm", "--tasks", "2", "--wait");
        Assert.Equal(1, r.Code);
        Assert.Contains("1 of 2 image(s) failed", r.Err);
        Assert.Contains("broken.jpg", r.Err);
        Assert.True(File.Exists(Path.Combine(output, "good.jpg")));
        Assert.False(File.Exists(Path.Combine(output, "broken.jpg")));
    }

    [Fact]
    public void Without_sbatch_the_error_is_one_line_and_nothing_is_written()
    {
        var bin = TestEnvironment.NewTempDir("nosbatch");
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), TestEnvironment.RequireTool("dotnet"));
        var output = Path.Combine(TestEnvironment.NewTempDir("nosbatch-out"), "out");
        var r = Cli(new Dictionary<string, string> { ["PATH"] = bin }, "batch", "--lut", Lut, "--in", Photos.Value, "--out", output, "--scheduler", "slurm");
        Assert.Equal(2, r.Code);
        Assert.StartsWith("lutbridge: sbatch not found: --scheduler slurm needs Slurm's commands on PATH", r.Err);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData(1, null, 1)]
    [InlineData(12, 5, null)]
    [InlineData(13, null, 4)]
    [InlineData(200, 7, null)]
    [InlineData(7, 20, null)]
    public void Shards_cover_every_image_once_in_order(int images, int? tasks, int? perTask)
    {
        var (t, k) = ClusterJob.Shape(images, tasks, perTask);
        var covered = Enumerable.Range(0, t).SelectMany(i => Enumerable.Range(i * k, Math.Max(0, Math.Min(k, images - i * k)))).ToList();
        Assert.Equal(Enumerable.Range(0, images), covered);
        Assert.True((t - 1) * k < images, "no empty task");
        if (perTask is { } p) Assert.Equal(p, k);
        if (tasks is { } n) Assert.True(t <= n);
    }
}
