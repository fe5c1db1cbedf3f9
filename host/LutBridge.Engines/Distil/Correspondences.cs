using LutBridge.Core.Imaging;
using OpenCvSharp;

namespace LutBridge.Engines.Distil;

/// <summary>The matched pixels of a pair and how they were found.</summary>
internal sealed record Correspondences(PixelPairs Pairs, AlignmentReport Alignment, double MatchedFraction)
{
    /// <summary>Where each working before pixel was matched (registration only; eval's diagnosis reads it).</summary>
    public MatchGeometry? Geometry { get; init; }

    public static readonly AlignmentReport Aligned = new("none", null, null, null, null, 0, 0, 0, 0, 0);

    public static Correspondences Find(RgbImage before, RgbImage after, DistilOptions options, IProgress<DistilProgress>? progress, CancellationToken ct)
    {
        bool sameSize = before.Width == after.Width && before.Height == after.Height;
        if (options.Alignment == AlignmentMode.None && !sameSize)
            throw new Core.InputException($"the images differ in size ({before.Width}×{before.Height} and {after.Width}×{after.Height}): they cannot be pixel-aligned");
        // Both images are reduced by the same block (the before image's), so a pair keeps its relative scale.
        int block = Pixels.ReductionBlock(before.PixelCount, MaxPixels);
        var (b, bw, bh) = Pixels.Reduced(before, block);
        var (a, aw, ah) = Pixels.Reduced(after, block);
        var mask = options.FitMask == null || block == 1 ? options.FitMask : Downsample(options.FitMask, before.Width, before.Height, bw, bh);
        if (options.Alignment == AlignmentMode.None) return FromAligned(b, a, mask);
        return Register(b, bw, bh, a, aw, ah, options with { FitMask = mask }, progress, ct, 1.0 / block);
    }

    /// <summary>
    /// Pixels a colour model is learned from at most: larger images are area-averaged down first
    /// (a 12 MP pair by 3×3 blocks to 1.3 MP), which is most of distil's speed on large pairs and, for the colours,
    /// averages noise away rather than losing anything a 32³ binning could see.
    /// </summary>
    public const long MaxPixels = 2_000_000;

    /// <summary>Every pixel (inside the fit mask) of a pixel-aligned pair.</summary>
    public static Correspondences FromAligned(float[] before, float[] after, bool[]? mask)
    {
        var pairs = new PixelPairs(before, after);
        if (mask != null) pairs = pairs.Where(mask);
        return new Correspondences(pairs, Aligned, mask == null ? 1 : pairs.Count / (double)(before.Length / 3));
    }

