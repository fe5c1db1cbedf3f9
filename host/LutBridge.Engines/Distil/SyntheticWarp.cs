using LutBridge.Core.Imaging.Native;
using OpenCvSharp;

namespace LutBridge.Engines.Distil;

/// <summary>
/// Misaligns an image the way a generated or retouched "after" is misaligned, for eval and
/// tests: scaled, rotated and shifted about its centre, warped by a smooth random field, cropped,
/// and with a foreign object (content whose colours follow no mapping) pasted over part of it.
/// Deterministic for a seed.
/// </summary>
public sealed record SyntheticWarp(
    double ShiftFraction = 0.03,
    double RotationDegrees = 2,
    double Scale = 1.05,
    double CropFraction = 0.05,
    double ElasticPixels = 4,
    double ObjectFraction = 0.10,
    int Seed = 1)
{
    // libpng before OpenCV, always (NativeCodecs says why).
    static SyntheticWarp() => NativeCodecs.LoadBeforeOpenCv();

    /// <summary>The misalignment: shift 3%, rotate 2°, scale 1.05, crop 5%, elastic 4 px, a foreign object over 10%.</summary>
    public static SyntheticWarp Standard { get; } = new();

    public (float[] Rgb, int Width, int Height) Apply(float[] rgb, int width, int height)
    {
        var (output, ow, oh, _) = ApplyWithTruth(rgb, width, height);
        return (output, ow, oh);
    }

    /// <summary>As <see cref="Apply"/>, with the known geometry (for eval's diagnosis of a registration).</summary>
    public (float[] Rgb, int Width, int Height, WarpTruth Truth) ApplyWithTruth(float[] rgb, int width, int height)
    {
        int ow = (int)Math.Round(width * (1 - CropFraction)), oh = (int)Math.Round(height * (1 - CropFraction));
        double offX = (width - ow) / 2.0, offY = (height - oh) / 2.0;
        double cx = width / 2.0, cy = height / 2.0;
        double angle = RotationDegrees * Math.PI / 180, cos = Math.Cos(angle), sin = Math.Sin(angle);
        double dx = ShiftFraction * width, dy = ShiftFraction * height;
        var rng = new Random(Seed);
        // Smooth field: random values on a coarse 6×5 grid, bicubically enlarged, scaled to ElasticPixels at most.
        using var coarseX = RandomGrid(rng, 6, 5);
        using var coarseY = RandomGrid(rng, 6, 5);
        using var fieldX = new Mat();
        using var fieldY = new Mat();
        Cv2.Resize(coarseX, fieldX, new Size(ow, oh), 0, 0, InterpolationFlags.Cubic);
        Cv2.Resize(coarseY, fieldY, new Size(ow, oh), 0, 0, InterpolationFlags.Cubic);
        var ex = Registration.FromSingle(fieldX);
        var ey = Registration.FromSingle(fieldY);
        double peak = 1e-9;
        for (int i = 0; i < ex.Length; i++) peak = Math.Max(peak, Math.Sqrt(ex[i] * ex[i] + ey[i] * ey[i]));
        double k = ElasticPixels / peak;
        var mapX = new float[ow * oh];
        var mapY = new float[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                int i = y * ow + x;
                // Output pixel → position in the transformed frame → source position (inverse similarity).
                double u = x + offX - cx - dx, v = y + offY - cy - dy;
                double sx = (cos * u + sin * v) / Scale + cx, sy = (-sin * u + cos * v) / Scale + cy;
                mapX[i] = (float)(sx + k * ex[i]);
                mapY[i] = (float)(sy + k * ey[i]);
            }
        using var src = Registration.ToMat(rgb, width, height);
        using var mx = Registration.SingleMat(mapX, ow, oh);
        using var my = Registration.SingleMat(mapY, ow, oh);
        using var dst = new Mat();
        Cv2.Remap(src, dst, mx, my, InterpolationFlags.Linear, BorderTypes.Reflect101);
        var output = Registration.FromMat(dst);
        var ellipse = ObjectFraction > 0 ? PasteObject(output, ow, oh, rgb, width, height, rng) : (0.0, 0.0, 0.0, 0.0);
        for (int i = 0; i < ex.Length; i++) { ex[i] = (float)(k * ex[i]); ey[i] = (float)(k * ey[i]); }
        var truth = new WarpTruth(ow, oh, offX, offY, cx, cy, dx, dy, cos, sin, Scale, ex, ey, ellipse.Item1, ellipse.Item2, ellipse.Item3, ellipse.Item4);
        return (output, ow, oh, truth);
    }

    private static Mat RandomGrid(Random rng, int w, int h)
    {
        var values = new float[w * h];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(2 * rng.NextDouble() - 1);
        return Registration.SingleMat(values, w, h);
    }

    /// <summary>
    /// An ellipse over <see cref="ObjectFraction"/> of the frame, filled with the source turned
    /// upside down with its channels rotated (B, R, G): structure and colours that belong to neither image.
    /// </summary>
    private (double Cx, double Cy, double Rx, double Ry) PasteObject(float[] output, int ow, int oh, float[] source, int width, int height, Random rng)
    {
        double area = ObjectFraction * ow * oh;
        double ry = Math.Sqrt(area / Math.PI / 1.5), rx = 1.5 * ry;
        double cx = rx + rng.NextDouble() * Math.Max(0, ow - 2 * rx), cy = ry + rng.NextDouble() * Math.Max(0, oh - 2 * ry);
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                double u = (x - cx) / rx, v = (y - cy) / ry;
                if (u * u + v * v > 1) continue;
                int sx = Math.Clamp(width - 1 - x, 0, width - 1), sy = Math.Clamp(height - 1 - y, 0, height - 1);
                int s = 3 * (sy * width + sx), d = 3 * (y * ow + x);
                output[d] = source[s + 2];
                output[d + 1] = source[s];
                output[d + 2] = source[s + 1];
            }
        return (cx, cy, rx, ry);
    }
}

