using System.Diagnostics;
using System.Text;
using LutBridge.Core;
using LutBridge.Looks;

namespace LutBridge.Engines.Prompt;

/// <summary>One recognised phrase and what it did.</summary>
/// <param name="Text">The words it was made of, as written (modifiers and region included).</param>
/// <param name="Meaning">What it was read as (e.g. "warm", "teal", "cinematic", "brighter").</param>
/// <param name="Role">"adds", "limits" (not too …) or "avoids" (not + a colour).</param>
/// <param name="Intensity">Signed scale of the unit effect (slightly 0.5, very 1.5, less −1).</param>
/// <param name="Sliders">The offsets it contributed (split tones and casts as hue and size).</param>
public sealed record PromptPhrase(string Text, string Meaning, string Language, string Role, string Region, double Intensity,
    IReadOnlyDictionary<string, double> Sliders);

public sealed record PromptReport(string Prompt, double Seconds, IReadOnlyList<PromptPhrase> Phrases,
    IReadOnlyDictionary<string, double> Sliders, IReadOnlyList<string> Warnings, IReadOnlyList<string> Unrecognised)
{
    /// <summary>Set when an image–text model refined the vocabulary Look (<see cref="PromptRefiner"/>).</summary>
    public RefineReport? Refinement { get; init; }
}

public sealed record PromptResult(Look Look, PromptReport Report);

/// <summary>
/// Words → Look without a model: the prompt is tokenised (<see cref="PromptText"/>), phrases are
/// matched longest first against the lexicon (<see cref="PromptLexicon"/>) and the colour-name
/// table (<see cref="ColourNames"/>), modifiers (intensity, more/less, not, not too) and regions
/// (shadows, skin, sky…) are bound to the effect next to them, and the effects' offsets are summed
/// in a linear space (<see cref="LookDesign"/>), limits and avoided colours applied last. The
/// same prompt always gives the same Look.
/// </summary>
public static class PromptEngine
{
    /// <summary>Cap of a "not too X" phrase, as a fraction of one plain X.</summary>
    public const double NotTooCap = 0.4;
    /// <summary>How far (OKLab hue degrees) a tint is turned away from a colour the prompt rules out.</summary>
    public const double AvoidAngle = 40;

    private enum ItemKind { Word, Break }

    private sealed record Item(ItemKind Kind, WordMeaning? Meaning, string Text, string Language);

    private sealed class Draft(PromptEffect effect, double intensity, double sign, bool negated, bool too, PromptRegion? region, string language)
    {
        public PromptEffect Effect { get; } = effect;
        public double Intensity { get; set; } = intensity;
        public double Sign { get; set; } = sign;
        public bool Negated { get; } = negated;
        public bool Too { get; } = too;
        public PromptRegion? Region { get; set; } = region;
        public string Language { get; } = language;
        public List<string> Words { get; } = [];
        /// <summary>A light word right before a colour ("deeper blue", "brighter orange") shares the colour's region.</summary>
        public Draft? LinkedLight { get; set; }

        public void SetRegion(PromptRegion region)
        {
            Region = region;
            if (LinkedLight is { Region: null } light) light.Region = region;
        }
    }

    /// <summary>Turns <paramref name="prompt"/> into a Look (adapted to <paramref name="photo"/> when given).</summary>
    /// <exception cref="InputException">The prompt is empty, too long, or nothing in it was understood.</exception>
    public static PromptResult Run(string prompt, PhotoStats? photo = null) => Run(prompt, photo, null);

