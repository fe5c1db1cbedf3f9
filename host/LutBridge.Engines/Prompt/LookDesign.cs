using LutBridge.Looks;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Engines.Prompt;

/// <summary>
/// A Look as a linear vector, so phrases can be scaled, summed, negated and capped: slider
/// offsets from neutral (indexed like <see cref="LookParameters"/>), except that colour casts
/// are kept as Cartesian OKLab (a, b) pairs — a global cast (becomes temperature and tint),
/// a shadow tint and a highlight tint (become split-toning hue and amount) — because hues do
/// not add but vectors do. <see cref="ToLook"/> converts back and clamps to the ranges.
/// </summary>
public sealed class LookDesign
{
    /// <summary>Global cast in OKLab (a, b) at L = 1 (temperature and tint: docs/look.md step 5).</summary>
    public static readonly int CastA = LookParameters.Count, CastB = CastA + 1;
    /// <summary>Shadow and highlight split-toning tints as (a, b) in amount units (1 = 0.1 OKLab chroma at the end).</summary>
    public static readonly int ShadowA = CastA + 2, ShadowB = CastA + 3, HighlightA = CastA + 4, HighlightB = CastA + 5;
    public static readonly int Size = CastA + 6;

    /// <summary>The three Cartesian pairs: (index of a, what it tints).</summary>
    public static readonly (int A, string Name)[] Pairs = [(CastA, "cast"), (ShadowA, "shadows"), (HighlightA, "highlights")];

    private const double TemperatureB = 0.05, TemperatureA = 0.01, TintA = 0.05;

    public double[] V { get; } = new double[Size];

    public double this[int i] { get => V[i]; set => V[i] = value; }

    public LookDesign Clone()
    {
        var d = new LookDesign();
        V.CopyTo(d.V, 0);
        return d;
    }

    public void Add(LookDesign other, double scale)
    {
        for (int i = 0; i < Size; i++) V[i] += scale * other.V[i];
    }

    public bool IsZero => V.All(v => Math.Abs(v) < 1e-12);

    /// <summary>Adds a tint of OKLab <paramref name="chroma"/> at hue <paramref name="hueDegrees"/> to the pair starting at <paramref name="pairA"/>.</summary>
    public LookDesign Tint(int pairA, double hueDegrees, double chroma)
    {
        double h = hueDegrees * Math.PI / 180;
        V[pairA] += chroma * Math.Cos(h);
        V[pairA + 1] += chroma * Math.Sin(h);
        return this;
    }

    public LookDesign Set(int index, double delta)
    {
        V[index] += delta;
        return this;
    }

    public LookDesign Set(string name, double delta) => Set(Get(name).Index, delta);

    /// <summary>The named sliders this vector moves (for reports), Cartesian pairs as "cast"/"shadow tint"/"highlight tint" hue and size.</summary>
    public IEnumerable<(string Name, double Value)> Describe()
    {
        for (int i = 0; i < LookParameters.Count; i++)
            if (Math.Abs(V[i]) > 1e-9) yield return (All[i].Name, V[i]);
        foreach (var (a, name) in Pairs)
        {
            double c = Math.Sqrt(V[a] * V[a] + V[a + 1] * V[a + 1]);
            if (c > 1e-9)
            {
                yield return ($"{name}_hue", HueOf(V[a], V[a + 1]));
                yield return ($"{name}_{(a == CastA ? "chroma" : "amount")}", c);
            }
        }
    }

    public static double HueOf(double a, double b)
    {
        double h = Math.Atan2(b, a) * 180 / Math.PI;
        return h < 0 ? h + 360 : h;
    }

    /// <summary>Temperature and tint whose cast at L = 1 is (a, b): b = 0.05·T, a = 0.01·T + 0.05·tint.</summary>
    public static (double Temperature, double Tint) CastToSliders(double a, double b)
    {
        double t = b / TemperatureB;
        return (t, (a - TemperatureA * t) / TintA);
    }

    /// <summary>The Look these offsets describe, every value clamped to its range.</summary>
    public Look ToLook(string? title = null)
    {
        var values = new double[LookParameters.Count];
        for (int i = 0; i < values.Length; i++) values[i] = All[i].Neutral + V[i];
        var (t, tint) = CastToSliders(V[CastA], V[CastB]);
        values[Temperature] = t;
        values[LookParameters.Tint] = tint;
        SetSplit(values, SplitShadowHue, SplitShadowAmount, V[ShadowA], V[ShadowB]);
        SetSplit(values, SplitHighlightHue, SplitHighlightAmount, V[HighlightA], V[HighlightB]);
        for (int i = 0; i < values.Length; i++)
            values[i] = All[i].RoundTrip(Math.Clamp(values[i], All[i].Min, All[i].Max));
        return new Look(values, title: title);
    }

    private static void SetSplit(double[] values, int hue, int amount, double a, double b)
    {
        double c = Math.Sqrt(a * a + b * b);
        values[amount] = c;
        values[hue] = c > 1e-9 ? HueOf(a, b) : 0;
        if (values[hue] >= 360) values[hue] = 0;
    }
}
