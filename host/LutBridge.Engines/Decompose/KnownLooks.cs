using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Looks with known sliders, to check that decompose finds them again: each seed gives 3–6
/// first-choice sliders (exposure, contrast, shadows, highlights, temperature, tint,
/// saturation, vibrance, a split-toning end, a hue band's hue, chroma or lightness) at
/// moderate values. Used by the tests and by `lutbridge eval decompose --known N`.
/// </summary>
public static class KnownLooks
{
    /// <summary>A generated Look and the sliders that generated it.</summary>
    public sealed record Known(int Seed, Look Look, IReadOnlyList<string> Sliders);

    /// <summary>How one generating slider came back.</summary>
    public sealed record SliderCheck(string Name, double Want, double Got, bool Recovered);

    /// <summary>How a fitted Look compares with the Look that generated its LUT.</summary>
    public sealed record Comparison(IReadOnlyList<SliderCheck> Generating, IReadOnlyList<string> Extra)
    {
        public int Recovered => Generating.Count(c => c.Recovered);
    }

    /// <summary>Magnitude ranges (sign drawn separately) of the single sliders.</summary>
    private static readonly (string Name, double Min, double Max)[] Singles =
    [
        ("exposure", 0.15, 0.8), ("contrast", 0.08, 0.35), ("shadows", 0.1, 0.5), ("highlights", 0.1, 0.5),
        ("temperature", 0.1, 0.5), ("tint", 0.1, 0.35), ("saturation", 0.1, 0.4), ("vibrance", 0.1, 0.6),
    ];

    /// <summary>Items a Look draws from (without repetition): the single sliders, two split-toning ends, two hue-band moves.</summary>
    private static readonly string[] Items = [.. Singles.Select(s => s.Name), "split_shadow", "split_highlight", "band", "band"];

    /// <summary>The Look of <paramref name="seed"/> (the same seed always gives the same Look).</summary>
    public static Known Generate(int seed)
    {
        var rng = new Random(seed);
        int wanted = rng.Next(3, 7);
        var order = Items.OrderBy(_ => rng.NextDouble()).ToList();
        var look = Look.Neutral;
        var sliders = new List<string>();
        var usedBands = new HashSet<int>();
        double Signed(double min, double max) => (rng.Next(2) == 0 ? -1 : 1) * (min + (max - min) * rng.NextDouble());
        foreach (var item in order)
        {
            if (sliders.Count >= wanted) break;
            if (item.StartsWith("split_", StringComparison.Ordinal))
            {
                if (sliders.Count + 2 > wanted) continue;
                look = look.With(item + "_hue", Math.Round(360 * rng.NextDouble(), 1)).With(item + "_amount", 0.1 + 0.3 * rng.NextDouble());
                sliders.Add(item + "_hue");
                sliders.Add(item + "_amount");
            }
            else if (item == "band")
            {
                int band;
                do band = rng.Next(LookParameters.BandCount); while (!usedBands.Add(band));
                var name = LookParameters.BandNames[band];
                switch (rng.Next(3))
                {
                    case 0: look = look.With(name + "_hue", Signed(5, 20)); sliders.Add(name + "_hue"); break;
                    case 1: look = look.With(name + "_chroma", Signed(0.1, 0.4)); sliders.Add(name + "_chroma"); break;
                    default: look = look.With(name + "_lightness", Signed(0.02, 0.08)); sliders.Add(name + "_lightness"); break;
                }
            }
            else
            {
                var (n, min, max) = Singles.First(s => s.Name == item);
                look = look.With(n, Signed(min, max));
                sliders.Add(n);
            }
        }
        return new Known(seed, look.Quantised().WithTitle($"known look {seed}"), sliders);
    }

    /// <summary>
    /// Whether a slider came back: within 25% of its value; split-toning hues (angles) within 10°.
    /// </summary>
    public static bool IsRecovered(string name, double want, double got)
    {
        if (name.StartsWith("split_", StringComparison.Ordinal) && name.EndsWith("_hue", StringComparison.Ordinal))
        {
            double d = Math.Abs(want - got) % 360;
            return Math.Min(d, 360 - d) <= 10;
        }
        return Math.Abs(got - want) <= 0.25 * Math.Abs(want - LookParameters.Get(name).Neutral);
    }

    /// <summary>Each generating slider's fitted value, and the sliders the fit moved that did not generate the Look (strength aside).</summary>
    public static Comparison Compare(Known known, Look fitted)
    {
        var checks = known.Sliders.Select(n => new SliderCheck(n, known.Look[n], fitted[n], IsRecovered(n, known.Look[n], fitted[n]))).ToList();
        var extra = fitted.Changed().Select(c => c.Parameter.Name)
            .Where(n => !known.Sliders.Contains(n) && n != "strength").ToList();
        return new Comparison(checks, extra);
    }
}
