using LutBridge.Looks;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Prompt;

/// <summary>The grammatical role of a recognised word.</summary>
public enum WordKind
{
    /// <summary>Something to do to the picture (warmer, teal, contrast, cinematic, Portra).</summary>
    Effect,
    /// <summary>Where to do it (shadows, highlights, skin, sky…).</summary>
    Region,
    /// <summary>How much (slightly, very…): <see cref="WordMeaning.Factor"/>.</summary>
    Intensity,
    /// <summary>"more", "increase", "high": the comparative of the next effect ("more saturated" = "saturated"; intensity words scale it).</summary>
    More,
    /// <summary>"less", "reduce", "low": the next effect reversed.</summary>
    Less,
    /// <summary>"not", "no", "without".</summary>
    Negation,
    /// <summary>"too" (with a negation: a limit, "not too saturated").</summary>
    Too,
    /// <summary>"but": ends a clause.</summary>
    But,
    /// <summary>"and": separates phrases inside a clause.</summary>
    And,
    /// <summary>"in", "on", "偏": joins an effect and a region without separating them.</summary>
    Link,
    /// <summary>Words that carry nothing here (the, photo, please, make…).</summary>
    Stop,
}

/// <summary>What one lexicon entry means.</summary>
public sealed record WordMeaning(WordKind Kind, PromptEffect? Effect = null, PromptRegion Region = PromptRegion.Global, double Factor = 1);

/// <summary>One lexicon entry: a phrase as token patterns ("warm*" matches any word starting with "warm") and its meaning.</summary>
public sealed record LexiconEntry(string[] Tokens, WordMeaning Meaning, string Language, string Phrase)
{
    public int ExactTokens => Tokens.Count(t => !t.EndsWith('*'));
    public int Letters => Tokens.Sum(t => t.TrimEnd('*').Length);

    public bool Matches(IReadOnlyList<PromptToken> tokens, int start)
    {
        if (start + Tokens.Length > tokens.Count) return false;
        for (int k = 0; k < Tokens.Length; k++)
        {
            var t = tokens[start + k].Text;
            var p = Tokens[k];
            if (t.Length == 0) return false;
            if (p.EndsWith('*') ? !t.StartsWith(p.AsSpan(0, p.Length - 1), StringComparison.Ordinal) : t != p) return false;
        }
        return true;
    }
}

/// <summary>
/// The vocabulary in English, Russian and Chinese. Russian words are matched by stems
/// ("тепл*" covers тёплый, теплее, теплые), Chinese phrases character by character
/// (longest match segments them). Colour names beyond the ones here come from
/// <see cref="ColourNames"/>. Unit sizes of the effects are in <see cref="PromptEffect"/>.
/// </summary>
public static class PromptLexicon
{
    public static IReadOnlyList<LexiconEntry> Entries => Lazy.Value.Entries;

    private static readonly Lazy<(List<LexiconEntry> Entries, Dictionary<string, List<LexiconEntry>> ByFirst, List<LexiconEntry> StemFirst)> Lazy =
        new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The longest entry matching at <paramref name="start"/> (ties: more exact words, then longer stems), or null.</summary>
    public static LexiconEntry? LongestMatch(IReadOnlyList<PromptToken> tokens, int start)
    {
        var (_, byFirst, stemFirst) = Lazy.Value;
        LexiconEntry? best = null;
        void Consider(LexiconEntry e)
        {
            if (!e.Matches(tokens, start)) return;
            if (best is null || Better(e, best)) best = e;
        }
        if (byFirst.TryGetValue(tokens[start].Text, out var list)) foreach (var e in list) Consider(e);
        foreach (var e in stemFirst) Consider(e);
        return best;
    }

    private static bool Better(LexiconEntry a, LexiconEntry b) =>
        a.Tokens.Length != b.Tokens.Length ? a.Tokens.Length > b.Tokens.Length
        : a.ExactTokens != b.ExactTokens ? a.ExactTokens > b.ExactTokens
        : a.Letters > b.Letters;

    /// <summary>True when the normalised word is a function word (intensity, negation, conjunction, stop word) in any language.</summary>
    public static bool IsFunctionWord(string word) =>
        Lazy.Value.ByFirst.TryGetValue(word, out var list) &&
        list.Any(e => e.Tokens.Length == 1 && e.Meaning.Kind is not (WordKind.Effect or WordKind.Region));

    /// <summary>
    /// True when a word may stand inside a multi-word colour name: unknown words, colours and
    /// light words ("dark red", "deep purple") may; moods, regions and function words may not
    /// (the list has "Moody Teal" and "Very Berry", but "moody teal shadows" means moody + teal).
    /// </summary>
    public static bool MayBeInColourName(string word)
    {
        var single = new List<PromptToken> { new(word, word) };
        var e = LongestMatch(single, 0);
        return e is null || e.Meaning is { Kind: WordKind.Effect, Effect.Kind: EffectKind.Colour or EffectKind.Light };
    }

    // ---- building --------------------------------------------------------------------------

    private static (List<LexiconEntry>, Dictionary<string, List<LexiconEntry>>, List<LexiconEntry>) Build()
    {
        var b = new Builder();
        Function(b);
        Regions(b);
        Tone(b);
        Colour(b);
        Colours(b);
        Moods(b);
        FilmStocks(b);
        var byFirst = new Dictionary<string, List<LexiconEntry>>(StringComparer.Ordinal);
        var stems = new List<LexiconEntry>();
        foreach (var e in b.Entries)
        {
            if (e.Tokens[0].EndsWith('*')) stems.Add(e);
            else
            {
                if (!byFirst.TryGetValue(e.Tokens[0], out var l)) byFirst[e.Tokens[0]] = l = [];
                l.Add(e);
            }
        }
        return (b.Entries, byFirst, stems);
    }

