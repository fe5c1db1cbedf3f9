using System.CommandLine;
using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Distil;
using OpenCvSharp;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge bench distil`: CPU seconds and wall time of distil on an aligned and a misaligned pair
/// of N megapixels, beside a peer measured in the same run (reading the two images from PNG files:
/// the floor any tool that looks at both images pays), with the CPU seconds of each stage.
/// </summary>
internal static class BenchDistilCommand
{
    public static Command Create()
    {
        var pair = new Option<string>("--pair") { Description = "The before image of a FiveK-style pair (<id>__input.png; its <id>__expertC.png is the after)", DefaultValueFactory = _ => "../shared/data/pairs/a4232-Duggan_090323_6181__input.png" };
        var mp = new Option<double>("--megapixels") { Description = "Size both images are scaled up to (bicubic)", DefaultValueFactory = _ => 12 };
        var runs = new Option<int>("--runs") { Description = "Runs of each; the median is printed", DefaultValueFactory = _ => 3 };
        var command = new Command("distil",
            "Time distil on an aligned and a misaligned (the eval's synthetic warp) pair of N megapixels, already decoded, and read both images " +
            "from PNG files as the peer (the floor). Prints CPU seconds (all threads: fair on a shared machine), wall time, the cores, the load " +
            "average, and the CPU seconds of each stage.\nExample:\n  lutbridge bench distil --megapixels 12");
        command.Options.Add(pair); command.Options.Add(mp); command.Options.Add(runs);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var beforePath = pr.GetValue(pair)!;
            if (!beforePath.EndsWith("__input.png", StringComparison.Ordinal)) throw new Core.InputException($"{beforePath}: --pair wants an <id>__input.png file");
            var afterPath = beforePath[..^"__input.png".Length] + "__expertC.png";
            foreach (var p in new[] { beforePath, afterPath })
                if (!File.Exists(p)) throw new Core.InputException($"{p}: no such file");
            int n = Math.Max(1, pr.GetValue(runs));
            var source = ImageFile.Read(beforePath);
            double scale = Math.Sqrt(pr.GetValue(mp) * 1e6 / source.PixelCount);
            var before = Upscale(ImageFile.Read(beforePath), scale);
            var after = Upscale(ImageFile.Read(afterPath), scale);
            var (rgb, ww, wh) = SyntheticWarp.Standard.Apply(Pixels.ToFloats(after), after.Width, after.Height);
            var misaligned = Pixels.ToImage(rgb, ww, wh);
            var dir = Directory.CreateTempSubdirectory("lutbridge-bench-distil-");
            try
            {
                string pb = Path.Combine(dir.FullName, "before.png"), pa = Path.Combine(dir.FullName, "after.png");
                ImageFile.Write(pb, before);
                ImageFile.Write(pa, after);
                Console.Error.WriteLine($"bench distil: {before.Width}×{before.Height} ({before.PixelCount / 1e6:0.0} MP), {n} runs of each");
                Distiller.Run(source, ImageFile.Read(afterPath), new DistilOptions { Alignment = AlignmentMode.None }, null, CancellationToken.None); // warm-up (JIT)
                var aligned = new List<Timed>();
                var warped = new List<Timed>();
                var peer = new List<Timed>();
                var alignedStages = new StageClock();
                var warpedStages = new StageClock();
                for (int i = 0; i < n; i++)
                {
                    peer.Add(Measure(() => { ImageFile.Read(pb); ImageFile.Read(pa); }));
                    aligned.Add(Measure(() => Distiller.Run(before, after, new DistilOptions { Alignment = AlignmentMode.None }, alignedStages.Start(), CancellationToken.None)));
                    warped.Add(Measure(() => Distiller.Run(before, misaligned, new DistilOptions { Alignment = AlignmentMode.Register }, warpedStages.Start(), CancellationToken.None)));
                }
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
                Console.WriteLine($"distil bench: {before.Width}×{before.Height} ({before.PixelCount / 1e6:0.0} MP), median of {n}, {Environment.ProcessorCount} cores, load average {load}");
                Print("peer: read both PNGs", peer, null);
                Print("distil, aligned pair", aligned, peer);
                Print("distil, misaligned pair", warped, peer);
                Console.WriteLine($"stages, aligned (CPU s/wall s, last run): {alignedStages}");
                Console.WriteLine($"stages, misaligned (CPU s/wall s, last run): {warpedStages}");
            }
            finally { dir.Delete(true); }
            return CliApp.ExitOk;
        }));
        return command;
    }

    private readonly record struct Timed(double Cpu, double Wall);

    private static void Print(string what, List<Timed> times, List<Timed>? peer)
    {
        double cpu = Median(times.Select(t => t.Cpu)), wall = Median(times.Select(t => t.Wall));
        var ratio = peer == null ? "" : $"  ({cpu / Math.Max(1e-9, Median(peer.Select(t => t.Cpu))):0.0}× the peer's CPU s)";
        Console.WriteLine($"{what,-26} {cpu,7:0.000} CPU s {wall,7:0.000} s wall{ratio}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v[v.Length / 2];
    }

    private static Timed Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timed((process.TotalProcessorTime - cpu).TotalSeconds, wall);
    }

    /// <summary>Process CPU seconds between distil's progress stages (reported synchronously on the distil's thread).</summary>
    /// <summary>CPU and wall seconds per stage: where their ratio is near 1, the stage runs on one core.</summary>
    private sealed class StageClock : IProgress<DistilProgress>
    {
        private readonly List<(string Stage, double Cpu, double Wall)> marks = [];
        private readonly Stopwatch wall = new();
        private TimeSpan last, lastWall;
        private string? stage;

        public StageClock Start()
        {
            marks.Clear();
            stage = null;
            last = Process.GetCurrentProcess().TotalProcessorTime;
            wall.Restart();
            lastWall = TimeSpan.Zero;
            return this;
        }

        public void Report(DistilProgress value)
        {
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            var nowWall = wall.Elapsed;
            if (stage != null) marks.Add((stage, (now - last).TotalSeconds, (nowWall - lastWall).TotalSeconds));
            (stage, last, lastWall) = (value.Stage, now, nowWall);
        }

        public override string ToString() => string.Join(", ", marks.GroupBy(m => StageName(m.Stage))
            .Select(g => $"{g.Key} {g.Sum(m => m.Cpu):0.00}/{g.Sum(m => m.Wall):0.00}"));

        // "refining the alignment (1/2)" and "(2/2)" count as one stage; so do the residual fit's steps.
        private static string StageName(string stage) => stage.Split(" (")[0].Split(':')[0];
    }

    private static RgbImage Upscale(RgbImage image, double scale)
    {
        var f = Pixels.ToFloats(image);
        using var src = new Mat(image.Height, image.Width, MatType.CV_32FC3);
        System.Runtime.InteropServices.Marshal.Copy(f, 0, src.Data, f.Length);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size((int)Math.Round(image.Width * scale), (int)Math.Round(image.Height * scale)), 0, 0, InterpolationFlags.Cubic);
        var big = new float[dst.Rows * dst.Cols * 3];
        System.Runtime.InteropServices.Marshal.Copy(dst.Data, big, 0, big.Length);
        for (int i = 0; i < big.Length; i++) big[i] = Math.Clamp(big[i], 0f, 1f);
        return Pixels.ToImage(big, dst.Cols, dst.Rows);
    }
}
