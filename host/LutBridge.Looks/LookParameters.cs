namespace LutBridge.Looks;

/// <summary>
/// The schema of a Look: every named parameter in one table (name, range, neutral value,
/// unit, meaning, quantisation step). `show`, `edit --set`, docs/look.md and the darktable
/// panel's sliders all read this table. The index of a parameter is its key in the .look
/// file, so entries are only ever appended, never reordered or removed.
/// </summary>
public static class LookParameters
{
    /// <summary>Centre hues (OKLab hue angle, degrees) of the per-hue bands, 45° apart.</summary>
    public static readonly string[] BandNames = ["red", "orange", "yellow", "green", "aqua", "blue", "purple", "magenta"];

    public const double FirstBandHueDegrees = 20.0;
    public const double BandSpacingDegrees = 45.0;
    public const int BandCount = 8;

    /// <summary>Interior knots of the tone curve at L = k/6, k = 1..5 (the ends are fixed at 0).</summary>
    public const int CurveKnots = 5;

    /// <summary>Channel names of the RGB curves (declared before <see cref="All"/>, which reads them).</summary>
    public static readonly string[] ChannelNames = ["red", "green", "blue"];

    public static readonly IReadOnlyList<LookParameter> All = Build();

    private static readonly Dictionary<string, LookParameter> ByName =
        All.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static int Count => All.Count;

    public static LookParameter? Find(string name) => ByName.GetValueOrDefault(name);

