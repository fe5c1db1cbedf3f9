using System.Runtime.CompilerServices;
using static LutBridge.Looks.LookParameters;

namespace LutBridge.Looks;

/// <summary>
/// A Look compiled for evaluation: every per-Look constant (exposure factor, curve
/// tangents, tint vectors, band tables) is computed once here, so the per-colour path only
/// does arithmetic. Follows docs/look.md step by step; the C evaluator (plugin-c/look)
/// implements the same steps.
/// </summary>
public sealed class LookProcessor
{
    private const double CurveSpacing = 1.0 / 6.0;
    private const double TintScale = 0.05, TemperatureA = 0.01, TemperatureB = 0.05, SplitScale = 0.1;
    private const double ToneScale = 0.25, BumpNorm = 6.75, VibranceChroma = 0.25, GateChroma = 0.02;

    private readonly LookShaper? _shaper;
    private readonly LookCameraStage? _stage;
    private readonly LookResidual? _residual;
    private readonly double _exposure, _black, _range, _pivot, _contrast, _shadows, _highlights;
    private readonly double[] _knots = new double[7], _tangents = new double[7];
    private readonly double _warmA, _warmB, _saturation, _vibrance, _satShadows, _satHighlights;
    private readonly double _shadowA, _shadowB, _highlightA, _highlightB, _balance, _strength;
    private readonly double[] _bandHue = new double[BandCount], _bandChroma = new double[BandCount], _bandLight = new double[BandCount];
    private readonly double[][] _rgbKnots = new double[3][], _rgbTangents = new double[3][];
    private readonly double[][] _inKnots = new double[3][], _inTangents = new double[3][];
    private readonly bool _inputCurves;
    private readonly bool _rgbCurves, _mixes;
    /// <summary>Anchored residual: the parametric part at the anchor's values, or null when they equal the Look's (nothing to add).</summary>
    private readonly LookProcessor? _anchor;
    private readonly bool _anchored;
    private readonly double[] _mixer = new double[9];

    public LookProcessor(Look look)
    {
        var v = look.Values;
        _shaper = look.Shaper;
        _stage = look.Stage;
        _residual = look.Residual;
        _exposure = Math.Pow(2.0, v[Exposure] / 3.0);
        _black = v[Black];
        _range = v[White] - v[Black];
        _pivot = v[Pivot];
        _contrast = 1.0 + v[Contrast];
        _shadows = ToneScale * BumpNorm * v[Shadows];
        _highlights = ToneScale * BumpNorm * v[Highlights];
        for (int k = 1; k <= CurveKnots; k++) _knots[k] = v[Curve1 + k - 1];
        for (int k = 0; k < 7; k++)
            _tangents[k] = k == 0 ? _knots[1] - _knots[0]
                : k == 6 ? _knots[6] - _knots[5]
                : 0.5 * (_knots[k + 1] - _knots[k - 1]);
        _warmA = TemperatureA * v[Temperature] + TintScale * v[Tint];
        _warmB = TemperatureB * v[Temperature];
        _saturation = 1.0 + v[Saturation];
        _vibrance = v[Vibrance];
        _satShadows = v[SaturationShadows];
        _satHighlights = v[SaturationHighlights];
        double hs = v[SplitShadowHue] * Math.PI / 180, hh = v[SplitHighlightHue] * Math.PI / 180;
        _shadowA = SplitScale * v[SplitShadowAmount] * Math.Cos(hs);
        _shadowB = SplitScale * v[SplitShadowAmount] * Math.Sin(hs);
        _highlightA = SplitScale * v[SplitHighlightAmount] * Math.Cos(hh);
        _highlightB = SplitScale * v[SplitHighlightAmount] * Math.Sin(hh);
        _balance = 0.5 * v[SplitBalance];
        for (int k = 0; k < BandCount; k++)
        {
            _bandHue[k] = v[BandHue0 + 3 * k];
            _bandChroma[k] = v[BandChroma0 + 3 * k];
            _bandLight[k] = v[BandLightness0 + 3 * k];
        }
        _strength = v[LookParameters.Strength];
        for (int i = 0; i < 9; i++)
        {
            _mixer[i] = v[Mixer0 + i];
            if (_mixer[i] != (i % 4 == 0 ? 1 : 0)) _mixes = true;
        }
        for (int c = 0; c < 3; c++)
        {
            _rgbKnots[c] = KnotRow(v, RgbCurve0 + RgbCurveKnots * c);
            _rgbTangents[c] = Tangents(_rgbKnots[c]);
            _inKnots[c] = KnotRow(v, InputCurve0 + RgbCurveKnots * c);
            _inTangents[c] = Tangents(_inKnots[c]);
        }
        _rgbCurves = _rgbKnots.Any(row => row.Any(k => k != 0));
        _inputCurves = _inKnots.Any(row => row.Any(k => k != 0));
        if (look.Residual?.Anchor is { } anchor)
        {
            _anchored = true;
            bool same = true;
            for (int i = 0; i < anchor.Count && same; i++) same = i == LookParameters.Strength || anchor[i] == v[i];
            if (!same) _anchor = new LookProcessor(new Look(anchor, look.Shaper)); // no stage: the anchor's parametric part runs on display colours
        }
    }

