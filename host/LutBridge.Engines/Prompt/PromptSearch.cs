using LutBridge.Engines.Library;
using LutBridge.Looks;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Prompt;

/// <summary>One library item and how well its sliders match the words.</summary>
/// <param name="Score">0 (nothing in common) … about 1 (moves the same sliders the same way, at least as far).</param>
/// <param name="Agreement">Cosine of the item's moves and the words' moves, over the sliders the words touch.</param>
/// <param name="Coverage">How far the item goes along the words' moves, relative to them (capped at 1).</param>
public sealed record SearchHit(LibraryItem Item, double Score, double Agreement, double Coverage);

/// <summary>
/// Library search by words: the prompt becomes a Look (<see cref="PromptEngine"/>), and every
/// indexed item is scored by how its sliders (the index keeps them by name, so nothing is
/// decoded) move the same way as the prompt's, in the prompt engine's linear space
/// (<see cref="LookDesign"/>, casts and split tones as vectors), each slider measured in the
/// size of one plain phrase so tone, colour and hue bands weigh alike. Decomposed LUTs are
/// descriptions already: a LUT whose fit lifts the blacks and tints the shadows teal answers
/// "faded teal shadows".
/// </summary>
public static class PromptSearch
{
    /// <summary>A slider counts as touched by the words when it moves more than this many plain phrases.</summary>
    public const double Touched = 0.05;
    /// <summary>How much moves outside the words' sliders cost (per plain phrase of movement, saturating).</summary>
    public const double OffTargetWeight = 0.1;

    private static readonly double[] Scale = BuildScales();

    private static double[] BuildScales()
    {
        var s = new double[LookDesign.Size];
        for (int i = 0; i < Count; i++)
        {
            var p = All[i];
            s[i] = p.Group switch
            {
                "rgb curves" or "input curves" => 0.05,
                "channel mixer" => 0.1,
                _ => 0.1 * (p.Max - p.Min),
            };
        }
        s[Exposure] = PromptEffect.ExposureStep;
        s[Contrast] = PromptEffect.ContrastStep;
        s[Shadows] = s[Highlights] = PromptEffect.ToneStep;
        s[Black] = PromptEffect.BlackStep;
        s[White] = PromptEffect.WhiteStep;
        for (int k = 0; k < CurveKnots; k++) s[Curve1 + k] = PromptEffect.CurveStep;
        s[Saturation] = PromptEffect.SaturationStep;
        s[Vibrance] = PromptEffect.VibranceStep;
        s[SaturationShadows] = s[SaturationHighlights] = PromptEffect.RegionSaturationStep;
        for (int k = 0; k < BandCount; k++)
        {
            s[BandHue0 + 3 * k] = PromptEffect.BandRotationMax;
            s[BandChroma0 + 3 * k] = PromptEffect.BandChromaStep;
            s[BandLightness0 + 3 * k] = PromptEffect.BandLightStep;
        }
        s[LookDesign.CastA] = s[LookDesign.CastB] = PromptEffect.CastChroma;
        s[LookDesign.ShadowA] = s[LookDesign.ShadowB] = PromptEffect.ShadowTint;
        s[LookDesign.HighlightA] = s[LookDesign.HighlightB] = PromptEffect.HighlightTint;
        // Folded into the pairs above; the raw slots stay empty.
        s[Temperature] = s[Tint] = s[SplitShadowHue] = s[SplitShadowAmount] = s[SplitHighlightHue] = s[SplitHighlightAmount] = 1;
        s[LookParameters.Strength] = 1;
        return s;
    }

    /// <summary>The offsets of named slider values (absent = neutral), casts and split tones as vectors, each divided by one plain phrase's size.</summary>
    public static double[] Features(IReadOnlyDictionary<string, double> sliders)
    {
        var v = Design(sliders).V;
        for (int i = 0; i < v.Length; i++) v[i] /= Scale[i];
        return v;
    }