    public static LookParameter Get(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown Look parameter '{name}'", nameof(name));

    public static double BandHueDegrees(int band) => FirstBandHueDegrees + BandSpacingDegrees * band;

    // Indices of the parameters the evaluator reads (fixed by the table order below).
    public const int Exposure = 0, Contrast = 1, Pivot = 2, Shadows = 3, Highlights = 4, Black = 5, White = 6;
    public const int Curve1 = 7; // Curve1..Curve5 = 7..11
    public const int Temperature = 12, Tint = 13, Saturation = 14, Vibrance = 15, SaturationShadows = 16, SaturationHighlights = 17;
    public const int SplitShadowHue = 18, SplitShadowAmount = 19, SplitHighlightHue = 20, SplitHighlightAmount = 21, SplitBalance = 22;
    public const int BandHue0 = 23;        // band k: hue shift at 23 + 3k
    public const int BandChroma0 = 24;     // chroma scale at 24 + 3k
    public const int BandLightness0 = 25;  // lightness shift at 25 + 3k
    public const int Strength = BandHue0 + 3 * BandCount; // 47

    /// <summary>Per-channel RGB curves: knots at sRGB 0, 25, 50, 75, 100 %; channel c, knot k at 48 + 5c + k.</summary>
    public const int RgbCurve0 = Strength + 1; // 48
    public const int RgbCurveKnots = 5;

    /// <summary>Channel mixer: output channel o's share of input channel i at 63 + 3o + i (linear light).</summary>
    public const int Mixer0 = RgbCurve0 + 3 * RgbCurveKnots; // 63

    public static string MixerName(int output, int input) => $"mixer_{ChannelNames[output]}_from_{ChannelNames[input]}";

    /// <summary>Input RGB curves (same knots, on the shaped input before the mixer): channel c, knot k at 72 + 5c + k.</summary>
    public const int InputCurve0 = Mixer0 + 9; // 72

    public static string InputCurveName(int channel, int knot) => $"input_{ChannelNames[channel]}_{25 * knot}";

    /// <summary>Name of the RGB-curve knot of channel <paramref name="channel"/> at input k/4 (e.g. curve_red_25).</summary>
    public static string RgbCurveName(int channel, int knot) => $"curve_{ChannelNames[channel]}_{25 * knot}";

    private static List<LookParameter> Build()
    {
        var list = new List<LookParameter>();
        void Add(string name, string group, double min, double max, double neutral, string unit, double step, string description) =>
            list.Add(new LookParameter(list.Count, name, group, min, max, neutral, unit, step, description));

        Add("exposure", "light", -3, 3, 0, "EV", 0.001, "Brightness in photographic stops: scales OKLab L by 2^(EV/3) (L ≈ cube root of luminance).");
        Add("contrast", "light", -0.9, 1.5, 0, "", 0.0005, "Linear contrast of L around the pivot: L ← pivot + (L − pivot)·(1 + contrast).");
        Add("pivot", "light", 0.2, 0.8, 0.5, "L", 0.001, "OKLab lightness that contrast leaves unchanged (0.5 ≈ 12% grey).");
        Add("shadows", "light", -1, 1, 0, "", 0.0005, "Lifts (+) or deepens (−) the shadows: adds 0.25·shadows·6.75·L(1−L)² (peak at L = 1/3).");
        Add("highlights", "light", -1, 1, 0, "", 0.0005, "Brightens (+) or recovers (−) the highlights: adds 0.25·highlights·6.75·L²(1−L) (peak at L = 2/3).");
        Add("black", "light", -0.2, 0.4, 0, "L", 0.0002, "Output lightness of input black (a raised black gives a faded look).");
        Add("white", "light", 0.6, 1.2, 1, "L", 0.0002, "Output lightness of input white.");
        for (int k = 1; k <= CurveKnots; k++)
            Add($"curve{k}", "light", -0.3, 0.3, 0, "L", 0.0002, $"Tone curve: lightness offset at L = {k}/6, blended smoothly (Catmull-Rom) between knots.");

        Add("temperature", "colour", -1, 1, 0, "", 0.0005, "Warm (+, toward yellow) or cool (−, toward blue): OKLab (a, b) += L·temperature·(0.01, 0.05).");
        Add("tint", "colour", -1, 1, 0, "", 0.0005, "Magenta (+) or green (−): OKLab a += L·tint·0.05.");
        Add("saturation", "colour", -1, 1, 0, "", 0.0005, "Scales chroma by 1 + saturation (−1 gives black and white).");
        Add("vibrance", "colour", -1, 2, 0, "", 0.0005, "Scales muted colours more than saturated ones: chroma × (1 + vibrance·max(0, 1 − C/0.25)²).");
        Add("saturation_shadows", "colour", -1, 1, 0, "", 0.0005, "Extra chroma scale in the shadows, weight (1 − L)².");
        Add("saturation_highlights", "colour", -1, 1, 0, "", 0.0005, "Extra chroma scale in the highlights, weight L².");
        Add("split_shadow_hue", "colour", 0, 360, 0, "°", 0.1, "Split toning: OKLab hue of the tint added to the shadows.");
        Add("split_shadow_amount", "colour", 0, 1, 0, "", 0.0005, "Split toning: strength of the shadow tint (1 = 0.1 OKLab chroma at black).");
        Add("split_highlight_hue", "colour", 0, 360, 0, "°", 0.1, "Split toning: OKLab hue of the tint added to the highlights.");
        Add("split_highlight_amount", "colour", 0, 1, 0, "", 0.0005, "Split toning: strength of the highlight tint (1 = 0.1 OKLab chroma at white).");
        Add("split_balance", "colour", -1, 1, 0, "", 0.001, "Split toning: moves the shadow/highlight crossover (+ favours highlights).");

        for (int k = 0; k < BandCount; k++)
        {
            var band = BandNames[k];
            var hue = BandHueDegrees(k);
            Add($"{band}_hue", "hue bands", -60, 60, 0, "°", 0.05, $"Rotates the hue of {band} colours (band centred at OKLab hue {hue:0}°).");
            Add($"{band}_chroma", "hue bands", -1, 2, 0, "", 0.0005, $"Scales the chroma of {band} colours by 1 + value.");
            Add($"{band}_lightness", "hue bands", -0.3, 0.3, 0, "L", 0.0002, $"Shifts the OKLab lightness of {band} colours (greys unaffected).");
        }

        Add("strength", "mix", 0, 1, 1, "", 0.001, "Mix of the whole Look with the original colour (0 = no change).");

        string[] knotWords = ["black (lift)", "shadows", "midtones", "highlights", "white (gain)"];
        for (int c = 0; c < ChannelNames.Length; c++)
            for (int k = 0; k < RgbCurveKnots; k++)
                Add(RgbCurveName(c, k), "rgb curves", -0.5, 0.5, 0, "", 0.0002,
                    $"{char.ToUpperInvariant(ChannelNames[c][0])}{ChannelNames[c][1..]} channel curve at {25 * k}% ({knotWords[k]}): sRGB output offset, blended smoothly (Catmull-Rom) between knots.");
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 3; i++)
                Add(MixerName(o, i), "channel mixer", o == i ? -1 : -2, o == i ? 3 : 2, o == i ? 1 : 0, "", 0.0002,
                    $"Channel mixer: share of input {ChannelNames[i]} in output {ChannelNames[o]}, in linear light before everything else ({(o == i ? "1" : "0")} = unchanged).");
        for (int c = 0; c < ChannelNames.Length; c++)
            for (int k = 0; k < RgbCurveKnots; k++)
                Add(InputCurveName(c, k), "input curves", -0.5, 0.5, 0, "", 0.0002,
                    $"{char.ToUpperInvariant(ChannelNames[c][0])}{ChannelNames[c][1..]} input curve at {25 * k}%: offset added to the input channel before anything else, blended smoothly (Catmull-Rom) between knots.");
        return list;
    }
}