    /// <summary>True when evaluating needs the parametric output (false: an anchored residual at its anchor is the whole Look).</summary>
    public bool NeedsParametric => !_anchored || _anchor != null;

    /// <summary>One channel's curve knots (offsets, neutral 0), starting at parameter <paramref name="first"/>.</summary>
    private static double[] KnotRow(IReadOnlyList<double> values, int first) =>
        Enumerable.Range(first, RgbCurveKnots).Select(i => values[i]).ToArray();

    /// <summary>Catmull-Rom tangents (per knot spacing) of a knot row; one-sided at the ends.</summary>
    private static double[] Tangents(double[] knots)
    {
        int n = knots.Length;
        var t = new double[n];
        for (int k = 0; k < n; k++)
            t[k] = k == 0 ? knots[1] - knots[0]
                : k == n - 1 ? knots[n - 1] - knots[n - 2]
                : 0.5 * (knots[k + 1] - knots[k - 1]);
        return t;
    }

    /// <summary>Cubic Hermite through equally spaced knots at s (in knot units, 0..knots − 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Hermite(double[] knots, double[] tangents, double s)
    {
        int k = Math.Min((int)s, knots.Length - 2);
        double f = s - k, f2 = f * f, f3 = f2 * f;
        return (2 * f3 - 3 * f2 + 1) * knots[k] + (f3 - 2 * f2 + f) * tangents[k]
             + (-2 * f3 + 3 * f2) * knots[k + 1] + (f3 - f2) * tangents[k + 1];
    }

    /// <summary>
    /// Evaluates the whole Look at one colour; the result is clipped to [0, 1]. With a camera stage
    /// (docs/look.md, step 0) the input is the camera's code values: the rest of the Look is
    /// evaluated at the display colours of the stage's lattice nodes around it and interpolated
    /// tetrahedrally, as the camera-log LUT the stage describes is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) Apply(double r, double g, double b) =>
        _stage == null ? ApplyDisplay(r, g, b) : ApplyStaged(_stage, r, g, b);

    /// <summary>Step 0 with a stage: the tetrahedral walk over the cell holding the code values (NaN counts as 0, as in C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double R, double G, double B) ApplyStaged(LookCameraStage stage, double r, double g, double b)
    {
        int n = stage.Size - 1;
        double fr = (double.IsNaN(r) ? 0 : Math.Clamp(r, 0, 1)) * n;
        double fg = (double.IsNaN(g) ? 0 : Math.Clamp(g, 0, 1)) * n;
        double fb = (double.IsNaN(b) ? 0 : Math.Clamp(b, 0, 1)) * n;
        int ir = Math.Min((int)fr, n - 1), ig = Math.Min((int)fg, n - 1), ib = Math.Min((int)fb, n - 1);
        double dr = fr - ir, dg = fg - ig, db = fb - ib;
        // The axes in decreasing order of fraction (ties: red, green, blue): steps a1, a2, then the third.
        int a1, a2;
        double f1, f2, f3;
        if (dr >= dg)
        {
            if (dg >= db) (a1, a2, f1, f2, f3) = (0, 1, dr, dg, db);
            else if (dr >= db) (a1, a2, f1, f2, f3) = (0, 2, dr, db, dg);
            else (a1, a2, f1, f2, f3) = (2, 0, db, dr, dg);
        }
        else
        {
            if (db > dg) (a1, a2, f1, f2, f3) = (2, 1, db, dg, dr);
            else if (db > dr) (a1, a2, f1, f2, f3) = (1, 2, dg, db, dr);
            else (a1, a2, f1, f2, f3) = (1, 0, dg, dr, db);
        }
        double w0 = 1 - f1, w1 = f1 - f2, w2 = f2 - f3;
        var y0 = Corner(stage, w0, ir, ig, ib);
        var y1 = Corner(stage, w1, ir + (a1 == 0 ? 1 : 0), ig + (a1 == 1 ? 1 : 0), ib + (a1 == 2 ? 1 : 0));
        var y2 = Corner(stage, w2, ir + (a1 == 0 || a2 == 0 ? 1 : 0), ig + (a1 == 1 || a2 == 1 ? 1 : 0), ib + (a1 == 2 || a2 == 2 ? 1 : 0));
        var y3 = Corner(stage, f3, ir + 1, ig + 1, ib + 1);
        return (Math.Clamp(w0 * y0.R + w1 * y1.R + w2 * y2.R + f3 * y3.R, 0, 1),
                Math.Clamp(w0 * y0.G + w1 * y1.G + w2 * y2.G + f3 * y3.G, 0, 1),
                Math.Clamp(w0 * y0.B + w1 * y1.B + w2 * y2.B + f3 * y3.B, 0, 1));
    }

