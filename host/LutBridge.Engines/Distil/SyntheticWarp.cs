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
        if (ObjectFraction > 0) PasteObject(output, ow, oh, rgb, width, height, rng);
        return (output, ow, oh);
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
    private void PasteObject(float[] output, int ow, int oh, float[] source, int width, int height, Random rng)
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
    }
}