    private sealed class Builder
    {
        public List<LexiconEntry> Entries { get; } = [];

        public void Add(WordMeaning meaning, params string[] phrases)
        {
            foreach (var phrase in phrases)
            {
                var tokens = new List<string>();
                var spaced = phrase.Replace("&", " and ").Replace('-', ' ').Replace('/', ' ');
                foreach (var word in spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (word.Any(ch => PromptText.IsHan(ch))) tokens.AddRange(word.Select(ch => ch.ToString()));
                    else tokens.Add(word);
                }
                var lang = phrase.Any(ch => PromptText.IsHan(ch)) ? "zh" : phrase.Any(ch => ch is >= 'а' and <= 'я') ? "ru" : "en";
                Entries.Add(new LexiconEntry([.. tokens], meaning, lang, phrase));
            }
        }

        public void Word(WordKind kind, double factor, params string[] phrases) => Add(new WordMeaning(kind, Factor: factor), phrases);
        public void Effect(PromptEffect effect, double factor, params string[] phrases) => Add(new WordMeaning(WordKind.Effect, effect, Factor: factor), phrases);
        public void Region(PromptRegion region, params string[] phrases) => Add(new WordMeaning(WordKind.Region, Region: region), phrases);
    }

    private static PromptEffect Light(double sign, PromptRegion region = PromptRegion.Global) =>
        new(EffectKind.Light, sign > 0 ? (region == PromptRegion.Blacks ? "lift" : "brighter") : (region == PromptRegion.Blacks ? "crush" : "darker"), sign, DefaultRegion: region);

    private static readonly PromptEffect Saturate = new(EffectKind.Saturation, "saturation", 1);
    private static readonly PromptEffect Desaturate = new(EffectKind.Saturation, "desaturate", -1);
    private static readonly PromptEffect MoreContrast = new(EffectKind.Contrast, "contrast", 1);
    private static readonly PromptEffect LessContrast = new(EffectKind.Contrast, "flat", -1);

    private static PromptEffect Bundle(string id, Func<LookDesign, LookDesign> build) =>
        new(EffectKind.Bundle, id, Fixed: build(new LookDesign()));

    /// <summary>A colour effect from an sRGB hex (OKLab hue and chroma of that colour).</summary>
    public static PromptEffect ColourEffect(string id, string hex)
    {
        var (_, a, bb) = ColourNames.OklabOfHex(hex);
        return new PromptEffect(EffectKind.Colour, id, Hue: LookDesign.HueOf(a, bb), Chroma: Math.Sqrt(a * a + bb * bb));
    }