    /// <summary>
    /// As <see cref="Run(string, PhotoStats?)"/>; <paramref name="stocks"/> may stand in a user's own Look for a film stock
    /// named in the words (given the stock's key, e.g. "portra", it returns that Look's offsets and a name for the report, or null).
    /// </summary>
    public static PromptResult Run(string prompt, PhotoStats? photo, Func<string, (LookDesign Design, string Source)?>? stocks)
    {
        var clock = Stopwatch.StartNew();
        if (string.IsNullOrWhiteSpace(prompt)) throw new InputException("the prompt is empty: describe the look in words, e.g. \"warmer, teal shadows, a bit more contrast\"");
        if (prompt.Length > PromptText.MaxLength) throw new InputException($"the prompt is {prompt.Length} characters long; at most {PromptText.MaxLength} are read");
        var tokens = PromptText.Tokenise(prompt);
        var unrecognised = new List<string>();
        var items = Recognise(tokens, unrecognised);
        var warnings = new List<string>();
        var drafts = Bind(items, warnings);
        if (drafts.Count == 0)
            throw new InputException($"nothing in \"{prompt.Trim()}\" was understood{(unrecognised.Count > 0 ? $" (unknown: {string.Join(", ", unrecognised)})" : "")}; " +
                "try words like warmer, brighter, more contrast, teal shadows, vintage, black and white, Portra (English, Russian or Chinese)");
        var (design, phrases) = Compose(drafts, photo, warnings, stocks);
        if (drafts.All(d => d.Negated)) warnings.Add("the prompt only sets limits; nothing to change, so the Look is neutral");
        if (unrecognised.Count > 0) warnings.Add($"not understood: {string.Join(", ", unrecognised)}");
        warnings.AddRange(ClampWarnings(design));
        var look = design.ToLook(Title(prompt));
        var sliders = look.Changed().ToDictionary(c => c.Parameter.Name, c => c.Value);
        return new PromptResult(look, new PromptReport(prompt, clock.Elapsed.TotalSeconds, phrases, sliders, warnings, unrecognised));
    }

    /// <summary>The words as lexicon entries and colour names, longest match first; unknown words go to <paramref name="unrecognised"/>.</summary>
    private static List<Item> Recognise(List<PromptToken> tokens, List<string> unrecognised)
    {
        var items = new List<Item>();
        for (int i = 0; i < tokens.Count;)
        {
            if (tokens[i].IsBreak)
            {
                items.Add(new Item(ItemKind.Break, null, "", ""));
                i++;
                continue;
            }
            var lex = PromptLexicon.LongestMatch(tokens, i);
            // The 31,000-name table is consulted (and loaded) only where a colour name could start:
            // an unknown word, or a colour or light word ("dark red", "light sea green").
            var colour = lex is null || lex.Meaning is { Kind: WordKind.Effect, Effect.Kind: EffectKind.Colour or EffectKind.Light }
                ? ColourNames.LongestMatch(tokens, i) : null;
            int lexLength = lex?.Tokens.Length ?? 0;
            if (colour is { } c && c.Words > lexLength && AcceptColour(tokens, i, c.Words))
            {
                var text = Original(tokens, i, c.Words);
                items.Add(new Item(ItemKind.Word, new WordMeaning(WordKind.Effect, PromptLexicon.ColourEffect(c.Name, c.Hex)), text, "en"));
                i += c.Words;
            }
            else if (lex is not null)
            {
                items.Add(new Item(ItemKind.Word, lex.Meaning, Original(tokens, i, lexLength), lex.Language));
                i += lexLength;
            }
            else
            {
                if (!tokens[i].Text.All(char.IsDigit)) unrecognised.Add(tokens[i].Original);
                i++;
            }
        }
        return items;
    }

    /// <summary>A colour name is taken unless it is a short word or leans on function words ("very berry" is "very" + "berry").</summary>
    private static bool AcceptColour(List<PromptToken> tokens, int start, int words)
    {
        if (words == 1) return tokens[start].Text.Length >= 3 && !PromptLexicon.IsFunctionWord(tokens[start].Text);
        for (int k = 0; k < words; k++)
            if (!PromptLexicon.MayBeInColourName(tokens[start + k].Text)) return false;
        return true;
    }

