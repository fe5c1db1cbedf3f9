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
        var command = new Command("match", "Time `match` (reference and input of N megapixels, already decoded; median of 5) and a k-nearest style search over a library of M items (median of 20).");
        command.Options.Add(photo); command.Options.Add(mp); command.Options.Add(items);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var source = ImageFile.Read(pr.GetValue(photo)!);
            double scale = Math.Sqrt(pr.GetValue(mp) * 1e6 / source.PixelCount);
            var big = Scale(source, scale);
            var reference = MatchMetrics.FromFloats(MatchMetrics.ApplyLook(Look.Neutral.With("black", 0.05).With("temperature", 0.3), MatchMetrics.ToFloats(source)), source.Width, source.Height);
            var bigReference = Scale(reference, scale);
            Matcher.Run([bigReference], big, new MatchOptions()); // warm-up (JIT)
            var times = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                Matcher.Run([bigReference], big, new MatchOptions());
                times.Add(clock.Elapsed.TotalSeconds);
            }
            times.Sort();
            Console.WriteLine($"match: input and reference {big.Width}×{big.Height} ({big.PixelCount / 1e6:0.0} MP): median {times[2]:0.000} s (min {times[0]:0.000})");

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
