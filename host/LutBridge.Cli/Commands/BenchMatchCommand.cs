using System.CommandLine;
using System.Diagnostics;
using LutBridge.Core.Imaging;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Match;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge bench match`: match time on a large input and reference, and nearest-style search over a large library.</summary>
internal static class BenchMatchCommand
{
    public static Command Create()
    {
        var photo = new Option<string>("--photo") { Description = "Photo scaled up (nearest pixel) to the bench size", DefaultValueFactory = _ => "samples/photos/skimage_coffee.png" };
        var mp = new Option<double>("--megapixels") { Description = "Size of the input and the reference", DefaultValueFactory = _ => 12 };
        var items = new Option<int>("--library-items") { Description = "Items in the synthetic library searched", DefaultValueFactory = _ => 1000 };
        var command = new Command("match", "Time `match` (reference and input of N megapixels, already decoded; median of 5 CPU seconds, with the CPU seconds of applying the matched Look to the input as the peer and their ratio) and a k-nearest style search over a library of M items (median of 20).");
        command.Options.Add(photo); command.Options.Add(mp); command.Options.Add(items);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var source = ImageFile.Read(pr.GetValue(photo)!);
            double scale = Math.Sqrt(pr.GetValue(mp) * 1e6 / source.PixelCount);
            var big = Scale(source, scale);
            var reference = MatchMetrics.FromFloats(MatchMetrics.ApplyLook(Look.Neutral.With("black", 0.05).With("temperature", 0.3), MatchMetrics.ToFloats(source)), source.Width, source.Height);
            var bigReference = Scale(reference, scale);
            var warm = Matcher.Run([bigReference], big, new MatchOptions()); // warm-up (JIT)
            var inputFloats = MatchMetrics.ToFloats(big);
            MatchMetrics.ApplyLook(warm.Look, inputFloats);
            // CPU seconds (all threads), not wall time: the machine is shared, and CPU time is what a
            // loaded machine still measures fairly. The peer, measured in the same rounds, is applying
            // the resulting Look to the same 12 MP input: what the user's editor does with it anyway.
            var ours = new List<(double Cpu, double Wall)>();
            var peer = new List<(double Cpu, double Wall)>();
            for (int i = 0; i < 5; i++)
            {
                ours.Add(Measure(() => Matcher.Run([bigReference], big, new MatchOptions())));
                peer.Add(Measure(() => MatchMetrics.ApplyLook(warm.Look, inputFloats)));
            }
            double oursCpu = MedianOf(ours.Select(t => t.Cpu)), peerCpu = MedianOf(peer.Select(t => t.Cpu));
            Console.WriteLine($"match: input and reference {big.Width}×{big.Height} ({big.PixelCount / 1e6:0.0} MP), median of 5: " +
                $"{oursCpu:0.000} CPU s ({MedianOf(ours.Select(t => t.Wall)):0.000} s wall on {Environment.ProcessorCount} cores)");
            Console.WriteLine($"peer, applying the matched Look to the input: {peerCpu:0.000} CPU s ({MedianOf(peer.Select(t => t.Wall)):0.000} s wall)");
            Console.WriteLine($"ratio match / apply: {oursCpu / Math.Max(1e-9, peerCpu):0.000}");
            // Where the time goes (CPU seconds of one run of each step).
            var refStats = Measure(() => ImageStatistics.Of(bigReference));
            var thumb = Thumbnail.Of(big, Thumbnail.DefaultSide);
            var thumbTime = Measure(() => Thumbnail.Of(big, Thumbnail.DefaultSide));
            var rs = ImageStatistics.Of(bigReference);
            var ins = ImageStatistics.Of(big);
            var estimate = Measure(() => Matcher.FromStatistics([rs], ins, new MatchOptions(), null, thumb));
            Console.WriteLine($"steps: statistics of one image {refStats.Cpu:0.000} CPU s, thumbnail {thumbTime.Cpu:0.000}, estimate and structure guard {estimate.Cpu:0.000}");

            int n = pr.GetValue(items);
            var random = new Random(1);
            var library = Enumerable.Range(0, n).Select(i => new LibraryItem
            {
                Kind = LibraryKinds.Look, File = $"item{i}.look", Sha256 = "",
                Descriptor = StyleDescriptor.Of(Look.Neutral.With("temperature", random.NextDouble() - 0.5).With("saturation", random.NextDouble() - 0.5).With("black", 0.1 * random.NextDouble())),
            }).ToList();
            var query = StyleDescriptor.Of(Look.Neutral.With("temperature", 0.2));
            LibrarySearch.Nearest(library, query, 3);
            var search = new List<double>();
            for (int i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                LibrarySearch.Nearest(library, query, 3);
                search.Add(clock.Elapsed.TotalMilliseconds);
            }
            search.Sort();
            Console.WriteLine($"library search: {n} items, k = 3: median {search[10]:0.000} ms");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static (double Cpu, double Wall) Measure(Action action)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalSeconds, wall);
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v[v.Length / 2];
    }

    private static RgbImage Scale(RgbImage source, double scale)
    {
        int w = (int)(source.Width * scale), h = (int)(source.Height * scale);
        var big = new RgbImage(w, h, source.Type);
        int bytes = RgbImage.BytesPerSample(source.Type) * 3;
        for (int y = 0; y < h; y++)
        {
            int sy = Math.Min(source.Height - 1, (int)(y / scale));
            for (int x = 0; x < w; x++)
                Array.Copy(source.Data, ((long)sy * source.Width + Math.Min(source.Width - 1, (int)(x / scale))) * bytes, big.Data, ((long)y * w + x) * bytes, bytes);
        }
        return big;
    }
}
