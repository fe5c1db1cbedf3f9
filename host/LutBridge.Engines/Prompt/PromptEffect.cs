using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Prompt;

/// <summary>Where in the picture a phrase acts: the whole image, a tonal range, or a kind of object (a set of hue bands).</summary>
public enum PromptRegion
{
    Global, Blacks, Shadows, Midtones, Highlights, Whites, Skin, Foliage, Sky, Water,
    /// <summary>One hue band each ("the greens", "the blues"), in band order.</summary>
    Reds, Oranges, Yellows, Greens, Aquas, Blues, Purples, Magentas,
}

public enum EffectKind
{
    /// <summary>Brighter (+) or darker (−).</summary>
    Light,
    /// <summary>More (+) or less (−) colourful.</summary>
    Saturation,
    /// <summary>More (+) or less (−) contrast.</summary>
    Contrast,
    /// <summary>Toward an OKLab hue (a cast, a split tone or a hue-band shift, by region).</summary>
    Colour,
    /// <summary>A fixed set of slider moves (moods, genres, film stocks, matte, faded…).</summary>
    Bundle,
    /// <summary>Remove the photo's colour cast (needs --in).</summary>
    Neutralise,
}

/// <summary>
/// What a recognised word means, before intensity and region: a kind, a sign (Light, Saturation,
/// Contrast), a hue (Colour, OKLab degrees; <see cref="Chroma"/> its colour's OKLab chroma) or a
/// fixed vector (Bundle). <see cref="DefaultRegion"/> is where it acts when the prompt names none
/// ("crushed" alone means the blacks).
/// </summary>
public sealed record PromptEffect(EffectKind Kind, string Id, double Sign = 1, double Hue = 0, double Chroma = 0,
    LookDesign? Fixed = null, PromptRegion DefaultRegion = PromptRegion.Global)
{
    /// <summary>For a film stock: the word a library file or title must contain to stand in for it ("portra").</summary>
    public string? StockKey { get; init; }

    /// <summary>Hue of "warm": the direction the temperature slider moves OKLab (a, b) = (0.01, 0.05).</summary>
    public static readonly double WarmHue = Math.Atan2(0.05, 0.01) * 180 / Math.PI;
    public static readonly double CoolHue = WarmHue + 180;

    /// <summary>Colours with less OKLab chroma than this are greys: they desaturate instead of tinting.</summary>
    public const double NeutralChroma = 0.03;

    // Unit sizes: what one phrase at normal intensity does. Chosen so a plain word is clearly
    // visible (about 3–6 ΔE00) without clipping; intensity words scale them.
    public const double ExposureStep = 0.45, ToneStep = 0.4, CurveStep = 0.05, BlackStep = 0.05, WhiteStep = 0.06;
    public const double SaturationStep = 0.22, VibranceStep = 0.2, RegionSaturationStep = 0.4, BandChromaStep = 0.3;
    public const double ContrastStep = 0.22, CastChroma = 0.016, ShadowTint = 0.35, HighlightTint = 0.3, BandLightStep = 0.06;
    public const double BandRotationMax = 20, BandColourChroma = 0.15;

    /// <summary>The hue bands an object region covers, with weights, and the object's typical OKLab hue.</summary>
    public static (int[] Bands, double Hue) ObjectBands(PromptRegion r) => r switch
    {
        PromptRegion.Skin => (new[] { 1, 0 }, 55.0),      // orange, red
        PromptRegion.Foliage => (new[] { 2, 3 }, 125.0),  // yellow, green
        PromptRegion.Sky => (new[] { 5, 4 }, 240.0),      // blue, aqua
        PromptRegion.Water => (new[] { 4, 5 }, 215.0),    // aqua, blue
        >= PromptRegion.Reds => (new[] { r - PromptRegion.Reds }, BandHueDegrees(r - PromptRegion.Reds)),
        _ => (Array.Empty<int>(), 0.0),
    };

    public static bool IsObject(PromptRegion r) => r is PromptRegion.Skin or PromptRegion.Foliage or PromptRegion.Sky or PromptRegion.Water or >= PromptRegion.Reds;

    /// <summary>
    /// The offsets this effect makes at unit intensity in <paramref name="region"/>, adapted to the
    /// photo when one is given; the note says when the region had to be ignored.
    /// </summary>
    public (LookDesign Design, string? Note) Vector(PromptRegion region, PhotoStats? photo)
    {
        if (region == PromptRegion.Global) region = DefaultRegion;
        var d = new LookDesign();
        string? note = null;
        switch (Kind)
        {
            case EffectKind.Light:
                switch (region)
                {
                    case PromptRegion.Global: d.Set(Exposure, photo is null ? Sign * ExposureStep : photo.ExposureFor(Sign)); break;
                    case PromptRegion.Blacks:
                        d.Set(Black, Sign > 0 ? BlackStep : -0.6 * BlackStep);
                        if (Sign < 0) d.Set(Shadows, -0.4 * ToneStep);
                        break;
                    // Tone-curve knots rather than the broad shadows/highlights bumps, so the other end stays put.
                    case PromptRegion.Shadows: d.Set(Curve1, Sign * 0.9 * CurveStep).Set(Curve1 + 1, Sign * 0.7 * CurveStep).Set(Curve1 + 2, Sign * 0.2 * CurveStep); break;
                    case PromptRegion.Midtones: d.Set(Curve1 + 1, Sign * 0.6 * CurveStep).Set(Curve1 + 2, Sign * CurveStep).Set(Curve1 + 3, Sign * 0.6 * CurveStep); break;
                    case PromptRegion.Highlights: d.Set(Curve1 + 4, Sign * 0.9 * CurveStep).Set(Curve1 + 3, Sign * 0.7 * CurveStep).Set(Curve1 + 2, Sign * 0.2 * CurveStep); break;
                    case PromptRegion.Whites: d.Set(White, Sign * WhiteStep); break;
                    default:
                        foreach (var band in ObjectBands(region).Bands) d.Set(BandLightness0 + 3 * band, Sign * BandLightStep);
                        break;
                }
                break;
            case EffectKind.Saturation:
                switch (region)
                {
                    case PromptRegion.Global: case PromptRegion.Midtones:
                        d.Set(Saturation, Sign * SaturationStep).Set(Vibrance, Sign * VibranceStep); break;
                    case PromptRegion.Blacks: case PromptRegion.Shadows: d.Set(SaturationShadows, Sign * RegionSaturationStep); break;
                    case PromptRegion.Highlights: case PromptRegion.Whites: d.Set(SaturationHighlights, Sign * RegionSaturationStep); break;
                    default:
                        foreach (var band in ObjectBands(region).Bands) d.Set(BandChroma0 + 3 * band, Sign * BandChromaStep);
                        break;
                }
                break;
            case EffectKind.Contrast:
                d.Set(Contrast, Sign * ContrastStep);
                if (region != PromptRegion.Global) note = "contrast acts on the whole image";
                break;
            case EffectKind.Colour:
                if (Chroma < NeutralChroma)
                    return (new PromptEffect(EffectKind.Saturation, Id, -1).Vector(region, photo).Design, null);
                switch (region)
                {
                    case PromptRegion.Global: case PromptRegion.Midtones: d.Tint(LookDesign.CastA, Hue, region == PromptRegion.Global ? CastChroma : 0.75 * CastChroma); break;
                    case PromptRegion.Blacks: case PromptRegion.Shadows: d.Tint(LookDesign.ShadowA, Hue, ShadowTint); break;
                    case PromptRegion.Highlights: case PromptRegion.Whites: d.Tint(LookDesign.HighlightA, Hue, HighlightTint); break;
                    default:
                        var (bands, objectHue) = ObjectBands(region);
                        // "warm skin" means richer, golden skin, not yellow: warm and cool aim at nearby hues on objects.
                        double target = Id == "warm" ? 60 : Id == "cool" ? 250 : Hue;
                        double turn = Math.Clamp(0.6 * HueDifference(target, objectHue), -BandRotationMax, BandRotationMax);
                        foreach (var band in bands)
                        {
                            d.Set(BandHue0 + 3 * band, turn);
                            d.Set(BandChroma0 + 3 * band, BandColourChroma);
                        }
                        break;
                }
                break;
            case EffectKind.Bundle:
                d.Add(Fixed!, 1);
                if (region != PromptRegion.Global) note = $"'{Id}' acts on the whole image";
                break;
            case EffectKind.Neutralise:
                if (photo is null) note = "white balance needs a photo to measure";
                else d.Tint(LookDesign.CastA, DirectionOf(photo.CastA, photo.CastB) + 180, Math.Sqrt(photo.CastA * photo.CastA + photo.CastB * photo.CastB));
                break;
        }
        return (d, note);
    }

    /// <summary>Signed difference a − b of two hues in degrees, in (−180, 180].</summary>
    public static double HueDifference(double a, double b)
    {
        double d = (a - b) % 360;
        if (d > 180) d -= 360;
        if (d <= -180) d += 360;
        return d;
    }

    private static double DirectionOf(double a, double b) => LookDesign.HueOf(a, b);
}