    /// <summary>Named slider values as the prompt engine's offsets (a library Look standing in for a film stock).</summary>
    public static LookDesign Design(IReadOnlyDictionary<string, double> sliders)
    {
        var d = new LookDesign();
        var v = d.V;
        double Get(int i) => sliders.TryGetValue(All[i].Name, out var x) ? x : All[i].Neutral;
        // Only the moved sliders are listed: walk them rather than look up all 87 names.
        foreach (var (name, value) in sliders)
            if (Find(name) is { } p) v[p.Index] = value - p.Neutral;
        v[Temperature] = v[Tint] = v[SplitShadowHue] = v[SplitShadowAmount] = v[SplitHighlightHue] = v[SplitHighlightAmount] = v[LookParameters.Strength] = 0;
        double t = Get(Temperature), tint = Get(Tint);
        v[LookDesign.CastA] = 0.01 * t + 0.05 * tint;
        v[LookDesign.CastB] = 0.05 * t;
        Polar(v, LookDesign.ShadowA, Get(SplitShadowHue), Get(SplitShadowAmount));
        Polar(v, LookDesign.HighlightA, Get(SplitHighlightHue), Get(SplitHighlightAmount));
        return d;
    }

    /// <summary>
    /// Film stocks from a library: the item whose file name or title (letters and digits only)
    /// contains the stock's key — the best fitted LUT first (lowest fit_de2000), then by file name.
    /// </summary>
    public static Func<string, (LookDesign Design, string Source)?> StocksFrom(IReadOnlyList<LibraryItem> items) => key =>
    {
        static string Plain(string? s) => new((s ?? "").ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var item = items.Where(i => i.Sliders.Count > 0 && (Plain(Path.GetFileNameWithoutExtension(i.File)).Contains(key) || Plain(i.Title).Contains(key)))
            .OrderBy(i => i.FitDe2000 ?? 0).ThenBy(i => i.File, StringComparer.Ordinal).FirstOrDefault();
        return item is null ? null : (Design(item.Sliders), item.File);
    };

    private static void Polar(double[] v, int a, double hueDegrees, double amount)
    {
        double h = hueDegrees * Math.PI / 180;
        v[a] = amount * Math.Cos(h);
        v[a + 1] = amount * Math.Sin(h);
    }

    public static Dictionary<string, double> SlidersOf(Look look) => look.Changed().ToDictionary(c => c.Parameter.Name, c => c.Value);

    /// <summary>Scores one item's features against the words' features (see <see cref="SearchHit"/>).</summary>
    public static (double Score, double Agreement, double Coverage) Score(double[] words, double[] item)
    {
        double dot = 0, ww = 0, xx = 0, off = 0;
        for (int i = 0; i < words.Length; i++)
        {
            bool touched = Math.Abs(words[i]) > Touched;
            if (!touched && i >= LookDesign.CastA)
            {
                int a = i - (i - LookDesign.CastA) % 2; // the pair this slot belongs to
                touched = Math.Abs(words[a]) + Math.Abs(words[a + 1]) > Touched;
            }
            if (touched)
            {
                dot += words[i] * item[i];
                ww += words[i] * words[i];
                xx += item[i] * item[i];
            }
            else off += item[i] * item[i];
        }
        if (ww == 0 || xx == 0) return (0, 0, 0);
        double agreement = dot / Math.Sqrt(ww * xx);
        double coverage = Math.Clamp(dot / ww, 0, 1); // projection of the item on the words' moves, in units of them
        double score = Math.Max(0, agreement) * Math.Sqrt(coverage) / (1 + OffTargetWeight * Math.Sqrt(off));
        return (score, agreement, coverage);
    }

    /// <summary>The <paramref name="top"/> items that best match <paramref name="words"/> (best first; ties by file name), items without sliders skipped.</summary>
    public static IReadOnlyList<SearchHit> Rank(Look words, IEnumerable<LibraryItem> items, int top)
    {
        var q = Features(SlidersOf(words));
        var hits = new List<SearchHit>();
        foreach (var item in items)
        {
            if (item.Sliders.Count == 0) continue;
            var (score, agreement, coverage) = Score(q, Features(item.Sliders));
            if (score > 0) hits.Add(new SearchHit(item, score, agreement, coverage));
        }
        hits.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Item.File, y.Item.File));
        return hits.Take(Math.Max(0, top)).ToList();
    }
}