    private static void Function(Builder b)
    {
        b.Word(WordKind.Intensity, 0.3, "a hint of", "hint of", "a tiny bit", "barely", "едва", "чуть заметно", "微微");
        b.Word(WordKind.Intensity, 0.5, "slightly", "slight", "a bit", "a little", "a touch", "touch", "a little bit", "bit", "little", "subtle", "subtly", "gently", "gentle", "mildly", "mild", "lightly", "a tad", "tad",
            "чуть", "чуть чуть", "немного", "немножко", "слегка", "легк*", "небольш*", "незначительно", "мягко",
            "稍", "稍微", "稍稍", "略", "略微", "有点", "有点儿", "有些", "一点", "一点点", "一点儿", "一些", "些", "点", "些许", "轻微", "淡淡", "带点");
        b.Word(WordKind.Intensity, 0.75, "somewhat", "moderately", "fairly", "rather", "несколько", "умеренно", "适度", "适当");
        b.Word(WordKind.Intensity, 1.5, "very", "really", "much", "a lot", "lots of", "lot", "strongly", "strong", "heavily", "heavy", "quite", "so", "deeply", "way", "far", "significantly", "considerably", "noticeably", "super",
            "очень", "сильно", "сильн*", "намного", "гораздо", "значительно", "заметно", "куда", "весьма", "мощн*",
            "很", "非常", "特别", "十分", "挺", "相当", "更加", "明显", "强烈", "浓");
        b.Word(WordKind.Intensity, 2.0, "extremely", "ultra", "hugely", "massively", "insanely", "totally", "max", "maximum", "intensely", "intense", "dramatically",
            "крайне", "предельно", "максимально", "экстремально", "супер", "ультра", "безумно",
            "极", "极其", "极度", "超级", "超", "无比", "最");
        b.Word(WordKind.More, 1, "more", "increase", "increased", "boost", "boosted", "add", "added", "higher", "high", "enhance", "enhanced", "stronger", "extra", "heighten", "up",
            "более", "больше", "побольше", "добав*", "увелич*", "повыс*", "подн*", "усил*", "высок*", "выше", "много",
            "更", "更多", "提高", "增加", "加强", "增强", "提升", "拉高", "加", "加大", "高", "多");
        b.Word(WordKind.Less, 1, "less", "decrease", "decreased", "reduce", "reduced", "lower", "low", "lowered", "weaker", "minus", "tone down", "turn down", "dial back", "fewer",
            "менее", "меньше", "поменьше", "уменьш*", "пониз*", "сниз*", "сним*", "ослаб*", "низк*", "ниже", "убав*", "убер*", "убра*",
            "降低", "减少", "减弱", "拉低", "减", "降", "低", "少", "减淡", "去");
        b.Word(WordKind.Negation, 1, "not", "no", "without", "never", "don't", "dont", "avoid", "nor", "non",
            "не", "нет", "без", "ни", "избег*",
            "不", "别", "不要", "没有", "无", "勿", "避免", "去掉");
        b.Word(WordKind.Too, 1, "too", "overly", "over", "excessively", "слишком", "чересчур", "излишне", "太", "过于", "过度", "过");
        b.Word(WordKind.But, 1, "but", "however", "yet", "though", "although", "while", "но", "однако", "зато", "а", "但", "但是", "可是", "不过", "然而", "而");
        b.Word(WordKind.And, 1, "and", "with", "also", "plus", "then", "as well as", "и", "с", "со", "также", "плюс", "和", "与", "跟", "并", "并且", "同时", "还有", "以及", "又");
        b.Word(WordKind.Link, 1, "in", "on", "into", "toward", "towards", "to", "of", "at", "for", "across", "в", "во", "на", "к", "ко", "по", "для", "偏", "偏向", "带", "在", "往", "向");
        b.Word(WordKind.Stop, 1, "a", "an", "the", "make", "makes", "making", "it", "its", "it's", "this", "that", "these", "image", "images", "photo", "photos", "picture", "pictures", "shot", "shots", "frame", "pic",
            "look", "looks", "looking", "feel", "feeling", "vibe", "vibes", "style", "styled", "tone", "tones", "toned", "toning", "colour", "colours", "color", "colors", "colouring", "coloring",
            "please", "some", "me", "my", "give", "get", "be", "is", "are", "should", "kind", "sort", "like", "overall", "grade", "graded", "grading", "effect", "palette", "scene", "portrait", "landscape",
            "just", "version", "i", "i'd", "want", "would", "could", "can", "you", "we", "let's", "lets", "something", "vibe", "onto", "using", "apply", "treatment", "aesthetic", "mood", "atmosphere", "tint", "tinted", "cast", "hue", "hues", "area", "areas", "parts", "part", "everything", "whole", "all", "overall",
            "сделай", "сделайте", "сделать", "сделал*", "пусть", "будет", "было", "стал*", "чтобы", "как", "фото", "фотографи*", "фотк*", "снимок", "снимк*", "кадр*", "изображени*", "картинк*",
            "цвет", "цвета", "цветов", "цвету", "цветом", "цветами", "цветах", "тон", "тона", "тонов", "тоном", "тонах", "оттенок", "оттенк*", "эффект*", "стил*", "вид", "образ", "пожалуйста",
            "наверное", "можно", "хочу", "хочется", "хотелось", "давай", "сделаем", "нужно", "надо", "придай", "придать", "добиться", "это", "этот", "эту", "ее", "его", "мне", "же", "бы", "всё", "все", "весь", "вся", "гамм*", "атмосфер*", "настроени*", "портрет*", "пейзаж*", "тонировк*", "тонир*",
            "希望", "想要", "我", "我想", "能", "可以", "需要", "请把", "帮我", "一下子", "的", "地", "得", "了", "让", "把", "使", "给", "要", "想", "一下", "调", "调子", "色调", "色", "感", "感觉", "风格", "风", "色彩", "照片", "图片", "画面", "图", "效果", "整体", "一", "些的", "请", "变", "变得", "得更", "氛围", "人像", "风景", "滤镜", "味");
    }

    private static void Regions(Builder b)
    {
        b.Region(PromptRegion.Shadows, "shadow*", "lows", "dark areas", "dark parts", "dark tones", "low lights", "lowlights",
            "тен*", "темные участки", "темные области", "темных участк*", "темн* зон*", "阴影", "暗部", "暗处", "暗面");
        b.Region(PromptRegion.Blacks, "blacks", "black point", "black level", "black levels", "the blacks", "черн*", "черные", "точк* черного", "黑色", "黑场", "黑位");
        b.Region(PromptRegion.Midtones, "midtone*", "mid tone*", "mids", "middle tones", "полутон*", "средн* тон*", "中间调", "中间色调", "中调", "中灰");
        b.Region(PromptRegion.Highlights, "highlight*", "high lights", "bright areas", "bright parts", "light areas", "lights",
            "света", "светах", "светов", "свет", "блик*", "светлые участки", "светлых участк*", "светл* зон*", "高光", "亮部", "亮处", "亮面");
        b.Region(PromptRegion.Whites, "whites", "white point", "white level", "белые", "белых", "точк* белого", "白场", "白位");
        b.Region(PromptRegion.Skin, "skin", "skins", "skin tone*", "skintone*", "complexion", "face", "faces", "people", "кож*", "тон* кожи", "цвет кожи", "лиц*", "肤色", "皮肤", "肤", "脸", "人脸", "脸色");
        b.Region(PromptRegion.Foliage, "foliage", "leaves", "leaf", "greenery", "grass", "trees", "tree", "plants", "plant", "vegetation", "forest", "forests", "nature",
            "листв*", "листь*", "трав*", "зелень", "зелени", "деревь*", "дерев*", "лес", "леса", "лесу", "растени*", "树叶", "叶子", "植物", "绿植", "草地", "草", "树", "树木", "森林", "植被");
        b.Region(PromptRegion.Reds, "reds", "the reds", "red tones", "red colours", "red colors", "红色部分");
        b.Region(PromptRegion.Oranges, "oranges", "the oranges", "orange tones", "橙色部分");
        b.Region(PromptRegion.Yellows, "yellows", "the yellows", "yellow tones", "黄色部分");
        b.Region(PromptRegion.Greens, "greens", "the greens", "green tones", "green colours", "green colors", "绿色部分");
        b.Region(PromptRegion.Aquas, "aquas", "cyans", "teals", "the cyans", "青色部分");
        b.Region(PromptRegion.Blues, "blues", "the blues", "blue tones", "blue colours", "blue colors", "蓝色部分");
        b.Region(PromptRegion.Purples, "purples", "the purples", "紫色部分");
        b.Region(PromptRegion.Magentas, "magentas", "pinks", "the magentas", "品红部分");
        b.Region(PromptRegion.Sky, "sky", "skies", "небо", "неба", "небе", "небом", "небес*", "天空", "天");
        b.Region(PromptRegion.Water, "water", "sea", "ocean", "lake", "river", "вод*", "мор*", "океан*", "озер*", "река", "реки", "реке", "реку", "水", "海", "大海", "海水", "湖", "湖水", "河");
    }

