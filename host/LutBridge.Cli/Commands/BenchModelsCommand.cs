using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Neural.Embedding;
using LutBridge.Neural.Models;
using LutBridge.Neural.Preprocessing;
using LutBridge.Neural.Runtime;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge bench models`: images/s of an image-embedding model on the CPU and, when it loads,
/// CUDA; and our own share of a batch (decode, resize, normalise, copy) beside the model's run.
/// </summary>
internal static class BenchModelsCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "an installed image-embedding model (see models list)" };
        var file = new Option<string?>("--model-file") { Description = "or an .onnx file used in place, with CLIP preprocessing" };
        var images = new Option<string[]>("--image") { Description = "images to embed (default: the bundled sample photos)", AllowMultipleArgumentsPerToken = true };
        var batch = new Option<int>("--batch") { Description = "batch size (default 16)", DefaultValueFactory = _ => 16 };
        var runs = new Option<int>("--runs") { Description = "timed batches per device after one warm-up (default 5)", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "print one JSON object per device" };
        var command = new Command("models",
            "Throughput of an image-embedding model: load + first run, images/s, and per batch our work " +
            "(decoding, resizing, normalising, copying) against the model's run, on CPU and on CUDA when it loads.\n" +
            "Example: bash tests/bench/models.sh (generates a model of realistic size and runs this)")
        { model, file, images, batch, runs, json };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            int batchSize = pr.GetValue(batch), n = pr.GetValue(runs);
            if (batchSize is < 1 or > 256) throw new InputException($"--batch must be 1..256, got {batchSize}");
            if (n is < 1 or > 100) throw new InputException($"--runs must be 1..100, got {n}");
            var paths = pr.GetValue(images) is { Length: > 0 } given ? given : SamplePhotos();
            foreach (var device in new[] { ExecutionDevice.Cpu, ExecutionDevice.Cuda })
            {
                var clock = Stopwatch.StartNew();
                var log = new List<string>();
                using var embedder = Open(pr.GetValue(model), pr.GetValue(file), device, log.Add);
                if (device == ExecutionDevice.Cuda && embedder.Device != ExecutionDevice.Cuda)
                {
                    Console.Error.WriteLine($"cuda: not measured: {string.Join("; ", log)}");
                    continue;
                }
                // JPEGs decode at the reduced DCT scale the model's input allows, as `models embed` reads them.
                RgbImage Load(string path) => ImageTensor.Load(path, embedder.Preprocessing);
                embedder.Embed([Load(paths[0])]);
                double firstRun = clock.Elapsed.TotalSeconds;
                List<RgbImage> Decode(int r, bool parallel)
                {
                    var files = Enumerable.Range(0, batchSize).Select(i => paths[(r * batchSize + i) % paths.Length]);
                    return parallel ? files.AsParallel().AsOrdered().Select(Load).ToList() : files.Select(Load).ToList();
                }
                // Serial: each stage alone (decode in parallel, then resize+normalise+copy, then the model),
                // which gives the model's own time and our stages' wall and CPU time.
                double decode = 0, prepare = 0, run = 0, decodeCpu = 0, prepareCpu = 0, runCpu = 0;
                for (int r = 0; r < n; r++)
                {
                    var c = Stopwatch.StartNew();
                    var cpu = ProcessCpu();
                    var batchImages = Decode(r, parallel: true);
                    decode += c.Elapsed.TotalSeconds;
                    decodeCpu += (ProcessCpu() - cpu).TotalSeconds;
                    var (_, timing) = embedder.EmbedTimed(batchImages, batchSize);
                    prepare += timing.Prepare.TotalSeconds;
                    run += timing.Model.TotalSeconds;
                    prepareCpu += timing.PrepareCpu.TotalSeconds;
                    runCpu += timing.ModelCpu.TotalSeconds;
                }
                // Pipelined, as a batch job runs: one thread decodes the next batch while the model runs
                // this one. The wall time it adds is what the batch takes beyond the model's own run.
                var pipeline = Stopwatch.StartNew();
                var pipelineCpu = ProcessCpu();
                // The decoding thread's own CPU time: the process's would also count ONNX Runtime's
                // worker threads spinning after a run, which the serial decode stage above absorbs.
                double threadDecodeCpu = 0;
                List<RgbImage> DecodeAhead(int r)
                {
                    var cpu = ThreadCpu();
                    var images = Decode(r, parallel: false);
                    threadDecodeCpu += (ThreadCpu() - cpu).TotalSeconds;
                    return images;
                }
                var next = Task.Run(() => DecodeAhead(0));
                for (int r = 0; r < n; r++)
                {
                    var batchImages = next.Result;
                    if (r + 1 < n)
                    {
                        int following = r + 1;
                        next = Task.Run(() => DecodeAhead(following));
                    }
                    embedder.Embed(batchImages, batchSize);
                }
                double pipelined = pipeline.Elapsed.TotalSeconds, pipelinedCpu = (ProcessCpu() - pipelineCpu).TotalSeconds;
                double ours = decode + prepare, added = Math.Max(0, pipelined - run), perSecond = n * batchSize / pipelined;
                double oursCpu = threadDecodeCpu + prepareCpu;
                double Ms(double seconds) => seconds * 1000 / n;
                var name = device.ToString().ToLowerInvariant();
                if (pr.GetValue(json))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{{\"device\":\"{name}\",\"batch\":{batchSize},\"load_first_run_s\":{firstRun:F3},\"images_per_s\":{perSecond:F1}," +
                        $"\"wall_ms_per_batch\":{{\"ours\":{Ms(ours):F1},\"decode\":{Ms(decode):F1},\"prepare\":{Ms(prepare):F1},\"model\":{Ms(run):F1}," +
                        $"\"pipelined\":{Ms(pipelined):F1},\"added_when_pipelined\":{Ms(added):F1}}}," +
                        $"\"cpu_ms_per_batch\":{{\"ours\":{Ms(oursCpu):F1},\"decode\":{Ms(threadDecodeCpu):F1},\"decode_stage_process\":{Ms(decodeCpu):F1},\"prepare\":{Ms(prepareCpu):F1},\"model\":{Ms(runCpu):F1},\"pipelined\":{Ms(pipelinedCpu):F1}}}," +
                        $"\"ours_over_model\":{ours / run:F3},\"added_over_model\":{added / run:F3},\"ours_cpu_over_model_cpu\":{oursCpu / runCpu:F3}}}"));
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: load + first run {firstRun:F2} s; {perSecond:F1} images/s at batch {batchSize} pipelined ({paths.Length} distinct images)"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  wall per batch, stages alone: ours {Ms(ours):F1} ms (decode {Ms(decode):F1}, resize+normalise+copy {Ms(prepare):F1}) vs model {Ms(run):F1} ms = {100 * ours / run:F1}%"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  wall per batch, next batch decoded during the model's run: {Ms(pipelined):F1} ms = model + {Ms(added):F1} ms added = {100 * added / run:F1}%"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  CPU per batch:  ours {Ms(oursCpu):F1} ms (decode {Ms(threadDecodeCpu):F1} on its thread, resize+normalise+copy {Ms(prepareCpu):F1}) vs model {Ms(runCpu):F1} ms = {100 * oursCpu / runCpu:F1}%" +
                        $" (the process's CPU during the serial decode stage: {Ms(decodeCpu):F1} ms, ONNX Runtime's spinning threads included)"));
                }
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>The calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID).</summary>
    private static TimeSpan ThreadCpu()
    {
        const int ClockThreadCpuTime = 3;
        if (ClockGetTime(ClockThreadCpuTime, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return TimeSpan.FromSeconds(t.Seconds + t.Nanoseconds * 1e-9);
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static ImageEmbedder Open(string? name, string? file, ExecutionDevice device, Action<string> log)
    {
        if (name is not null) return ImageEmbedder.Open(ModelsCommand.Store(), name, device, log);
        if (file is null) throw new InputException("give --model NAME or --model-file FILE.onnx");
        var session = ModelSession.Load(file, device, log);
        var binding = TaskContract.Bind(ModelTask.ImageEmbedding, session.Inputs, session.Outputs, ImagePreprocessing.Clip.Size);
        var manifest = new ModelManifest
        {
            Name = Path.GetFileNameWithoutExtension(file), Task = ModelTask.ImageEmbedding.Name(), File = Path.GetFileName(file),
            Sha256 = new string('0', 64), Inputs = session.Inputs, Outputs = session.Outputs, Preprocessing = ImagePreprocessing.Clip,
        };
        return new ImageEmbedder(manifest, session, binding);
    }

    private static string[] SamplePhotos()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "..", "..", "samples", "photos");
        if (!Directory.Exists(dir)) throw new InputException("no --image given and the bundled samples/photos were not found");
        return Directory.GetFiles(dir).Where(ImageFile.IsImagePath).Order(StringComparer.Ordinal).ToArray();
    }
}