    private static string Original(List<PromptToken> tokens, int start, int count)
    {
        var sb = new StringBuilder();
        for (int k = 0; k < count; k++)
        {
            var o = tokens[start + k].Original;
            if (sb.Length > 0 && !(o.Length > 0 && PromptText.IsHan(o[0]))) sb.Append(' ');
            sb.Append(o);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Attaches modifiers to the effect after them (Chinese "一点" after an effect to the one before),
    /// and regions to the effect next to them: the one before when it has no region yet ("teal
    /// shadows"), else the next one ("阴影偏青", "shadows in teal").
    /// </summary>
    private static List<Draft> Bind(List<Item> items, List<string> warnings)
    {
        var drafts = new List<Draft>();
        Draft? last = null;
        double intensity = 1, sign = 1;
        bool negated = false, too = false, pending = false;
        PromptRegion? region = null;
        var words = new List<string>();

        void Reset()
        {
            intensity = 1; sign = 1; negated = false; too = false; pending = false;
            words.Clear();
        }

        // Modifiers left over with no effect after them belong to the effect before them
        // ("warm it up a bit", Chinese "把饱和度降低一点", "对比度高一点"); a lone "not too"
        // limits the previous phrase ("more saturated, but not too much").
        void Flush()
        {
            if (!pending) return;
            if (last is not null && !negated)
            {
                last.Intensity *= intensity;
                last.Sign *= sign;
                last.Words.AddRange(words);
            }
            else if (negated && too && drafts.Count > 0 && !drafts[^1].Negated)
            {
                var previous = drafts[^1];
                var limit = new Draft(previous.Effect, intensity, previous.Sign, true, true, previous.Region, previous.Language);
                limit.Words.AddRange(words);
                drafts.Add(limit);
            }
            Reset();
        }

        void EndClause()
        {
            Flush();
            if (region is { } r) warnings.Add($"'{r.ToString().ToLowerInvariant()}' is named but nothing is said about it");
            region = null;
            last = null;
        }

        Draft? adjacent = null; // the draft made by the previous meaningful word, if that word was an effect
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Kind == ItemKind.Break) { EndClause(); adjacent = null; continue; }
            var m = item.Meaning!;
            var wasAdjacent = adjacent;
            if (m.Kind is not (WordKind.Stop or WordKind.Link)) adjacent = null;
            switch (m.Kind)
            {
                case WordKind.But:
                    EndClause();
                    break;
                case WordKind.And:
                    Flush();
                    last = null;
                    break;
                case WordKind.Intensity:
                    if (last is not null && !pending && last.Intensity == 1 && !EffectFollows(items, i + 1))
                    {
                        last.Intensity *= m.Factor;
                        last.Words.Add(item.Text);
                    }
                    else
                    {
                        intensity *= m.Factor;
                        pending = true;
                        words.Add(item.Text);
                    }
                    break;
                case WordKind.More:
                    intensity *= m.Factor; pending = true; words.Add(item.Text);
                    break;
                case WordKind.Less:
                    sign = -sign; pending = true; words.Add(item.Text);
                    break;
                case WordKind.Negation:
                    negated = true; pending = true; words.Add(item.Text);
                    break;
                case WordKind.Too:
                    too = true; pending = true; words.Add(item.Text);
                    break;
                case WordKind.Region:
                    if (last is not null && last.Region is null)
                    {
                        last.SetRegion(m.Region);
                        last.Words.Add(item.Text);
                    }
                    else
                    {
                        if (region is { } r) warnings.Add($"'{r.ToString().ToLowerInvariant()}' is named but nothing is said about it");
                        region = m.Region;
                        words.Add(item.Text);
                    }
                    break;
                case WordKind.Effect:
                    var d = new Draft(m.Effect!, intensity * m.Factor, sign, negated, too, region, item.Language);
                    d.Words.AddRange(words);
                    d.Words.Add(item.Text);
                    if (wasAdjacent is { Effect.Kind: EffectKind.Light, Negated: false } light && d.Effect.Kind == EffectKind.Colour && !pending)
                    {
                        d.LinkedLight = light;
                        d.Region ??= light.Region;
                    }
                    drafts.Add(d);
                    last = d;
                    adjacent = d;
                    region = null;
                    Reset();
                    break;
            }
        }
        EndClause();
        return drafts;
    }

