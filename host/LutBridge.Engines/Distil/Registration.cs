using LutBridge.Core.Imaging.Native;
using LutBridge.Looks;
using OpenCvSharp;

namespace LutBridge.Engines.Distil;

/// <summary>
/// Correspondences for a pair that does not line up (cropped, rescaled, rotated, locally warped,
/// with regions that changed), found without trusting pixel positions or colours:
/// 1. both images at a working size (long side <see cref="WorkSide"/>), grey, local contrast
///    equalised (CLAHE); ORB features, whose BRIEF descriptors compare pixel pairs and so do not
///    change under any monotone tone curve;
/// 2. a global homography by USAC MAGSAC over the ratio-tested matches;
/// 3. iterated with the colour model: the colours are fitted on the trusted pixels, the before
///    image is mapped through that fit so both images have the same colours, and a dense
///    Farneback flow between them refines the homography locally; pixels whose colours still
///    disagree with the fit by far more than is usual (a changed or occluded region) are dropped;
/// 4. too few features or inliers: the colour distributions are matched instead
///    (<see cref="DistributionMatch"/>), without any correspondence.
/// </summary>
internal static class Registration
{
    // libpng before OpenCV, always (NativeCodecs says why).
    static Registration() => NativeCodecs.LoadBeforeOpenCv();

    public const int WorkSide = 1024;
    public const int Features = 4000;
    public const double RatioTest = 0.8;
    public const double ReprojectionPixels = 3.0;

    /// <summary>Below this many homography inliers the geometry is not trusted: distribution matching.</summary>
    public const int MinInliers = 24;

    /// <summary>Colour-and-flow rounds after the homography.</summary>
    public const int Rounds = 2;

    /// <summary>Changed pixels: colour disagreement over this many robust standard deviations (and at least <see cref="ChangedFloor"/>).</summary>
    public const double ChangedSigmas = 4;
    public const double ChangedFloor = 0.04;

    /// <summary>Band around dropped pixels also dropped (their flow is unreliable near a change).</summary>
    public const int ChangedMarginPixels = 3;

    /// <summary>
    /// Pixels whose 3×3 neighbourhood spans more than this (any channel, either image) are not used:
    /// there a match a pixel off, or the resampling of a scaled or rotated image, mixes neighbours' colours.
    /// </summary>
    /// Tuned on a2803, a3102, a4232, a4723 (eval distil --warp --diagnose, with <see cref="ColourBlurSigma"/>):
    /// 0.06 gave median/worst loss 2.6/3.3 dB, 0.12 2.8/3.0, none 2.1/5.5.
    public const double FlatRange = 0.06;

    /// <summary>
    /// Both images are blurred by a Gaussian of this sigma (working pixels) before colours are paired:
    /// the "after" has been resampled (scaled, rotated, warped: each pixel a mix of its neighbours) and
    /// is matched to within a fraction of a pixel, so a raw before pixel and the after colour at its
    /// match differ at every edge by the gradient times the offset. After a common blur that error falls
    /// with the gradient, while the bias a blur adds to a curved mapping is only of second order.
    /// </summary>
    /// Tuned as <see cref="FlatRange"/>: σ 0.6 gave 2.5/4.7 dB, 1.0 2.6/3.3, 1.5 2.4/5.1 (none: 4.8/8.2, of which the
    /// flat selection alone recovers a third).
    public const double ColourBlurSigma = 1.0;

    public static Mat Blur(Mat rgb)
    {
        var dst = new Mat();
        Cv2.GaussianBlur(rgb, dst, new Size(0, 0), ColourBlurSigma, ColourBlurSigma, BorderTypes.Reflect101);
        return dst;
    }

    /// <summary>At least this share of the kept pixels stays (the flattest), so a textured pair still shows its colours.</summary>
    public const double MinFlatShare = 0.3;

    /// <summary>A homography that moves no corner of the working frame by more than this is the identity.</summary>
    public const double IdentityPixels = 0.5;

    public sealed record Working(float[] Before, int Width, int Height, double Scale);

    /// <summary>An image at the working size: area-averaged, float RGB.</summary>
    public static Mat ToMat(float[] rgb, int width, int height)
    {
        var mat = new Mat(height, width, MatType.CV_32FC3);
        System.Runtime.InteropServices.Marshal.Copy(rgb, 0, mat.Data, rgb.Length);
        return mat;
    }

    public static float[] FromMat(Mat mat)
    {
        var continuous = mat.IsContinuous() ? mat : mat.Clone();
        var data = new float[continuous.Rows * continuous.Cols * 3];
        System.Runtime.InteropServices.Marshal.Copy(continuous.Data, data, 0, data.Length);
        return data;
    }

