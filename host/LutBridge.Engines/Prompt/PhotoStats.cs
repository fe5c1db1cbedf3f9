using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Prompt;

/// <summary>
/// What the prompt engine needs to know about a photo to adapt words to it: its mean OKLab
/// lightness (so "brighter" moves a dark photo more than a bright one) and its colour cast
/// (grey world over the low-chroma pixels, per unit of lightness, the way the temperature and
/// tint sliders act), measured on at most about 65,000 pixels.
/// </summary>
public sealed record PhotoStats(double MeanL, double CastA, double CastB)
{
    /// <summary>Mean OKLab L a "brighter" moves toward, and how far past it any one phrase goes.</summary>
    public const double TargetL = 0.6, MinimumMove = 0.05;

    public static PhotoStats From(RgbImage image)
    {
        var rgb = ImageConvert.ToType(image, SampleType.Float32).Samples<float>().ToArray();
        long pixels = image.PixelCount;
        int stride = (int)Math.Max(1, pixels / 65536);
        double sumL = 0, sumA = 0, sumB = 0, sumGreyL = 0;
        long n = 0;
        for (long p = 0; p < pixels; p += stride)
        {
            var lab = Oklab.FromSrgb(new Vector3(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]));
            sumL += lab.X;
            n++;
            double c = Math.Sqrt(lab.Y * lab.Y + lab.Z * lab.Z);
            if (c < 0.06 && lab.X > 0.15 && lab.X < 0.95)
            {
                sumA += lab.Y;
                sumB += lab.Z;
                sumGreyL += lab.X;
            }
        }
        double meanL = n > 0 ? sumL / n : 0.5;
        return sumGreyL > 1e-6
            ? new PhotoStats(meanL, sumA / sumGreyL, sumB / sumGreyL)
            : new PhotoStats(meanL, 0, 0);
    }

    /// <summary>Exposure (EV) for one "brighter" (+1) or "darker" (−1): half the way to a mid target, at least a small step.</summary>
    public double ExposureFor(double sign)
    {
        double m = Math.Clamp(MeanL, 0.05, 0.95);
        double target = sign > 0
            ? Math.Min(0.9, m + MinimumMove + 0.5 * Math.Max(0, TargetL - m))
            : Math.Max(0.1, m - MinimumMove - 0.5 * Math.Max(0, m - (TargetL - 0.15)));
        return Math.Clamp(3 * Math.Log2(target / m), -2, 2);
    }
}