    /// <summary>
    /// <see cref="Registration"/>: the global model, then colour-and-flow rounds; a same-sized pair
    /// whose model is the identity is treated as aligned (all pixels at full resolution).
    /// </summary>
    /// <param name="reduced">How much the images were already reduced (working pixels per original pixel: the report is in original pixels).</param>
    public static Correspondences Register(float[] before, int bw, int bh, float[] after, int aw, int ah,
        DistilOptions options, IProgress<DistilProgress>? progress, CancellationToken ct, double reduced = 1)
    {
        progress?.Report(new DistilProgress(0.05, "finding features"));
        double workScale = Math.Min(1.0, Registration.WorkSide / (double)Math.Max(bw, bh));
        // Working pixels per original before pixel (what the report and the geometry are given in).
        double scale = workScale * reduced;
        using var bFull = Registration.ToMat(before, bw, bh);
        using var aFull = Registration.ToMat(after, aw, ah);
        using var bSharp = Registration.Resize(bFull, workScale);
        using var aSharp = Registration.Resize(aFull, workScale);
        using var bGrey = Registration.Structure(bSharp);
        using var aGrey = Registration.Structure(aSharp);
        // Features come from the sharp images; colours are compared after the same blur on both sides (see Registration.ColourBlurSigma).
        using var bWork = Registration.Blur(bSharp);
        using var aWork = Registration.Blur(aSharp);
        int w = bWork.Cols, hgt = bWork.Rows;
        var bw8 = Registration.FromMat(bWork);
        // A same-sized pair without enough feature matches is taken as aligned in auto mode, so the coarse fallback is not offered there.
        bool coarseAllowed = !(bw == aw && bh == ah && options.Alignment == AlignmentMode.Auto);
        var (h, features, inliers, patches) = GlobalModel(bSharp, Registration.FromMat(bSharp), aSharp, bGrey, aGrey, options.PatchFeatures, coarseAllowed, progress, ct);
        ct.ThrowIfCancellationRequested();
        var fitMask = options.FitMask == null ? null : Downsample(options.FitMask, bw, bh, w, hgt);
        if (h == null && bw == aw && bh == ah && options.Alignment == AlignmentMode.Auto)
            return FromAligned(before, after, options.FitMask) with { Alignment = Aligned with { Features = features, Inliers = inliers, Patches = patches } };
        if (h == null)
        {
            progress?.Report(new DistilProgress(0.3, "matching colour distributions"));
            // Distributions of the sharp images: no pixel is paired with its neighbour here, so nothing needs blurring.
            var aw8 = Registration.FromMat(aSharp);
            var bSharpRgb = Registration.FromMat(bSharp);
            var src = fitMask == null ? bSharpRgb : new PixelPairs(bSharpRgb, bSharpRgb).Where(fitMask).Before;
            var pairs = DistributionMatch.Pair(src, aw8).Strided(1 << 18);
            return new Correspondences(pairs, new AlignmentReport("distribution", null, null, null, null, features, inliers, 0, 0, 0) { Patches = patches }, 0);
        }
        using (h)
        {
            bool sameSize = bw == aw && bh == ah;
            if (sameSize && options.Alignment == AlignmentMode.Auto && Registration.CornerShift(h, w, hgt) <= Registration.IdentityPixels)
                return FromAligned(before, after, options.FitMask) with { Alignment = Correspondences.Aligned with { Features = features, Inliers = inliers, Patches = patches } };

            // Round 0: the homography alone; then flow rounds with the colours mapped by the last fit.
            var (warped, inside) = Registration.Sample(aWork, h, null, w, hgt, out var posX, out var posY);
            var homographyX = posX;
            var homographyY = posY;
            var beforeRange = Registration.LocalRange(bWork);
            var keep = Registration.Flat(beforeRange, Registration.LocalRange(warped), And(inside, fitMask));
            var afterColours = Registration.FromMat(warped);
            // Every round's flow is measured against this homography-only warp, so flows never need composing.
            using var homographyWarp = warped;
            double medianFlow = 0, changed = 0;
            int rounds = 0;
            for (int round = 1; round <= Registration.Rounds; round++)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new DistilProgress(0.1 + 0.3 * round / Registration.Rounds, $"refining the alignment ({round}/{Registration.Rounds})"));
                var model = DenseReference.Smooth(ColourSamples.From(new PixelPairs(bw8, afterColours).Where(keep)), ct);
                using var mapped = Registration.MapColours(model, bWork);
                // Flow in the before frame, from the mapped before image to the homography's warp of the after
                // image; it is added to the positions the homography samples (first order: H varies slowly).
                using var flow = Registration.Flow(mapped, homographyWarp);
                medianFlow = Registration.MedianFlow(flow);
                var (next, nextInside) = Registration.Sample(aWork, h, flow, w, hgt, out posX, out posY);
                afterColours = Registration.FromMat(next);
                var predicted = Registration.FromMat(mapped);
                var agree = Registration.Agreeing(predicted, afterColours, nextInside, w, hgt, out changed);
                using (next) keep = Registration.Flat(beforeRange, Registration.LocalRange(next), And(agree, fitMask));
                rounds = round;
                options.Trace?.Invoke($"  round {round}: median flow {medianFlow:0.00} px, changed {changed:P1}, kept {keep.Count(k => k)} of {keep.Length}");
            }
            var (s, rot, shift, projective) = Registration.Describe(h, scale);
            var report = new AlignmentReport(medianFlow > 0.25 ? "local" : projective ? "homography" : "similarity",
                Registration.Flatten(h), s, rot, shift, features, inliers, medianFlow / scale, rounds, changed) { Patches = patches };
            var matched = new PixelPairs(bw8, afterColours).Where(keep);
            return new Correspondences(matched, report, matched.Count / (double)(w * hgt))
            {
                Geometry = new MatchGeometry(keep, posX, posY, homographyX, homographyY, w, hgt, scale),
            };
        }
    }

    /// <summary>
    /// The global homography: plain feature matching, or with patch features the better of plain and
    /// guided matching (more inliers wins, so a model never makes the registration worse by that
    /// count), or the patches' coarse homography when neither finds enough inliers.
    /// </summary>
    private static (Mat? H, int Features, int Inliers, PatchReport? Patches) GlobalModel(Mat bWork, float[] bRgb, Mat aWork,
        Mat bGrey, Mat aGrey, IPatchFeatures? model, bool coarseAllowed, IProgress<DistilProgress>? progress, CancellationToken ct)
    {
        if (model == null)
        {
            var (h0, f0, i0) = Registration.GlobalModel(bGrey, aGrey);
            return (h0, f0, i0, null);
        }
        progress?.Report(new DistilProgress(0.07, $"matching patch features ({model.Name})"));
        var bGrid = model.Extract(Pixels.ToImage(bRgb, bWork.Cols, bWork.Rows), ct);
        var aGrid = model.Extract(Pixels.ToImage(Registration.FromMat(aWork), aWork.Cols, aWork.Rows), ct);
        var (coarse, matches, coarseInliers) = PatchMatching.CoarseModel(bGrid, bWork.Cols, bWork.Rows, aGrid, aWork.Cols, aWork.Rows);
        if (coarse == null)
        {
            var (h0, f0, i0) = Registration.GlobalModel(bGrey, aGrey);
            return (h0, f0, i0, new PatchReport(model.Name, matches, coarseInliers, "unguided"));
        }
        using (coarse)
        {
            double radius = PatchMatching.GuideRadiusPatches * PatchMatching.PatchSize(aGrid, aWork.Cols, aWork.Rows);
            var (plain, guided) = Registration.GlobalModel(bGrey, aGrey, coarse, radius);
            var g = guided!.Value;
            if (g.H != null && g.Inliers >= plain.Inliers)
            {
                plain.H?.Dispose();
                return (g.H, g.Features, g.Inliers, new PatchReport(model.Name, matches, coarseInliers, "guided"));
            }
            g.H?.Dispose();
            if (plain.H != null || !coarseAllowed) return (plain.H, plain.Features, plain.Inliers, new PatchReport(model.Name, matches, coarseInliers, "unguided"));
            return (coarse.Clone(), plain.Features, plain.Inliers, new PatchReport(model.Name, matches, coarseInliers, "coarse"));
        }
    }

    private static bool[] And(bool[] a, bool[]? b)
    {
        if (b == null) return a;
        var r = new bool[a.Length];
        for (int i = 0; i < a.Length; i++) r[i] = a[i] && b[i];
        return r;
    }

    /// <summary>A full-size mask at the working size (nearest pixel).</summary>
    private static bool[] Downsample(bool[] mask, int w, int h, int ww, int wh)
    {
        var r = new bool[ww * wh];
        for (int y = 0; y < wh; y++)
            for (int x = 0; x < ww; x++)
            {
                int sx = Math.Min(w - 1, (int)((x + 0.5) * w / ww)), sy = Math.Min(h - 1, (int)((y + 0.5) * h / wh));
                r[y * ww + x] = mask[sy * w + sx];
            }
        return r;
    }
}

/// <summary>
/// A registration's result per working pixel of the before image: kept or not, the after position
/// it was matched to, and the position the global model alone gave (working pixels; Scale = working / full).
/// </summary>
internal sealed record MatchGeometry(bool[] Keep, float[] X, float[] Y, float[] GlobalX, float[] GlobalY, int Width, int Height, double Scale);