/// <summary>
/// The geometry a <see cref="SyntheticWarp"/> applied: where each before pixel landed in the
/// after image, and where the foreign object lies. Eval compares a registration with it.
/// </summary>
public sealed record WarpTruth(int Width, int Height, double OffX, double OffY, double Cx, double Cy, double Dx, double Dy,
    double Cos, double Sin, double Scale, float[] ElasticX, float[] ElasticY, double ObjectCx, double ObjectCy, double ObjectRx, double ObjectRy)
{
    /// <summary>
    /// The after position of before position (x, y): the after pixel q whose source is
    /// S⁻¹(q) + e(q) = p, solved by fixed-point iteration (the elastic field is smooth and small).
    /// </summary>
    public (double X, double Y) Forward(double x, double y)
    {
        double ex = 0, ey = 0, qx = 0, qy = 0;
        for (int it = 0; it < 4; it++)
        {
            double sx = x - ex - Cx, sy = y - ey - Cy;
            // Inverse of the warp's (cos·u + sin·v, −sin·u + cos·v)/Scale.
            double u = Scale * (Cos * sx - Sin * sy), v = Scale * (Sin * sx + Cos * sy);
            qx = u + Cx + Dx - OffX;
            qy = v + Cy + Dy - OffY;
            (ex, ey) = (Bilinear(ElasticX, qx, qy), Bilinear(ElasticY, qx, qy));
        }
        return (qx, qy);
    }

    public bool Inside(double qx, double qy) => qx >= 0 && qy >= 0 && qx <= Width - 1 && qy <= Height - 1;

    public bool InObject(double qx, double qy)
    {
        if (ObjectRx <= 0) return false;
        double u = (qx - ObjectCx) / ObjectRx, v = (qy - ObjectCy) / ObjectRy;
        return u * u + v * v <= 1;
    }

    private double Bilinear(float[] field, double x, double y)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        int x0 = Math.Min((int)x, Width - 2), y0 = Math.Min((int)y, Height - 2);
        double fx = x - x0, fy = y - y0;
        int i = y0 * Width + x0;
        return (1 - fy) * ((1 - fx) * field[i] + fx * field[i + 1]) + fy * ((1 - fx) * field[i + Width] + fx * field[i + Width + 1]);
    }
}