    /// <summary>True when an effect (or a modifier of one) comes next, skipping links and stop words.</summary>
    private static bool EffectFollows(List<Item> items, int from)
    {
        for (int j = from; j < items.Count; j++)
        {
            if (items[j].Kind == ItemKind.Break) return false;
            var k = items[j].Meaning!.Kind;
            if (k is WordKind.Stop or WordKind.Link) continue;
            return k is WordKind.Effect or WordKind.Intensity or WordKind.More or WordKind.Less or WordKind.Negation or WordKind.Too;
        }
        return false;
    }

    private static (LookDesign, List<PromptPhrase>) Compose(List<Draft> drafts, PhotoStats? photo, List<string> warnings,
        Func<string, (LookDesign Design, string Source)?>? stocks)
    {
        var design = new LookDesign();
        var phrases = new List<PromptPhrase>();
        // Additions first, then limits and avoided colours, so "not too saturated" caps whatever added saturation.
        // A repeated word (or two synonyms, "日系小清新") counts once, at its strongest.
        var additions = drafts.Where(d => !d.Negated)
            .GroupBy(d => (d.Effect.Id, d.Effect.Kind, Region: d.Region ?? d.Effect.DefaultRegion, d.Sign))
            .Select(g => g.MaxBy(d => d.Intensity)!).ToList();
        foreach (var d in drafts.Where(additions.Contains))
        {
            var (v, note) = d.Effect.Vector(d.Region ?? PromptRegion.Global, photo);
            string? source = null;
            if (d.Effect.StockKey is { } key && stocks?.Invoke(key) is { } own)
            {
                (v, source) = (own.Design, own.Source);
                note = null;
            }
            if (note is not null) warnings.Add($"{string.Join(' ', d.Words)}: {note}");
            double scale = d.Sign * d.Intensity;
            design.Add(v, scale);
            var scaled = new LookDesign();
            scaled.Add(v, scale);
            var phrase = Phrase(d, "adds", scale, scaled);
            phrases.Add(source is null ? phrase : phrase with { Meaning = $"{phrase.Meaning} (library: {source})" });
        }
        foreach (var d in drafts.Where(d => d.Negated))
        {
            var before = design.Clone();
            var region = d.Region ?? PromptRegion.Global;
            if (d.Effect.Kind == EffectKind.Colour && !d.Too && d.Effect.Chroma >= PromptEffect.NeutralChroma)
            {
                Avoid(design, d.Effect.Hue, region);
                phrases.Add(Phrase(d, "avoids", 0, Difference(design, before)));
            }
            else
            {
                var (v, _) = d.Effect.Vector(region, photo);
                var u = new LookDesign();
                u.Add(v, d.Sign);
                Limit(design, u, d.Too ? NotTooCap * d.Intensity : 0);
                phrases.Add(Phrase(d, "limits", d.Too ? NotTooCap * d.Intensity : 0, Difference(design, before)));
            }
        }
        return (design, phrases);
    }

    private static PromptPhrase Phrase(Draft d, string role, double intensity, LookDesign sliders) =>
        new(string.Join(' ', d.Words), d.Effect.Id, d.Language, role, (d.Region ?? d.Effect.DefaultRegion).ToString().ToLowerInvariant(),
            Math.Round(intensity, 4), sliders.Describe().ToDictionary(s => s.Name, s => Math.Round(s.Value, 4)));

    private static LookDesign Difference(LookDesign after, LookDesign before)
    {
        var d = after.Clone();
        d.Add(before, -1);
        return d;
    }