    private static void Tone(Builder b)
    {
        b.Effect(Light(1), 1, "bright*", "light", "lighter", "lighten", "lightened", "exposure", "exposed", "luminous", "brightness", "open up", "airier",
            "светл*", "светлее", "ярче", "осветл*", "экспозиц*", "подсвет*", "яркост*",
            "亮", "明亮", "提亮", "亮度", "亮一点", "曝光", "光亮", "明快", "敞亮", "透亮");
        b.Effect(Light(1), 1.6, "overexposed", "overexpose", "пересвет*", "过曝");
        b.Effect(Light(-1), 1, "dark*", "dim", "dimmer", "dimmed", "deep", "deeper", "deepen", "deepened", "dusky",
            "темн*", "темнее", "затемн*", "притемн*", "глубок*", "глубже",
            "暗", "变暗", "压暗", "暗一点", "昏暗", "深", "暗沉", "灰暗");
        b.Effect(Light(-1), 1.6, "underexposed", "underexpose", "недосвет*", "欠曝");
        b.Effect(Light(1, PromptRegion.Blacks), 1, "lift", "lifted", "lifting", "raise", "raised", "lifted blacks", "lift the blacks", "raised blacks", "milky blacks", "washed blacks", "поднят* черн*", "поднят* тен*", "黑位提升", "提黑", "灰黑");
        b.Effect(Light(-1, PromptRegion.Blacks), 1, "crush*", "crushed blacks", "deep blacks", "inky blacks", "rich blacks", "задав*", "глубок* черн*", "насыщенн* черн*", "压黑", "死黑", "深黑");

        b.Effect(MoreContrast, 1, "contrast*", "punchy", "punch", "crisp", "crispy", "snappy", "clarity", "hard", "harsh", "bold", "pop", "poppy",
            "контраст*", "контрастн*", "контрастнее", "сочнее", "четк*", "жестк*", "резк*",
            "对比", "对比度", "反差", "硬朗", "通透", "锐利", "强对比", "高反差");
        b.Effect(MoreContrast, 1.4, "high contrast", "высок* контраст*", "высококонтраст*", "高对比", "高对比度");
        b.Effect(LessContrast, 1, "flat", "flatter", "flattened", "soft", "softer", "soften", "softened", "gentle contrast", "low contrast", "lower contrast",
            "плоск*", "мягк*", "мягче", "низк* контраст*", "малоконтраст*", "неконтраст*",
            "平", "平淡", "柔和", "柔", "柔软", "低对比", "低对比度", "灰", "灰调");

        b.Effect(Bundle("matte", d => d.Set(Black, 0.06).Set(Contrast, -0.05).Set(White, -0.02)), 1, "matte", "matt", "mat", "матов*", "мат", "哑光", "磨砂", "雾面");
        b.Effect(Bundle("faded", d => d.Set(Black, 0.08).Set(Contrast, -0.12).Set(Saturation, -0.15).Set(White, -0.03)), 1,
            "fade", "faded", "fading", "washed out", "washed-out", "washed", "bleached", "sun bleached",
            "выцвет*", "выгорев*", "выгорел*", "выбелен*", "линял*", "褪色", "泛白", "发白", "褪", "掉色");
        b.Effect(Bundle("high key", d => d.Set(Exposure, 0.6).Set(Shadows, 0.25).Set(Highlights, 0.15).Set(Contrast, -0.1).Set(Black, 0.02)), 1,
            "high key", "high-key", "highkey", "высок* ключ*", "хай ки", "хайки", "светл* тональн*", "高调", "高亮调", "高key");
        b.Effect(Bundle("low key", d => d.Set(Exposure, -0.5).Set(Shadows, -0.25).Set(Highlights, -0.1).Set(Contrast, 0.15)), 1,
            "low key", "low-key", "lowkey", "низк* ключ*", "лоу ки", "темн* тональн*", "低调", "暗调", "低key");
        b.Effect(Bundle("pastel", d => d.Set(Saturation, -0.3).Set(Exposure, 0.25).Set(Contrast, -0.15).Set(Black, 0.04)), 1,
            "pastel", "pastels", "pastelle", "пастел*", "粉彩", "马卡龙", "糖果色", "奶油");
        b.Effect(Bundle("vivid", d => d.Set(Saturation, 0.25).Set(Vibrance, 0.35).Set(Contrast, 0.05)), 1,
            "vivid", "vibrant", "colourful", "colorful", "rich", "rich colours", "rich colors", "bright colours", "bright colors", "punchy colours", "punchy colors", "juicy", "lush", "saturated colours", "saturated colors",
            "ярк*", "ярк* цвет*", "сочн*", "красочн*", "цветаст*", "живые", "живой", "живых", "насыщенн* цвет*",
            "鲜艳", "鲜明", "艳丽", "浓郁", "艳", "绚丽", "色彩丰富", "饱满");
        b.Effect(Saturate, 1, "saturat*", "saturation", "chroma", "colourfulness", "colorfulness", "насыщ*", "насыщенн*", "насыщеннее", "насыщенность", "饱和", "饱和度", "浓艳");
        b.Effect(Desaturate, 1, "desaturat*", "unsaturat*", "muted", "mute", "subdued", "dull", "duller", "dulled", "understated", "toned down", "washed colours", "low saturation",
            "приглуш*", "ненасыщен*", "тускл*", "блекл*", "блеклые", "обесцвеч*", "десатур*", "сдержанн*", "спокойн* цвет*",
            "低饱和", "淡", "淡雅", "素", "素雅", "暗淡", "黯淡", "寡淡", "去饱和", "清淡");
        b.Effect(new PromptEffect(EffectKind.Bundle, "vibrance", Fixed: new LookDesign().Set(Vibrance, 0.4)), 1, "vibrance", "вибранс", "вибрантн*", "自然饱和度", "鲜艳度");
    }

