using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Distil;

/// <summary>
/// Where a misaligned pair's loss comes from, measured against the geometry a <see cref="SyntheticWarp"/>
/// is known to have applied (eval distil --warp --diagnose): how far the global model and the
/// final matches are from the true positions, how many kept matches are wrong or on the foreign
/// object, and the Looks fitted to true correspondences (with and without the object) and to the
/// registration's own matches with the wrong ones removed, each scored on the same held-out pixels.
/// </summary>
public sealed record RegistrationDiagnosis(
    double KeptFraction,
    double GlobalErrorMedianPx,
    double ErrorMedianPx,
    double ErrorP90Px,
    double WrongFraction,
    double ObjectFraction,
    double MissedFraction,
    double OraclePsnrDb,
    double OracleWithObjectPsnrDb,
    double OracleFlatPsnrDb,
    double CleanedPsnrDb,
    double RegisteredPsnrDb,
    double OracleDensePsnrDb,
    double RegisteredDensePsnrDb)
{
    /// <summary>A kept match further than this from its true position (full-resolution pixels) is wrong.</summary>
    public const double WrongPixels = 1.0;

    public static RegistrationDiagnosis Of(RgbImage before, RgbImage warpedAfter, WarpTruth truth, DistilOptions options, PixelPairs held, CancellationToken ct, bool refit = true)
    {
        var b = Pixels.ToFloats(before);
        var a = Pixels.ToFloats(warpedAfter);
        var matched = Correspondences.Register(b, before.Width, before.Height, a, warpedAfter.Width, warpedAfter.Height,
            options with { Alignment = AlignmentMode.Register }, null, ct);
        var g = matched.Geometry ?? throw new InvalidOperationException("registration fell back to distribution matching: nothing to diagnose");
        var denseScores = new List<double>();
        double Score(PixelPairs pairs)
        {
            if (!refit) { denseScores.Add(double.NaN); return double.NaN; }
            var fit = Distiller.Fit(new Correspondences(pairs, Correspondences.Aligned, 1), options, null, ct);
            denseScores.Add(PairScore.Of(fit.DenseReference!, held).PsnrDb);
            return PairScore.Of(fit.Look, held).PsnrDb;
        }

        // Registration against the truth, per working pixel.
        var errors = new List<double>();
        var globalErrors = new List<double>();
        var good = new bool[matched.Pairs.Count];
        int kept = 0, wrong = 0, onObject = 0, missed = 0, trulyUsable = 0;
        double Full(double working) => (working + 0.5) / g.Scale - 0.5;
        for (int y = 0, i = 0; y < g.Height; y++)
            for (int x = 0; x < g.Width; x++, i++)
            {
                var (tx, ty) = truth.Forward(Full(x), Full(y));
                bool usable = truth.Inside(tx, ty) && !truth.InObject(tx, ty) && (options.FitMask == null || options.FitMask[MaskIndex(x, y, g, before.Width, before.Height)]);
                if (truth.Inside(tx, ty)) globalErrors.Add(Distance(Full(g.GlobalX[i]) - tx, Full(g.GlobalY[i]) - ty));
                if (usable) trulyUsable++;
                if (!g.Keep[i]) { if (usable) missed++; continue; }
                double e = Distance(Full(g.X[i]) - tx, Full(g.Y[i]) - ty);
                errors.Add(e);
                bool obj = truth.InObject(tx, ty);
                if (obj) onObject++;
                if (e > WrongPixels) wrong++;
                good[kept] = !obj && e <= WrongPixels;
                kept++;
            }

        // True correspondences at full resolution: the after image sampled at each before pixel's true position.
        var tb = new List<float>();
        var ta = new List<float>();
        var fb = new List<float>();
        var fa = new List<float>();
        using var beforeMat = Registration.ToMat(b, before.Width, before.Height);
        using var afterMat = Registration.ToMat(a, warpedAfter.Width, warpedAfter.Height);
        var beforeRange = Registration.LocalRange(beforeMat);
        var afterRange = Registration.LocalRange(afterMat);
        var ob = new List<float>();
        var oa = new List<float>();
        for (int y = 0; y < before.Height; y++)
            for (int x = 0; x < before.Width; x++)
            {
                int i = y * before.Width + x;
                if (options.FitMask != null && !options.FitMask[i]) continue;
                var (tx, ty) = truth.Forward(x, y);
                if (!truth.Inside(tx, ty)) continue;
                var colour = Bilinear(a, warpedAfter.Width, warpedAfter.Height, tx, ty);
                ob.AddRange(b.AsSpan(3 * i, 3));
                oa.AddRange(colour);
                if (truth.InObject(tx, ty)) continue;
                tb.AddRange(b.AsSpan(3 * i, 3));
                ta.AddRange(colour);
                int nearest = (int)Math.Round(ty) * warpedAfter.Width + (int)Math.Round(tx);
                if (Math.Max(beforeRange[i], afterRange[nearest]) > Registration.FlatRange) continue;
                fb.AddRange(b.AsSpan(3 * i, 3));
                fa.AddRange(colour);
            }
        errors.Sort();
        globalErrors.Sort();
        double truthPsnr = Score(new PixelPairs(tb.ToArray(), ta.ToArray()));
        double truthDense = denseScores[^1];
        double registeredPsnr = Score(matched.Pairs);
        double registeredDense = denseScores[^1];
        return new RegistrationDiagnosis(
            kept / (double)(g.Width * g.Height),
            Percentile(globalErrors, 0.5),
            Percentile(errors, 0.5), Percentile(errors, 0.9),
            kept == 0 ? 0 : wrong / (double)kept,
            kept == 0 ? 0 : onObject / (double)kept,
            trulyUsable == 0 ? 0 : missed / (double)trulyUsable,
            truthPsnr,
            Score(new PixelPairs(ob.ToArray(), oa.ToArray())),
            Score(new PixelPairs(fb.ToArray(), fa.ToArray())),
            Score(matched.Pairs.Where(good)),
            registeredPsnr, truthDense, registeredDense);
    }

    private static int MaskIndex(int x, int y, MatchGeometry g, int width, int height)
    {
        int sx = Math.Min(width - 1, (int)((x + 0.5) * width / g.Width)), sy = Math.Min(height - 1, (int)((y + 0.5) * height / g.Height));
        return sy * width + sx;
    }

    private static double Distance(double dx, double dy) => Math.Sqrt(dx * dx + dy * dy);

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static float[] Bilinear(float[] rgb, int width, int height, double x, double y)
    {
        int x0 = Math.Clamp((int)x, 0, width - 2), y0 = Math.Clamp((int)y, 0, height - 2);
        double fx = x - x0, fy = y - y0;
        var r = new float[3];
        for (int c = 0; c < 3; c++)
        {
            int i = 3 * (y0 * width + x0) + c;
            r[c] = (float)((1 - fy) * ((1 - fx) * rgb[i] + fx * rgb[i + 3]) + fy * ((1 - fx) * rgb[i + 3 * width] + fx * rgb[i + 3 * width + 3]));
        }
        return r;
    }
}