    /// <summary>Caps every offset along <paramref name="unit"/> at <paramref name="cap"/> times it (0: nothing in that direction).</summary>
    public static void Limit(LookDesign design, LookDesign unit, double cap)
    {
        for (int i = 0; i < LookParameters.Count; i++)
        {
            double u = unit[i];
            if (u == 0) continue;
            double allowed = cap * u;
            if (u > 0 && design[i] > allowed) design[i] = Math.Max(allowed, 0);
            if (u < 0 && design[i] < allowed) design[i] = Math.Min(allowed, 0);
        }
        foreach (var (a, _) in LookDesign.Pairs)
        {
            double ua = unit[a], ub = unit[a + 1], n = Math.Sqrt(ua * ua + ub * ub);
            if (n == 0) continue;
            ua /= n; ub /= n;
            double projection = design[a] * ua + design[a + 1] * ub, allowed = Math.Max(cap * n, 0);
            if (projection <= allowed) continue;
            design[a] -= (projection - allowed) * ua;
            design[a + 1] -= (projection - allowed) * ub;
        }
    }

    /// <summary>Turns tints within <see cref="AvoidAngle"/> of <paramref name="hue"/> away from it (same size), and mutes that hue band a little.</summary>
    public static void Avoid(LookDesign design, double hue, PromptRegion region)
    {
        foreach (var (a, _) in LookDesign.Pairs)
        {
            bool applies = region switch
            {
                PromptRegion.Shadows or PromptRegion.Blacks => a == LookDesign.ShadowA,
                PromptRegion.Highlights or PromptRegion.Whites => a == LookDesign.HighlightA,
                _ => true,
            };
            double c = Math.Sqrt(design[a] * design[a] + design[a + 1] * design[a + 1]);
            if (!applies || c < 1e-9) continue;
            double diff = PromptEffect.HueDifference(LookDesign.HueOf(design[a], design[a + 1]), hue);
            if (Math.Abs(diff) >= AvoidAngle) continue;
            double turned = (hue + (diff >= 0 ? AvoidAngle : -AvoidAngle)) * Math.PI / 180;
            design[a] = c * Math.Cos(turned);
            design[a + 1] = c * Math.Sin(turned);
        }
        if (region is PromptRegion.Global or PromptRegion.Skin or PromptRegion.Foliage or PromptRegion.Sky or PromptRegion.Water)
        {
            int band = (int)Math.Round(((hue - LookParameters.FirstBandHueDegrees) % 360 + 360) % 360 / LookParameters.BandSpacingDegrees) % LookParameters.BandCount;
            design[LookParameters.BandChroma0 + 3 * band] = Math.Min(design[LookParameters.BandChroma0 + 3 * band], -0.1);
        }
    }

    private static IEnumerable<string> ClampWarnings(LookDesign design)
    {
        for (int i = 0; i < LookParameters.Count; i++)
        {
            var p = LookParameters.All[i];
            double v = p.Neutral + design[i];
            if (design[i] != 0 && (v > p.Max + 1e-9 || v < p.Min - 1e-9))
                yield return $"{p.Name} wanted {v:0.###}, held at {(v > p.Max ? p.Max : p.Min):0.###} (its limit)";
        }
        var (t, tint) = LookDesign.CastToSliders(design[LookDesign.CastA], design[LookDesign.CastB]);
        if (Math.Abs(t) > 1 + 1e-9) yield return $"temperature wanted {t:0.###}, held at {Math.Clamp(t, -1, 1):0.###} (its limit)";
        if (Math.Abs(tint) > 1 + 1e-9) yield return $"tint wanted {tint:0.###}, held at {Math.Clamp(tint, -1, 1):0.###} (its limit)";
        foreach (var (a, name) in LookDesign.Pairs)
        {
            if (a == LookDesign.CastA) continue;
            double c = Math.Sqrt(design[a] * design[a] + design[a + 1] * design[a + 1]);
            if (c > 1) yield return $"{name} tint wanted amount {c:0.###}, held at 1";
        }
    }

    /// <summary>The prompt as the Look's title: one line, at most 255 UTF-8 bytes, cut at a character boundary.</summary>
    public static string Title(string prompt)
    {
        var line = string.Join(' ', prompt.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        var sb = new StringBuilder();
        int bytes = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > 255) break;
            bytes += rune.Utf8SequenceLength;
            sb.Append(rune.ToString());
        }
        return sb.ToString();
    }
}
