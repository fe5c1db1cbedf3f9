using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LutBridge.Core;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Engines.Prompt;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge bench prompt`: words → Look time (first and warm) and library search over N Looks, beside the descriptor search.</summary>
internal static class BenchPromptCommand
{
    public static Command Create()
    {
        var file = new Option<string?>("--prompts") { Description = "Prompt file to time (default: the tuning set, tests/LutBridge.Engines.Tests/Prompt/prompts-tuning.txt)" };
        var looks = new Option<int>("--looks") { Description = "Size of the synthetic library searched", DefaultValueFactory = _ => 1000 };
        var command = new Command("prompt",
            "Time the prompt engine: the first prompt of the process (vocabulary and colour names loaded), then every prompt of a " +
            "file warm (median and largest), and 'library search' over N synthetic Looks (seeded random sliders) next to the " +
            "style-descriptor search (LibrarySearch.Nearest) over the same items, with their ratio.\n" +
            "Example:\n  lutbridge bench prompt --looks 1000");
        command.Options.Add(file);
        command.Options.Add(looks);
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var path = pr.GetValue(file) ?? "tests/LutBridge.Engines.Tests/Prompt/prompts-tuning.txt";
            if (!File.Exists(path)) throw new InputException($"{path}: no such file");
            int n = pr.GetValue(looks);
            if (n < 1) throw new InputException($"--looks must be at least 1, got {n}");
            var prompts = PromptEval.Parse(path, File.ReadLines(path)).Select(c => c.Prompt).ToList();

            var clock = Stopwatch.StartNew();
            int entries = PromptLexicon.Entries.Count;
            double vocabulary = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            int names = ColourNames.Count;
            double table = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            PromptEngine.Run(prompts[0]);
            double first = clock.Elapsed.TotalMilliseconds;
            var warm = new List<double>();
            foreach (var p in prompts)
            {
                clock.Restart();
                PromptEngine.Run(p);
                warm.Add(clock.Elapsed.TotalMilliseconds);
            }
            warm.Sort();
            Console.WriteLine($"prompts                       {prompts.Count} ({path})");
            Console.WriteLine($"vocabulary build ms           {vocabulary:0.00} ({entries} phrases)");
            Console.WriteLine($"colour-name table load ms     {table:0.00} ({names} names; loaded when a word may start a colour name)");
            Console.WriteLine($"first prompt after them ms    {first:0.00} (compiling the engine's code)");
            Console.WriteLine($"warm median ms                {warm[warm.Count / 2]:0.000}");
            Console.WriteLine($"warm max ms                   {warm[^1]:0.000}");

            var items = SyntheticLibrary(n);
            var words = PromptEngine.Run("moody teal shadows, faded").Look;
            var query = StyleDescriptor.Of(words);
            Median(50, () => PromptSearch.Rank(words, items, 10)); // warm both up (tiered compilation): the timed runs are steady state
            Median(50, () => LibrarySearch.Nearest(items, query, 10));
            double ours = Median(50, () => PromptSearch.Rank(words, items, 10));
            double peer = Median(50, () => LibrarySearch.Nearest(items, query, 10));
            double full = Median(50, () => PromptSearch.Rank(PromptEngine.Run("moody teal shadows, faded").Look, items, 10));
            Console.WriteLine($"library items                 {n}");
            Console.WriteLine($"search by words ms (median)   {ours:0.000}   (with the prompt itself: {full:0.000})");
            Console.WriteLine($"descriptor search ms (median) {peer:0.000}");
            Console.WriteLine($"ratio words / descriptor      {ours / peer:0.00}");
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static double Median(int runs, Action action)
    {
        var t = new List<double>();
        var clock = new Stopwatch();
        for (int i = 0; i < runs; i++)
        {
            clock.Restart();
            action();
            t.Add(clock.Elapsed.TotalMilliseconds);
        }
        t.Sort();
        return t[runs / 2];
    }

    /// <summary>N items with 4–12 sliders moved at random (seed 16) and their style descriptors, as 'library add' would index them.</summary>
    private static List<LibraryItem> SyntheticLibrary(int n)
    {
        var rng = new Random(16);
        var named = LookParameters.All.Where(p => p.Index < LookParameters.Strength).ToArray();
        var items = new List<LibraryItem>(n);
        for (int i = 0; i < n; i++)
        {
            var values = LookParameters.All.Select(p => p.Neutral).ToArray();
            int moves = 4 + rng.Next(9);
            for (int m = 0; m < moves; m++)
            {
                var p = named[rng.Next(named.Length)];
                values[p.Index] = p.Clamp(p.Neutral + (rng.NextDouble() - 0.5) * 0.4 * (p.Max - p.Min));
            }
            var look = new Look(values);
            items.Add(new LibraryItem
            {
                Kind = LibraryKinds.Look, File = $"synthetic/{i:0000}.look", Sha256 = "", Descriptor = StyleDescriptor.Of(look),
                Sliders = PromptSearch.SlidersOf(look),
            });
        }
        return items;
    }
}