    private static void Colour(Builder b)
    {
        var warm = new PromptEffect(EffectKind.Colour, "warm", Hue: PromptEffect.WarmHue, Chroma: 0.1);
        var cool = new PromptEffect(EffectKind.Colour, "cool", Hue: PromptEffect.CoolHue, Chroma: 0.1);
        b.Effect(warm, 1, "warm*", "warmth", "warming", "hot", "sunny", "toasty", "тепл*", "теплее", "теплот*", "согрет*", "暖", "温暖", "暖色", "暖调", "暖和", "偏暖", "暖黄");
        b.Effect(cool, 1, "cool*", "cold*", "chilly", "icy", "frosty", "холод*", "холоднее", "прохладн*", "ледян*", "студен*", "冷", "冷色", "冷调", "清冷", "冰冷", "凉", "冰", "偏冷", "冷淡");
        b.Effect(new PromptEffect(EffectKind.Neutralise, "neutral white balance"), 1,
            "neutral", "neutralise", "neutralize", "white balance", "correct white balance", "fix white balance", "remove cast", "remove the cast", "colour correct*", "color correct*", "true colours", "true colors",
            "нейтральн*", "баланс белого", "убери* оттенок", "правильн* баланс*", "白平衡", "中性", "去色偏", "校正色偏", "还原");
    }

    /// <summary>Colour words in Russian and Chinese (and English forms the name list lacks), by the English name whose colour they mean.</summary>
    private static void Colours(Builder b)
    {
        void C(string english, string hex, params string[] phrases) => b.Effect(ColourEffect(english, hex), 1, phrases);
        C("red", "e0201b", "red", "redder", "reddish", "ruddy", "красн*", "краснее", "алый", "алые", "алая", "алого", "红", "红色", "偏红", "大红");
        C("scarlet", "ff2400", "scarlet", "crimson", "алых", "багров*", "малинов*", "朱红", "绯红", "酒红");
        C("orange", "ff8c1a", "orange", "orangey", "orangish", "oranger", "оранжев*", "рыж*", "апельсинов*", "橙", "橙色", "橘", "橘色", "橙黄", "橘黄");
        C("amber", "ffbf00", "amber", "янтарн*", "琥珀", "琥珀色");
        C("yellow", "f2d21b", "yellow", "yellower", "yellowish", "желт*", "желтее", "лимонн*", "黄", "黄色", "偏黄", "柠檬黄");
        C("gold", "e6b422", "gold", "golden", "золот*", "金", "金色", "金黄", "金黄色");
        C("green", "2fa84f", "green", "greener", "greenish", "зелен*", "зеленее", "绿", "绿色", "偏绿");
        C("lime", "aaff32", "lime", "lime green", "салатов*", "лаймов*", "黄绿", "嫩绿", "青柠");
        C("mint", "3eb489", "mint", "minty", "мятн*", "薄荷", "薄荷绿");
        C("emerald", "028f1e", "emerald", "изумрудн*", "翠绿", "祖母绿");
        C("teal", "008080", "teal", "tealish", "teal-ish", "бирюзов*", "бирюза", "бирюзу", "бирюзы", "морск* волн*", "青", "青色", "蓝绿", "青绿", "蓝绿色", "孔雀绿", "水鸭色");
        C("cyan", "00b7c7", "cyan", "aqua", "turquoise", "циан*", "аквамарин*", "青蓝", "湖蓝", "天青", "湖绿");
        C("sky blue", "6fa8dc", "sky blue", "light blue", "baby blue", "azure", "голуб*", "лазурн*", "небесн*", "天蓝", "天蓝色", "浅蓝", "蔚蓝");
        C("blue", "1f4fd8", "blue", "bluer", "bluish", "blueish", "син*", "синее", "蓝", "蓝色", "偏蓝", "宝蓝");
        C("navy", "1b2a6b", "navy", "indigo", "cobalt", "ultramarine", "индиго", "ультрамарин*", "темно син*", "藏青", "靛蓝", "深蓝");
        C("purple", "7a3fc0", "purple", "purplish", "purply", "violet", "фиолетов*", "фиолет*", "紫", "紫色", "偏紫", "紫罗兰");
        C("lilac", "c8a2c8", "lilac", "lavender", "mauve", "лилов*", "сиренев*", "лаванд*", "淡紫", "薰衣草");
        C("magenta", "d6249f", "magenta", "fuchsia", "пурпурн*", "пурпур*", "маджент*", "фукси*", "品红", "洋红", "玫红", "紫红");
        C("pink", "ff8fb1", "pink", "pinker", "pinkish", "rosy", "rose", "розов*", "розовее", "粉", "粉色", "粉红", "粉红色", "玫瑰", "樱花");
        C("peach", "ffb07c", "peach", "peachy", "coral", "salmon", "персиков*", "коралл*", "лосос*", "桃色", "蜜桃", "珊瑚");
        C("brown", "8b5a2b", "brown", "brownish", "chocolate", "коричнев*", "бурый", "бурые", "шоколадн*", "棕", "棕色", "褐", "褐色", "咖啡色");
        C("copper", "b87333", "copper", "bronze", "rust", "rusty", "медн*", "бронзов*", "ржав*", "铜", "铜色", "古铜");
        C("olive", "808010", "olive", "khaki", "оливк*", "оливков*", "хаки", "橄榄", "橄榄绿", "军绿");
        C("beige", "d9c3a0", "beige", "cream", "creamy", "tan", "бежев*", "кремов*", "米色", "米黄", "奶油色");
        C("grey", "808080", "grey", "gray", "greyish", "grayish", "silver", "серый", "серые", "серая", "серое", "серо", "сероват*", "серебрист*", "灰色", "银色", "灰白");
    }