    /// <summary>The Look after the stage at one node (skipped, as 0, when its weight is 0: a point on a face or node).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (double R, double G, double B) Corner(LookCameraStage stage, double weight, int r, int g, int b)
    {
        if (weight == 0) return (0, 0, 0);
        var (cr, cg, cb) = stage.Node(r, g, b);
        return ApplyDisplay(cr, cg, cb);
    }

    /// <summary>Steps 1–10 on a display sRGB colour (the whole Look when there is no camera stage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) ApplyDisplay(double r, double g, double b)
    {
        double xr = Math.Clamp(r, 0, 1), xg = Math.Clamp(g, 0, 1), xb = Math.Clamp(b, 0, 1);
        var (ur, ug, ub) = Shape(xr, xg, xb);
        var (pr, pg, pb) = NeedsParametric ? ApplyParametric(ur, ug, ub) : (0, 0, 0);
        return Finish(xr, xg, xb, ur, ug, ub, pr, pg, pb);
    }

    /// <summary>
    /// Steps 8–9 of <see cref="Apply"/>: the residual at the shaped colour <paramref name="ur"/>…,
    /// added to the parametric output <paramref name="pr"/>…, then mixed with the clamped input
    /// <paramref name="xr"/>… by the strength and clipped. Lets a caller reuse a parametric output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) Finish(double xr, double xg, double xb, double ur, double ug, double ub, double pr, double pg, double pb)
    {
        if (_anchored)
        {
            // The residual makes the Look at the anchor; moved sliders add their change.
            Span<double> rgb = [ur, ug, ub];
            _residual!.AddTo(ur, ug, ub, rgb);
            if (_anchor != null)
            {
                var (ar, ag, ab) = _anchor.ApplyParametric(ur, ug, ub);
                rgb[0] += pr - ar;
                rgb[1] += pg - ag;
                rgb[2] += pb - ab;
            }
            (pr, pg, pb) = (rgb[0], rgb[1], rgb[2]);
        }
        else if (_residual != null)
        {
            Span<double> rgb = [pr, pg, pb];
            _residual.AddTo(ur, ug, ub, rgb);
            (pr, pg, pb) = (rgb[0], rgb[1], rgb[2]);
        }
        return (Mix(xr, pr), Mix(xg, pg), Mix(xb, pb));
    }

    /// <summary>Step 1: the optional input shaper on the clamped input.</summary>
    public (double R, double G, double B) Shape(double r, double g, double b) =>
        _shaper == null ? (r, g, b) : (_shaper.Apply(0, r), _shaper.Apply(1, g), _shaper.Apply(2, b));

    /// <summary>Steps 2–7 on a shaped colour: to OKLab, named operations, back to sRGB, RGB curves (unclipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) ApplyParametric(double r, double g, double b)
    {
        (r, g, b) = InputCurves(r, g, b);
        var (L, A, B) = ToOklab(r, g, b);
        (L, A, B) = ApplyLab(L, A, B);
        var (R, G, Bl) = LookColor.ToSrgb(L, A, B);
        return RgbCurves(R, G, Bl);
    }

    public bool HasRgbCurves => _rgbCurves;
    public bool HasInputCurves => _inputCurves;

    /// <summary>Step 2a: each shaped input channel plus its input curve's offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) InputCurves(double r, double g, double b) =>
        _inputCurves ? AddCurveOffsets(_inKnots, _inTangents, r, g, b) : (r, g, b);
    public bool HasMixer => _mixes;

