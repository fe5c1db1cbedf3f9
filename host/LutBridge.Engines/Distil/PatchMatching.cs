using LutBridge.Core.Imaging.Native;
using LutBridge.Core.Imaging;
using OpenCvSharp;

namespace LutBridge.Engines.Distil;

/// <summary>
/// A learned model's features per image patch (DINOv2-class), as distil sees it. The CLI adapts an
/// installed ONNX patch-features model to this; the engine never sees ONNX.
/// </summary>
public interface IPatchFeatures
{
    /// <summary>The model's name, for the report.</summary>
    string Name { get; }

    /// <summary>The features of the whole <paramref name="image"/> on a grid (see <see cref="PatchGrid"/>).</summary>
    PatchGrid Extract(RgbImage image, CancellationToken ct);
}

/// <summary>
/// Row-major <see cref="Rows"/> × <see cref="Columns"/> cells of <see cref="Channels"/> values; cell
/// (r, c) covers columns c/Columns..(c+1)/Columns and rows r/Rows..(r+1)/Rows of the image.
/// </summary>
public sealed record PatchGrid(int Columns, int Rows, int Channels, float[] Values);

/// <summary>
/// What patch features did in a registration: the model, its mutual patch matches, how many fitted
/// the coarse homography, and which global model registration kept: "guided" (feature matches
/// searched only near where the coarse homography puts them), "unguided" (the plain feature
/// matches had more inliers), "coarse" (too few feature matches: the patches' homography itself).
/// </summary>
public sealed record PatchReport(string Model, int Matches, int Inliers, string Used);

/// <summary>
/// Coarse correspondences from patch features: mutual nearest neighbours by cosine similarity
/// (with a ratio test), and a homography through them whose tolerance is one patch.
/// </summary>
internal static class PatchMatching
{
    // libpng before OpenCV, always (NativeCodecs says why).
    static PatchMatching() => NativeCodecs.LoadBeforeOpenCv();

    /// <summary>A match's feature distance must be below this fraction of the next best's.</summary>
    public const double RatioTest = 0.9;

    /// <summary>Fewer inliers than this and the coarse homography is not trusted.</summary>
    public const int MinInliers = 8;

    /// <summary>Guided feature matches may land this many patches from where the coarse homography puts them.</summary>
    public const double GuideRadiusPatches = 1.5;

    /// <summary>The centres of mutually nearest cells, in pixels of a <paramref name="bw"/>×<paramref name="bh"/> and an <paramref name="aw"/>×<paramref name="ah"/> image.</summary>
    public static (List<Point2d> Before, List<Point2d> After) Mutual(PatchGrid before, double bw, double bh, PatchGrid after, double aw, double ah)
    {
        if (before.Channels != after.Channels)
            throw new InvalidOperationException($"patch features differ in length ({before.Channels} and {after.Channels})");
        var b = Unit(before);
        var a = Unit(after);
        int nb = before.Columns * before.Rows, na = after.Columns * after.Rows, c = before.Channels;
        var bestOfB = new int[nb];
        var ratioOk = new bool[nb];
        var bestOfA = new int[na];
        var bestOfAScore = new double[na];
        Array.Fill(bestOfA, -1);
        Array.Fill(bestOfAScore, double.NegativeInfinity);
        for (int i = 0; i < nb; i++)
        {
            bestOfB[i] = -1;
            if (b[i] is not { } bi) continue;
            double best = double.NegativeInfinity, second = double.NegativeInfinity;
            for (int j = 0; j < na; j++)
            {
                if (a[j] is not { } aj) continue;
                double s = 0;
                for (int k = 0; k < c; k++) s += bi[k] * aj[k];
                if (s > best) { second = best; best = s; bestOfB[i] = j; }
                else if (s > second) second = s;
                if (s > bestOfAScore[j]) { bestOfAScore[j] = s; bestOfA[j] = i; }
            }
            // Distances between unit vectors: √(2 − 2 cos).
            ratioOk[i] = bestOfB[i] >= 0 && Math.Sqrt(Math.Max(0, 2 - 2 * best)) < RatioTest * Math.Sqrt(Math.Max(0, 2 - 2 * second));
        }
        var src = new List<Point2d>();
        var dst = new List<Point2d>();
        for (int i = 0; i < nb; i++)
        {
            int j = bestOfB[i];
            if (j < 0 || !ratioOk[i] || bestOfA[j] != i) continue;
            src.Add(Centre(before, i, bw, bh));
            dst.Add(Centre(after, j, aw, ah));
        }
        return (src, dst);
    }

    /// <summary>The homography (before → after pixels) through the mutual matches, tolerance one patch of the after image; null when too few fit.</summary>
    public static (Mat? H, int Matches, int Inliers) CoarseModel(PatchGrid before, int bw, int bh, PatchGrid after, int aw, int ah)
    {
        var (src, dst) = Mutual(before, bw, bh, after, aw, ah);
        if (src.Count < MinInliers) return (null, src.Count, 0);
        using var mask = new Mat();
        var h = Cv2.FindHomography(InputArray.Create(src), InputArray.Create(dst), HomographyMethods.USAC_MAGSAC, PatchSize(after, aw, ah), mask);
        if (h.Empty())
        {
            h.Dispose();
            return (null, src.Count, 0);
        }
        int inliers = Cv2.CountNonZero(mask);
        if (inliers >= MinInliers && inliers >= MinInlierFraction * src.Count && Plausible(h)) return (h, src.Count, inliers);
        h.Dispose();
        return (null, src.Count, inliers);
    }

    /// <summary>Chance matches between unrelated images also fit some homography; real ones fit it in this share at least.</summary>
    public const double MinInlierFraction = 0.25;

    /// <summary>A registration neither mirrors nor collapses the frame: the linear part's determinant stays within 1/16..16.</summary>
    private static bool Plausible(Mat h)
    {
        double det = (h.At<double>(0, 0) * h.At<double>(1, 1) - h.At<double>(0, 1) * h.At<double>(1, 0)) / (h.At<double>(2, 2) * h.At<double>(2, 2));
        return det > 1.0 / 16 && det < 16;
    }

    /// <summary>One cell's size in pixels of a <paramref name="width"/>×<paramref name="height"/> image (the larger side of the cell).</summary>
    public static double PatchSize(PatchGrid grid, int width, int height) =>
        Math.Max(width / (double)grid.Columns, height / (double)grid.Rows);

    private static Point2d Centre(PatchGrid grid, int cell, double width, double height) =>
        new((cell % grid.Columns + 0.5) * width / grid.Columns, (cell / grid.Columns + 0.5) * height / grid.Rows);

    /// <summary>Each cell's features scaled to unit length; null for a cell with none (a flat patch).</summary>
    private static float[]?[] Unit(PatchGrid grid)
    {
        int n = grid.Columns * grid.Rows, c = grid.Channels;
        if (grid.Values.Length != n * c)
            throw new InvalidOperationException($"a {grid.Columns}×{grid.Rows} grid of {c} features needs {n * c} values, got {grid.Values.Length}");
        var result = new float[]?[n];
        for (int i = 0; i < n; i++)
        {
            var v = grid.Values.AsSpan(i * c, c);
            double norm = 0;
            foreach (var x in v) norm += (double)x * x;
            norm = Math.Sqrt(norm);
            if (!(norm > 1e-6) || !double.IsFinite(norm)) continue;
            var u = new float[c];
            for (int k = 0; k < c; k++) u[k] = (float)(v[k] / norm);
            result[i] = u;
        }
        return result;
    }
}