    private static void Moods(Builder b)
    {
        void P(string id, Func<LookDesign, LookDesign> build, params string[] phrases) => b.Effect(Bundle(id, build), 1, phrases);
        double teal = 200, orange = 62, cyan = 210, magenta = 330, purple = 300, yellow = 105, blue = 255, sepia = 68, warm = PromptEffect.WarmHue, cool = PromptEffect.CoolHue;

        P("moody", d => d.Set(Exposure, -0.3).Set(Contrast, 0.12).Set(Saturation, -0.25).Set(Shadows, -0.15).Set(Highlights, -0.15).Tint(LookDesign.ShadowA, 230, 0.2),
            "moody", "moodier", "gloomy", "brooding", "melancholic", "melancholy", "somber", "sombre", "dark and moody",
            "мрачн*", "угрюм*", "муди", "меланхол*", "хмур*", "депрессивн*", "атмосферн*", "阴郁", "忧郁", "情绪", "情绪感", "氛围感", "压抑", "暗黑", "暗黑风");
        P("cinematic", d => d.Tint(LookDesign.ShadowA, teal, 0.35).Tint(LookDesign.HighlightA, orange, 0.25).Set(Contrast, 0.15).Set(Black, 0.02).Set(Saturation, -0.05).Set(BandChroma0 + 3, 0.1),
            "cinematic", "cinema", "movie", "movie-like", "film look", "hollywood", "blockbuster",
            "кинематограф*", "киношн*", "кино", "как в кино", "голливуд*", "电影感", "电影", "大片", "好莱坞", "影视");
        P("teal and orange", d => d.Tint(LookDesign.ShadowA, teal, 0.5).Tint(LookDesign.HighlightA, orange, 0.4).Set(BandChroma0 + 3, 0.15).Set(Contrast, 0.1).Set(Saturation, 0.05),
            "teal and orange", "orange and teal", "teal orange", "orange teal", "teal & orange",
            "бирюзов* оранжев*", "бирюзов* и оранжев*", "оранжев* бирюзов*", "тил энд оранж", "青橙", "橙青", "青与橙", "橙与青", "蓝橙");
        P("vintage", d => d.Set(Black, 0.07).Set(White, -0.04).Set(Contrast, -0.1).Set(Saturation, -0.2).Tint(LookDesign.CastA, warm, 0.01).Tint(LookDesign.ShadowA, 200, 0.1).Tint(LookDesign.HighlightA, 75, 0.15),
            "vintage", "retro", "old", "old school", "old-school", "aged", "antique", "nostalgic", "nostalgia", "old photo", "70s", "seventies", "1970s",
            "винтаж*", "ретро", "старин*", "стар*", "олдскул*", "ностальг*", "советск*", "复古", "怀旧", "老照片", "年代感", "旧", "老旧", "港风", "港式");
        P("golden hour", d => d.Tint(LookDesign.CastA, warm, 0.022).Tint(LookDesign.HighlightA, 70, 0.3).Set(Saturation, 0.1).Set(Exposure, 0.1).Set(BandChroma0 + 3, 0.15),
            "golden hour", "golden-hour", "magic hour", "sunset", "sundown", "dusk glow", "sunrise", "evening sun", "late afternoon",
            "золот* час*", "закат*", "рассвет*", "вечерн* солнц*", "黄金时刻", "金色时刻", "黄金时段", "日落", "夕阳", "落日", "黄昏", "日出", "晚霞");
        P("bleach bypass", d => d.Set(Saturation, -0.55).Set(Contrast, 0.35).Set(Black, -0.02).Set(Highlights, 0.1),
            "bleach bypass", "bleach-bypass", "bleach by pass", "skip bleach", "silver retention", "silver retained",
            "блич байпас", "блич бай пасс", "блич", "отбеливани*", "без отбеливания", "серебр* удерж*", "留银", "漂白", "跳漂", "银盐保留");
        P("cross processed", d => d.Tint(LookDesign.HighlightA, yellow, 0.4).Tint(LookDesign.ShadowA, blue, 0.35).Set(Contrast, 0.25).Set(Saturation, 0.2).Tint(LookDesign.CastA, 150, 0.006),
            "cross processed", "cross processing", "cross process", "cross-processed", "crossprocessed", "xpro", "x pro", "x-pro",
            "кросс процесс*", "кросспроцесс*", "кросс-процесс*", "交叉冲印", "正片负冲", "负冲", "反转负冲");
        P("cyberpunk", d => d.Tint(LookDesign.ShadowA, purple, 0.45).Tint(LookDesign.HighlightA, cyan, 0.3).Set(BandChroma0 + 3 * 7, 0.3).Set(BandChroma0 + 3 * 4, 0.3)
                .Set(Saturation, 0.2).Set(Contrast, 0.2).Set(Exposure, -0.15).Tint(LookDesign.CastA, magenta, 0.008),
            "cyberpunk", "cyber punk", "cyber", "neon", "neon lights", "blade runner", "synthwave", "vaporwave", "futuristic",
            "киберпанк*", "кибер*", "неон*", "赛博朋克", "赛博", "霓虹", "霓虹灯", "未来感");
        P("sepia", d => d.Set(Saturation, -0.85).Tint(LookDesign.ShadowA, 55, 0.3).Tint(LookDesign.HighlightA, 80, 0.25).Tint(LookDesign.CastA, sepia, 0.01).Set(Contrast, -0.05),
            "sepia", "sepia toned", "sepia-toned", "sepia tone", "brown toned", "сепи*", "棕褐", "深褐", "褐色调", "棕褐色", "旧照片");
        P("black and white", d => d.Set(Saturation, -1),
            "black and white", "black & white", "black white", "b and w", "b w", "bw", "b/w", "monochrome", "mono", "monochromatic", "greyscale", "grayscale", "colourless", "colorless",
            "черно бел*", "черн* и бел*", "черно-бел*", "чб", "ч б", "монохром*", "бесцветн*", "黑白", "单色", "灰度", "无彩色", "去色");
        P("noir", d => d.Set(Saturation, -1).Set(Contrast, 0.35).Set(Exposure, -0.2).Set(Shadows, -0.2),
            "noir", "film noir", "нуар", "黑色电影");
        P("dramatic", d => d.Set(Contrast, 0.3).Set(Shadows, -0.15).Set(Saturation, -0.05).Set(Exposure, -0.15).Set(Highlights, -0.05),
            "dramatic", "drama", "intense", "epic", "драматичн*", "драма*", "эпичн*", "戏剧", "戏剧性", "戏剧感", "史诗", "震撼");
        P("gritty", d => d.Set(Contrast, 0.25).Set(Saturation, -0.25).Set(Black, -0.01).Set(Shadows, -0.1),
            "gritty", "grungy", "grunge", "raw", "harsh and gritty", "зернист*", "грязн*", "гранж*", "粗粝", "颗粒感", "硬核");
        P("dreamy", d => d.Set(Contrast, -0.2).Set(Highlights, 0.2).Set(Black, 0.04).Set(Saturation, -0.1).Set(Exposure, 0.15).Tint(LookDesign.HighlightA, 350, 0.08),
            "dreamy", "dream", "dreamlike", "ethereal", "hazy", "soft and dreamy", "romantic",
            "мечтательн*", "сказочн*", "нежн*", "романтичн*", "дымк*", "梦幻", "空灵", "朦胧", "唯美", "浪漫");
        P("airy", d => d.Set(Exposure, 0.45).Set(Contrast, -0.15).Set(Shadows, 0.2).Set(Saturation, -0.1).Tint(LookDesign.CastA, cool, 0.004),
            "airy", "light and airy", "bright and airy", "clean", "fresh", "воздушн*", "светл* и воздушн*", "свеж*", "чист*",
            "日系", "清新", "小清新", "干净", "通透感", "空气感", "明亮清新");
        P("film", d => d.Set(Black, 0.04).Set(Contrast, -0.05).Set(Saturation, -0.05).Set(White, -0.02).Tint(LookDesign.HighlightA, 80, 0.08).Tint(LookDesign.ShadowA, 200, 0.06),
            "film", "analog", "analogue", "filmic", "film-like", "35mm", "film stock", "film grain",
            "пленк*", "пленочн*", "аналог*", "胶片", "胶片感", "菲林", "胶卷");
        P("summer", d => d.Tint(LookDesign.CastA, warm, 0.012).Set(Vibrance, 0.3).Set(Exposure, 0.15),
            "summer", "summery", "tropical", "beach", "летн*", "лето", "тропическ*", "夏日", "夏天", "夏季", "盛夏", "热带");
        P("autumn", d => d.Tint(LookDesign.CastA, warm, 0.012).Set(BandChroma0 + 3, 0.2).Set(BandHue0 + 3 * 2, -8).Set(BandHue0 + 3 * 3, -15).Set(Saturation, 0.05),
            "autumn", "autumnal", "fall", "осен*", "秋天", "秋日", "秋季", "秋色", "深秋");
        P("winter", d => d.Tint(LookDesign.CastA, cool, 0.014).Set(Saturation, -0.15).Set(Exposure, 0.1).Set(Highlights, 0.1),
            "winter", "wintry", "wintery", "snowy", "зимн*", "зима", "мороз*", "снежн*", "冬天", "冬日", "冬季", "雪景", "雪");
        P("spring", d => d.Set(Vibrance, 0.25).Set(BandChroma0 + 3 * 3, 0.15).Set(Exposure, 0.1).Tint(LookDesign.CastA, 140, 0.003),
            "spring", "springtime", "весенн*", "весна", "春天", "春日", "春季");
        P("night", d => d.Set(Exposure, -0.3).Tint(LookDesign.CastA, cool, 0.014).Set(Contrast, 0.1),
            "night", "nighttime", "midnight", "moonlight", "ночн*", "ночь", "лунн*", "夜晚", "夜景", "夜", "月光", "深夜");
        P("natural", d => d.Set(Vibrance, 0.1),
            "natural", "naturalistic", "realistic", "естествен*", "натуральн*", "自然", "真实");
    }