    /// <summary>Step 2: a shaped sRGB colour to OKLab, through the channel mixer in linear light.</summary>
    public (double L, double A, double B) ToOklab((double R, double G, double B) rgb) => ToOklab(rgb.R, rgb.G, rgb.B);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double L, double A, double B) ToOklab(double r, double g, double b)
    {
        if (!_mixes) return LookColor.FromSrgb(r, g, b);
        return MixedToOklab(LookColor.Decode(r), LookColor.Decode(g), LookColor.Decode(b));
    }

    /// <summary>The channel mixer on linear sRGB, then OKLab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double L, double A, double B) MixedToOklab(double r, double g, double b)
    {
        var m = _mixer;
        return LookColor.FromLinear(m[0] * r + m[1] * g + m[2] * b, m[3] * r + m[4] * g + m[5] * b, m[6] * r + m[7] * g + m[8] * b);
    }

    public (double R, double G, double B) RgbCurves((double R, double G, double B) rgb) => RgbCurves(rgb.R, rgb.G, rgb.B);

    /// <summary>Step 7: each sRGB channel plus its curve's offset at the clamped value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double R, double G, double B) RgbCurves(double r, double g, double b) =>
        _rgbCurves ? AddCurveOffsets(_rgbKnots, _rgbTangents, r, g, b) : (r, g, b);

    /// <summary>Each channel plus its own curve's offset at the channel's clamped value (input and output curves alike).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double R, double G, double B) AddCurveOffsets(double[][] knots, double[][] tangents, double r, double g, double b)
    {
        const double scale = RgbCurveKnots - 1;
        return (r + Hermite(knots[0], tangents[0], Math.Clamp(r, 0, 1) * scale),
                g + Hermite(knots[1], tangents[1], Math.Clamp(g, 0, 1) * scale),
                b + Hermite(knots[2], tangents[2], Math.Clamp(b, 0, 1) * scale));
    }

    /// <summary>The named operations in OKLab (light, colour, hue bands).</summary>
    public (double L, double A, double B) ApplyLab((double L, double A, double B) lab) => ApplyLab(lab.L, lab.A, lab.B);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double L, double A, double B) ApplyLab(double L, double A, double B)
    {
        L = Light(L);
        double c0 = Math.Sqrt(A * A + B * B);
        double h0 = Math.Atan2(B, A) * (180.0 / Math.PI);
        (A, B) = Colour(L, A, B, c0);
        return Bands(L, A, B, c0, h0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Light(double L)
    {
        L *= _exposure;
        L = _black + _range * L;
        L = _pivot + (L - _pivot) * _contrast;
        double t = Math.Clamp(L, 0, 1);
        double u = 1 - t;
        L += _shadows * t * u * u + _highlights * t * t * u;
        return L + Curve(Math.Clamp(L, 0, 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Curve(double x)
    {
        double s = x / CurveSpacing;
        int k = Math.Min((int)s, 5);
        double f = s - k, f2 = f * f, f3 = f2 * f;
        return (2 * f3 - 3 * f2 + 1) * _knots[k] + (f3 - 2 * f2 + f) * _tangents[k]
             + (-2 * f3 + 3 * f2) * _knots[k + 1] + (f3 - f2) * _tangents[k + 1];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double A, double B) Colour(double L, double A, double B, double c0)
    {
        double t = Math.Clamp(L, 0, 1);
        double u = 1 - t;
        double vib = Math.Max(0, 1 - c0 / VibranceChroma);
        double k = _saturation * (1 + _vibrance * vib * vib) * (1 + _satShadows * u * u + _satHighlights * t * t);
        k = Math.Max(k, 0);
        double ts = Math.Clamp(t + _balance, 0, 1);
        double ws = (1 - ts) * (1 - ts), wh = ts * ts;
        A = A * k + t * _warmA + ws * _shadowA + wh * _highlightA;
        B = B * k + t * _warmB + ws * _shadowB + wh * _highlightB;
        return (A, B);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double L, double A, double B) Bands(double L, double A, double B, double c0, double h0)
    {
        double u = BandPosition(h0);
        int i = Math.Min((int)u, BandCount - 1);
        int j = (i + 1) % BandCount;
        double w = 0.5 * (1 + Math.Cos(Math.PI * (u - i)));
        double hue = (w * _bandHue[i] + (1 - w) * _bandHue[j]) * (Math.PI / 180.0);
        double chroma = Math.Max(0, 1 + w * _bandChroma[i] + (1 - w) * _bandChroma[j]);
        double gate = c0 * c0 / (c0 * c0 + GateChroma * GateChroma);
        double cos = Math.Cos(hue), sin = Math.Sin(hue);
        double a = (A * cos - B * sin) * chroma;
        double b = (A * sin + B * cos) * chroma;
        return (L + gate * (w * _bandLight[i] + (1 - w) * _bandLight[j]), a, b);
    }

    /// <summary>Where a hue (degrees) lies among the bands: band i and i + 1 (mod BandCount) blend at position i + f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double BandPosition(double h0)
    {
        double u = (h0 - FirstBandHueDegrees) / BandSpacingDegrees;
        return u - BandCount * Math.Floor(u / BandCount);
    }

    /// <summary>
    /// The lower of the two hue bands an OKLab colour (a, b) entering the named operations blends
    /// (the other is the next one, mod <see cref="BandCount"/>): no other band's sliders change its output.
    /// </summary>
    public static int LowerBandOf(double A, double B) =>
        Math.Min((int)BandPosition(Math.Atan2(B, A) * (180.0 / Math.PI)), BandCount - 1);

    private double Mix(double x, double p) => Math.Clamp(x + _strength * (p - x), 0, 1);
}
