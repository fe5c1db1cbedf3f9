using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Looks;

namespace LutBridge.Engines.Match;

/// <summary>
/// The measures of `eval match`: images as interleaved sRGB floats in [0, 1], mean CIEDE2000 to
/// a truth, and the SSIM of luma to the input (how much of the photo's structure survives).
/// </summary>
public static class MatchMetrics
{
    /// <summary>An image's samples as floats in [0, 1].</summary>
    public static float[] ToFloats(RgbImage image) => ImageConvert.ToType(image, SampleType.Float32).Samples<float>().ToArray();

    /// <summary>An 8-bit image from floats (rounded, clamped).</summary>
    public static RgbImage FromFloats(float[] rgb, int width, int height)
    {
        var image = new RgbImage(width, height, SampleType.UInt8);
        var d = image.Data;
        for (int i = 0; i < rgb.Length; i++) d[i] = ImageConvert.ToUInt8(rgb[i]);
        return image;
    }

    /// <summary>A LUT applied to every pixel (tetrahedral, clipped to [0, 1]).</summary>
    public static float[] ApplyLut(Lut lut, float[] rgb)
    {
        var output = new float[rgb.Length];
        int n = rgb.Length / 3;
        Parallel.For(0, (n + 4095) / 4096, chunk =>
        {
            int end = Math.Min(n, (chunk + 1) * 4096);
            for (int i = chunk * 4096; i < end; i++)
            {
                var v = lut.Evaluate(new System.Numerics.Vector3(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
                output[3 * i] = Math.Clamp(v.X, 0f, 1f);
                output[3 * i + 1] = Math.Clamp(v.Y, 0f, 1f);
                output[3 * i + 2] = Math.Clamp(v.Z, 0f, 1f);
            }
        });
        return output;
    }

    /// <summary>A Look applied to every pixel.</summary>
    public static float[] ApplyLook(Look look, float[] rgb) => LookBaker.Evaluate(look, rgb);

    public static double MeanDeltaE(float[] a, float[] b) => Core.Color.DeltaE.Ciede2000SrgbStats(a, b).Mean;

    /// <summary>
    /// Mean SSIM (Wang et al. 2004) of Rec. 709 luma (on the encoded values), Gaussian window
    /// σ = 1.5 truncated at 5 pixels, C1 = (0.01)², C2 = (0.03)², over the pixels whose window fits.
    /// </summary>
    public static double LumaSsim(float[] a, float[] b, int width, int height)
    {
        var x = Luma(a);
        var y = Luma(b);
        int n = width * height;
        var xx = new double[n]; var yy = new double[n]; var xy = new double[n];
        for (int i = 0; i < n; i++) { xx[i] = x[i] * x[i]; yy[i] = y[i] * y[i]; xy[i] = x[i] * y[i]; }
        var mx = Blur(x, width, height); var my = Blur(y, width, height);
        var sxx = Blur(xx, width, height); var syy = Blur(yy, width, height); var sxy = Blur(xy, width, height);
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double sum = 0; long count = 0;
        for (int r = Radius; r < height - Radius; r++)
            for (int c = Radius; c < width - Radius; c++)
            {
                int i = r * width + c;
                double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cov = sxy[i] - mx[i] * my[i];
                sum += (2 * mx[i] * my[i] + c1) * (2 * cov + c2) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
                count++;
            }
        return count == 0 ? 1 : sum / count;
    }

    private const int Radius = 5;

    private static readonly double[] Kernel = BuildKernel();

    private static double[] BuildKernel()
    {
        var k = new double[2 * Radius + 1];
        for (int i = -Radius; i <= Radius; i++) k[i + Radius] = Math.Exp(-i * i / (2 * 1.5 * 1.5));
        double s = k.Sum();
        return k.Select(v => v / s).ToArray();
    }

    private static double[] Luma(float[] rgb)
    {
        var y = new double[rgb.Length / 3];
        for (int i = 0; i < y.Length; i++) y[i] = 0.2126 * rgb[3 * i] + 0.7152 * rgb[3 * i + 1] + 0.0722 * rgb[3 * i + 2];
        return y;
    }

    /// <summary>Separable Gaussian blur (borders clamped; only the interior is used).</summary>
    private static double[] Blur(double[] v, int width, int height)
    {
        var tmp = new double[v.Length];
        var result = new double[v.Length];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += Kernel[k + Radius] * v[r * width + Math.Clamp(c + k, 0, width - 1)];
                tmp[r * width + c] = s;
            }
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                double s = 0;
                for (int k = -Radius; k <= Radius; k++) s += Kernel[k + Radius] * tmp[Math.Clamp(r + k, 0, height - 1) * width + c];
                result[r * width + c] = s;
            }
        return result;
    }
}