    public static Mat SingleMat(float[] values, int width, int height)
    {
        var mat = new Mat(height, width, MatType.CV_32FC1);
        System.Runtime.InteropServices.Marshal.Copy(values, 0, mat.Data, values.Length);
        return mat;
    }

    public static float[] FromSingle(Mat mat)
    {
        var continuous = mat.IsContinuous() ? mat : mat.Clone();
        var data = new float[continuous.Rows * continuous.Cols];
        System.Runtime.InteropServices.Marshal.Copy(continuous.Data, data, 0, data.Length);
        return data;
    }

    public static Mat Resize(Mat image, double scale)
    {
        if (scale >= 1) return image.Clone();
        var dst = new Mat();
        Cv2.Resize(image, dst, new Size(Math.Max(1, (int)Math.Round(image.Cols * scale)), Math.Max(1, (int)Math.Round(image.Rows * scale))), 0, 0, InterpolationFlags.Area);
        return dst;
    }

    /// <summary>Grey, 8 bit, local contrast equalised: what features are found on.</summary>
    public static Mat Structure(Mat rgb)
    {
        using var grey = new Mat();
        Cv2.CvtColor(rgb, grey, ColorConversionCodes.RGB2GRAY);
        using var grey8 = new Mat();
        grey.ConvertTo(grey8, MatType.CV_8UC1, 255);
        using var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 8));
        var eq = new Mat();
        clahe.Apply(grey8, eq);
        return eq;
    }

    /// <summary>The global homography (before → after, working pixels) and its feature counts, or null when too few inliers.</summary>
    public static (Mat? H, int Features, int Inliers) GlobalModel(Mat beforeGrey, Mat afterGrey) =>
        GlobalModel(beforeGrey, afterGrey, null, 0).Unguided;

    /// <summary>
    /// The global homography by plain matching, and, with a <paramref name="guide"/> (a coarse
    /// homography from patch features), also by guided matching: each before feature's match is
    /// searched only within <paramref name="radius"/> working pixels of where the guide puts it, so
    /// repeated or ambiguous structure elsewhere in the frame no longer fails the ratio test. The
    /// guided set is the plain matches plus those guided ones.
    /// </summary>
    public static ((Mat? H, int Features, int Inliers) Unguided, (Mat? H, int Features, int Inliers)? Guided) GlobalModel(
        Mat beforeGrey, Mat afterGrey, Mat? guide, double radius)
    {
        using var orb = ORB.Create(Features);
        using var d1 = new Mat();
        using var d2 = new Mat();
        orb.DetectAndCompute(beforeGrey, null, out var k1, d1);
        orb.DetectAndCompute(afterGrey, null, out var k2, d2);
        if (k1.Length < MinInliers || k2.Length < MinInliers)
            return ((null, Math.Min(k1.Length, k2.Length), 0), guide == null ? null : (null, Math.Min(k1.Length, k2.Length), 0));
        using var matcher = new BFMatcher(NormTypes.Hamming);
        var src = new List<Point2d>();
        var dst = new List<Point2d>();
        var taken = new HashSet<int>();
        foreach (var m in matcher.KnnMatch(d1, d2, 2))
        {
            if (m.Length < 2 || m[0].Distance > RatioTest * m[1].Distance) continue;
            taken.Add(m[0].QueryIdx);
            src.Add(new Point2d(k1[m[0].QueryIdx].Pt.X, k1[m[0].QueryIdx].Pt.Y));
            dst.Add(new Point2d(k2[m[0].TrainIdx].Pt.X, k2[m[0].TrainIdx].Pt.Y));
        }
        var unguided = Homography(src, dst);
        if (guide == null) return (unguided, null);
        // The guided set keeps every plain match and adds, for the features the plain ratio test
        // dropped, the one that stands out near where the guide points.
        foreach (var m in matcher.KnnMatch(d1, d2, GuidedCandidates))
        {
            if (m.Length == 0 || taken.Contains(m[0].QueryIdx)) continue;
            var p = k1[m[0].QueryIdx].Pt;
            var (gx, gy) = Apply(guide, p.X, p.Y);
            DMatch? best = null, next = null;
            foreach (var c in m)
            {
                var q = k2[c.TrainIdx].Pt;
                if ((q.X - gx) * (q.X - gx) + (q.Y - gy) * (q.Y - gy) > radius * radius) continue;
                if (best == null) best = c;
                else { next = c; break; }
            }
            if (best is not { } b || (next is { } n && b.Distance > RatioTest * n.Distance)) continue;
            src.Add(new Point2d(p.X, p.Y));
            dst.Add(new Point2d(k2[b.TrainIdx].Pt.X, k2[b.TrainIdx].Pt.Y));
        }
        return (unguided, Homography(src, dst));
    }

    /// <summary>Candidates per feature a guided match chooses among (nearest in descriptor distance first).</summary>
    public const int GuidedCandidates = 12;

    private static (Mat? H, int Matches, int Inliers) Homography(List<Point2d> src, List<Point2d> dst)
    {
        if (src.Count < MinInliers) return (null, src.Count, 0);
        using var mask = new Mat();
        var h = Cv2.FindHomography(InputArray.Create(src), InputArray.Create(dst), HomographyMethods.USAC_MAGSAC, ReprojectionPixels, mask);
        if (h.Empty()) return (null, src.Count, 0);
        int inliers = Cv2.CountNonZero(mask);
        return inliers < MinInliers ? (null, src.Count, inliers) : (h, src.Count, inliers);
    }

    /// <summary>Largest distance a homography moves a corner of a width × height frame.</summary>
    public static double CornerShift(Mat h, int width, int height)
    {
        double worst = 0;
        foreach (var (x, y) in new[] { (0.0, 0.0), (width, 0.0), (0.0, height), (width, height) })
        {
            var (u, v) = Apply(h, x, y);
            worst = Math.Max(worst, Math.Sqrt((u - x) * (u - x) + (v - y) * (v - y)));
        }
        return worst;
    }

    public static (double X, double Y) Apply(Mat h, double x, double y)
    {
        double w = h.At<double>(2, 0) * x + h.At<double>(2, 1) * y + h.At<double>(2, 2);
        return ((h.At<double>(0, 0) * x + h.At<double>(0, 1) * y + h.At<double>(0, 2)) / w,
                (h.At<double>(1, 0) * x + h.At<double>(1, 1) * y + h.At<double>(1, 2)) / w);
    }

    /// <summary>
    /// The after image sampled at H·(x + flow(x)) for every working pixel x of the before image,
    /// and whether that position lies inside the after image.
    /// </summary>
    public static (Mat Warped, bool[] Inside) Sample(Mat after, Mat h, Mat? flow, int width, int height) =>
        Sample(after, h, flow, width, height, out _, out _);

    /// <summary>As above, also giving the after position (working pixels) sampled for each before pixel.</summary>
    public static (Mat Warped, bool[] Inside) Sample(Mat after, Mat h, Mat? flow, int width, int height, out float[] positionX, out float[] positionY)
    {
        using var mapX = new Mat(height, width, MatType.CV_32FC1);
        using var mapY = new Mat(height, width, MatType.CV_32FC1);
        var inside = new bool[width * height];
        double h00 = h.At<double>(0, 0), h01 = h.At<double>(0, 1), h02 = h.At<double>(0, 2);
        double h10 = h.At<double>(1, 0), h11 = h.At<double>(1, 1), h12 = h.At<double>(1, 2);
        double h20 = h.At<double>(2, 0), h21 = h.At<double>(2, 1), h22 = h.At<double>(2, 2);
        var fx = new float[width * height];
        var fy = new float[width * height];
        float[]? f = flow == null ? null : FlowArray(flow);
        int aw = after.Cols, ah = after.Rows;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                double px = x, py = y;
                if (f != null) { px += f[2 * i]; py += f[2 * i + 1]; }
                double w = h20 * px + h21 * py + h22;
                double u = (h00 * px + h01 * py + h02) / w, v = (h10 * px + h11 * py + h12) / w;
                fx[i] = (float)u;
                fy[i] = (float)v;
                inside[i] = u >= 1 && v >= 1 && u <= aw - 2 && v <= ah - 2;
            }
        System.Runtime.InteropServices.Marshal.Copy(fx, 0, mapX.Data, fx.Length);
        System.Runtime.InteropServices.Marshal.Copy(fy, 0, mapY.Data, fy.Length);
        var warped = new Mat();
        Cv2.Remap(after, warped, mapX, mapY, InterpolationFlags.Linear, BorderTypes.Replicate);
        (positionX, positionY) = (fx, fy);
        return (warped, inside);
    }

    private static float[] FlowArray(Mat flow)
    {
        var data = new float[flow.Rows * flow.Cols * 2];
        System.Runtime.InteropServices.Marshal.Copy(flow.Data, data, 0, data.Length);
        return data;
    }

    /// <summary>Dense flow from the colour-mapped before image to the warped after image (both in the before frame).</summary>
    public static Mat Flow(Mat mappedBefore, Mat warpedAfter)
    {
        using var a = Grey8(mappedBefore);
        using var b = Grey8(warpedAfter);
        var flow = new Mat();
        Cv2.CalcOpticalFlowFarneback(a, b, flow, 0.5, 4, 21, 4, 5, 1.1, OpticalFlowFlags.None);
        return flow;
    }

    private static Mat Grey8(Mat rgb)
    {
        using var grey = new Mat();
        Cv2.CvtColor(rgb, grey, ColorConversionCodes.RGB2GRAY);
        var g8 = new Mat();
        grey.ConvertTo(g8, MatType.CV_8UC1, 255);
        return g8;
    }

    /// <summary>Median length of a flow field (pixels).</summary>
    public static double MedianFlow(Mat flow)
    {
        var f = FlowArray(flow);
        var len = new double[f.Length / 2];
        for (int i = 0; i < len.Length; i++) len[i] = Math.Sqrt(f[2 * i] * f[2 * i] + f[2 * i + 1] * f[2 * i + 1]);
        Array.Sort(len);
        return len.Length == 0 ? 0 : len[len.Length / 2];
    }

    /// <summary>
    /// Pixels to keep: inside the after image, and whose colour agrees with the model's prediction
    /// within <see cref="ChangedSigmas"/> robust standard deviations; dropped pixels grow by a margin.
    /// </summary>
    public static bool[] Agreeing(float[] predicted, float[] after, bool[] inside, int width, int height, out double changedFraction)
    {
        int n = inside.Length;
        var err = new float[n];
        var values = new List<float>(n);
        for (int i = 0; i < n; i++)
        {
            float e = 0;
            for (int c = 0; c < 3; c++) e = Math.Max(e, Math.Abs(predicted[3 * i + c] - after[3 * i + c]));
            err[i] = e;
            if (inside[i]) values.Add(e);
        }
        if (values.Count == 0) { changedFraction = 0; return inside; }
        values.Sort();
        double sigma = 1.4826 * values[values.Count / 2];
        double limit = Math.Max(ChangedSigmas * sigma, ChangedFloor);
        using var bad = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        var badBytes = new byte[n];
        int changed = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            if (!inside[i]) continue;
            total++;
            if (err[i] > limit) { badBytes[i] = 255; changed++; }
        }
        System.Runtime.InteropServices.Marshal.Copy(badBytes, 0, bad.Data, n);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(2 * ChangedMarginPixels + 1, 2 * ChangedMarginPixels + 1));
        using var grown = new Mat();
        Cv2.Dilate(bad, grown, kernel);
        var grownBytes = new byte[n];
        System.Runtime.InteropServices.Marshal.Copy(grown.Data, grownBytes, 0, n);
        var keep = new bool[n];
        for (int i = 0; i < n; i++) keep[i] = inside[i] && grownBytes[i] == 0;
        changedFraction = total == 0 ? 0 : changed / (double)total;
        return keep;
    }

    /// <summary>Per pixel, the largest range (max − min over its 3×3 neighbourhood) of any channel.</summary>
    public static float[] LocalRange(Mat rgb)
    {
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        using var hi = new Mat();
        using var lo = new Mat();
        Cv2.Dilate(rgb, hi, kernel);
        Cv2.Erode(rgb, lo, kernel);
        using var span = new Mat();
        Cv2.Subtract(hi, lo, span);
        var v = FromMat(span);
        var r = new float[v.Length / 3];
        for (int i = 0; i < r.Length; i++) r[i] = Math.Max(v[3 * i], Math.Max(v[3 * i + 1], v[3 * i + 2]));
        return r;
    }

    /// <summary>
    /// The kept pixels that lie in flat regions of both images (range at most <see cref="FlatRange"/>),
    /// or, when fewer than <see cref="MinFlatShare"/> of them do, that share of the flattest.
    /// </summary>
    public static bool[] Flat(float[] rangeBefore, float[] rangeAfter, bool[] keep)
    {
        var worst = new float[keep.Length];
        var values = new List<float>();
        for (int i = 0; i < keep.Length; i++)
        {
            worst[i] = Math.Max(rangeBefore[i], rangeAfter[i]);
            if (keep[i]) values.Add(worst[i]);
        }
        if (values.Count == 0) return keep;
        values.Sort();
        double limit = Math.Max(FlatRange, values[Math.Min(values.Count - 1, (int)(MinFlatShare * values.Count))]);
        var flat = new bool[keep.Length];
        for (int i = 0; i < keep.Length; i++) flat[i] = keep[i] && worst[i] <= limit;
        return flat;
    }

    /// <summary>What the homography says in words: its similarity part (scale, rotation, shift in before pixels).</summary>
    public static (double Scale, double RotationDegrees, double[] Shift, bool Projective) Describe(Mat h, double workScale)
    {
        double a = h.At<double>(0, 0), b = h.At<double>(0, 1), c = h.At<double>(1, 0), d = h.At<double>(1, 1);
        double scale = Math.Sqrt(Math.Abs(a * d - b * c));
        double rotation = Math.Atan2(c, a) * 180 / Math.PI;
        bool projective = Math.Abs(h.At<double>(2, 0)) > 1e-5 || Math.Abs(h.At<double>(2, 1)) > 1e-5
            || Math.Abs(a - d) > 0.01 * scale || Math.Abs(b + c) > 0.01 * scale;
        return (scale, rotation, [h.At<double>(0, 2) / workScale, h.At<double>(1, 2) / workScale], projective);
    }

    public static double[] Flatten(Mat h)
    {
        var v = new double[9];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) v[3 * r + c] = h.At<double>(r, c);
        return v;
    }

    /// <summary>Nodes per axis of the lattice a registration colour model is baked to before it maps an image.</summary>
    public const int MapLatticeSize = 33;

    /// <summary>
    /// A Look's output for every pixel of a float RGB image, clamped to [0, 1]. The Look is evaluated
    /// on a <see cref="MapLatticeSize"/>³ lattice and the pixels interpolated trilinearly in it: the
    /// registration's colour models are smooth 9³ splines, which a 33³ lattice follows to well under a
    /// code value, and 36 k evaluations instead of a million make this step about twenty times quicker.
    /// </summary>
    public static Mat MapColours(Look model, Mat rgb)
    {
        var lattice = Bake(model, MapLatticeSize);
        var pixels = FromMat(rgb);
        var mapped = new float[pixels.Length];
        int n = pixels.Length / 3;
        Parallel.For(0, (n + 16383) / 16384, chunk =>
        {
            int end = Math.Min(n, (chunk + 1) * 16384);
            for (int i = chunk * 16384; i < end; i++) Trilinear(lattice, MapLatticeSize, pixels, mapped, 3 * i);
        });
        return ToMat(mapped, rgb.Cols, rgb.Rows);
    }

    /// <summary>The Look's clamped output at every node of a size³ lattice (red fastest, channels interleaved).</summary>
    public static float[] Bake(Look model, int size)
    {
        var nodes = new float[size * size * size * 3];
        for (int b = 0, o = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++, o += 3)
                    (nodes[o], nodes[o + 1], nodes[o + 2]) = (r / (size - 1f), g / (size - 1f), b / (size - 1f));
        var lattice = LookBaker.Evaluate(model, nodes);
        for (int i = 0; i < lattice.Length; i++) lattice[i] = Math.Clamp(lattice[i], 0f, 1f);
        return lattice;
    }

    /// <summary>Trilinear interpolation of one RGB triple (at <paramref name="at"/> in both buffers) in a size³ lattice.</summary>
    public static void Trilinear(float[] lattice, int size, float[] input, float[] output, int at)
    {
        int last = size - 1;
        Span<int> i0 = stackalloc int[3];
        Span<float> f = stackalloc float[3];
        for (int c = 0; c < 3; c++)
        {
            float x = Math.Clamp(input[at + c], 0f, 1f) * last;
            int k = Math.Min((int)x, last - 1);
            i0[c] = k;
            f[c] = x - k;
        }
        int sr = 3, sg = 3 * size, sb = 3 * size * size;
        int o = i0[2] * sb + i0[1] * sg + i0[0] * sr;
        float fr = f[0], fg = f[1], fb = f[2];
        for (int c = 0; c < 3; c++)
        {
            float c00 = lattice[o + c] + fr * (lattice[o + sr + c] - lattice[o + c]);
            float c10 = lattice[o + sg + c] + fr * (lattice[o + sg + sr + c] - lattice[o + sg + c]);
            float c01 = lattice[o + sb + c] + fr * (lattice[o + sb + sr + c] - lattice[o + sb + c]);
            float c11 = lattice[o + sb + sg + c] + fr * (lattice[o + sb + sg + sr + c] - lattice[o + sb + sg + c]);
            float c0 = c00 + fg * (c10 - c00), c1 = c01 + fg * (c11 - c01);
            output[at + c] = c0 + fb * (c1 - c0);
        }
    }
}