    /// <summary>
    /// Film stocks by their published character (maker's descriptions and common knowledge:
    /// Portra's warm low-contrast skin, Velvia's saturation, Tri-X's contrast); the user's own
    /// library Looks of the same name take precedence (see library search).
    /// </summary>
    /// <summary>A film stock's key for library matching: its first phrase, letters and digits only ("tri x" → "trix").</summary>
    public static string StockKeyOf(string phrase) => new(phrase.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static void FilmStocks(Builder b)
    {
        void F(string id, Func<LookDesign, LookDesign> build, params string[] phrases) =>
            b.Effect(Bundle(id, build) with { StockKey = StockKeyOf(phrases[0]) }, 1, phrases);
        double warm = PromptEffect.WarmHue, cool = PromptEffect.CoolHue;
        F("Kodak Portra", d => d.Tint(LookDesign.CastA, warm, 0.008).Set(Contrast, -0.1).Set(Saturation, -0.1).Set(BandChroma0 + 3, -0.05).Tint(LookDesign.ShadowA, 200, 0.1).Tint(LookDesign.HighlightA, 70, 0.12).Set(Black, 0.02),
            "portra", "portra 160", "portra 400", "portra 800", "kodak portra", "портра", "波特拉");
        F("Kodak Ektar", d => d.Set(Saturation, 0.3).Set(Contrast, 0.15).Set(BandChroma0, 0.2).Set(BandChroma0 + 15, 0.2).Tint(LookDesign.CastA, warm, 0.005),
            "ektar", "ektar 100", "kodak ektar", "эктар");
        F("Fujifilm Velvia", d => d.Set(Saturation, 0.4).Set(Contrast, 0.25).Set(BandChroma0 + 9, 0.3).Set(BandChroma0 + 15, 0.25).Tint(LookDesign.CastA, 330, 0.004).Set(Shadows, -0.1),
            "velvia", "velvia 50", "velvia 100", "fuji velvia", "fujifilm velvia", "вельвия", "вельвиа", "维尔维亚");
        F("Fujifilm Provia", d => d.Set(Saturation, 0.15).Set(Contrast, 0.15),
            "provia", "provia 100f", "fuji provia", "провиа");
        F("Fujifilm Astia", d => d.Set(Contrast, -0.1).Set(BandChroma0 + 3, -0.05).Set(Saturation, 0.05),
            "astia", "fuji astia", "астия");
        F("Kodachrome", d => d.Set(Contrast, 0.25).Set(BandChroma0, 0.2).Set(BandChroma0 + 6, 0.15).Set(BandChroma0 + 15, 0.2).Set(BandLightness0 + 15, -0.03).Tint(LookDesign.CastA, warm, 0.006).Set(Black, -0.01),
            "kodachrome", "kodachrome 64", "кодахром", "柯达克罗姆");
        F("Kodak Ektachrome", d => d.Tint(LookDesign.CastA, cool, 0.006).Set(Saturation, 0.15).Set(Contrast, 0.15).Set(BandChroma0 + 15, 0.2),
            "ektachrome", "e100", "экта*", "эктахром");
        F("CineStill 800T", d => d.Tint(LookDesign.CastA, cool, 0.015).Tint(LookDesign.ShadowA, 205, 0.2).Set(Contrast, 0.05).Set(Black, 0.02).Set(BandChroma0, 0.1),
            "cinestill", "cinestill 800t", "800t", "tungsten film", "синестил*", "синестилл*");
        F("Fujifilm Superia", d => d.Tint(LookDesign.ShadowA, 150, 0.15).Set(Saturation, 0.1).Set(BandChroma0 + 9, 0.1).Tint(LookDesign.CastA, 150, 0.004),
            "superia", "fuji superia", "fujicolor", "суперия", "富士");
        F("Fujifilm Pro 400H", d => d.Tint(LookDesign.CastA, cool, 0.004).Tint(LookDesign.CastA, 150, 0.003).Set(Black, 0.04).Set(Contrast, -0.12).Set(Saturation, -0.1).Set(Exposure, 0.15).Set(BandHue0 + 9, 5),
            "pro 400h", "400h", "fuji 400h", "fuji pro");
        F("Kodak Gold", d => d.Tint(LookDesign.CastA, warm, 0.015).Set(Saturation, 0.15).Set(BandChroma0 + 6, 0.2).Set(Contrast, 0.05),
            "kodak gold", "gold 200", "kodak", "kodak ultramax", "ultramax", "кодак", "柯达", "柯达金");
        F("Agfa Vista", d => d.Set(BandChroma0, 0.25).Set(Saturation, 0.15).Tint(LookDesign.CastA, warm, 0.003).Set(Contrast, 0.1),
            "agfa", "agfa vista", "vista 200", "агфа", "爱克发");
        F("Polaroid", d => d.Set(Black, 0.07).Set(Contrast, -0.15).Set(Saturation, -0.15).Tint(LookDesign.HighlightA, 80, 0.15).Tint(LookDesign.ShadowA, 200, 0.15).Set(White, -0.05),
            "polaroid", "instant film", "instax", "поляроид*", "полароид*", "宝丽来", "拍立得");
        F("Ilford HP5", d => d.Set(Saturation, -1).Set(Contrast, 0.1),
            "hp5", "hp5 plus", "ilford", "ilford hp5", "илфорд", "伊尔福");
        F("Kodak Tri-X", d => d.Set(Saturation, -1).Set(Contrast, 0.25).Set(Shadows, -0.1),
            "tri x", "trix", "tri-x", "tri x 400", "kodak tri x", "три икс", "трикс");
        F("Fujifilm Eterna", d => d.Set(Contrast, -0.2).Set(Saturation, -0.2).Set(Black, 0.03).Tint(LookDesign.ShadowA, 200, 0.12),
            "eterna", "fuji eterna", "этерна");
        F("Fujifilm Classic Chrome", d => d.Set(Saturation, -0.2).Set(Contrast, 0.1).Set(Black, 0.02).Set(BandChroma0 + 15, -0.2).Tint(LookDesign.ShadowA, 200, 0.08),
            "classic chrome", "классик хром");
    }
}
