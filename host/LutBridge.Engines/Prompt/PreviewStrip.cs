using LutBridge.Core.Imaging;
using LutBridge.Looks;

namespace LutBridge.Engines.Prompt;

/// <summary>
/// A picture of what a Look does to colours, for a glance: a chart (a grey ramp, then full hue
/// sweeps at three lightnesses and a skin-tone ramp), shown as it is (top) and through the Look
/// (bottom), with a black gap between.
/// </summary>
public static class PreviewStrip
{
    public const int Width = 768, BandHeight = 32, Bands = 5, Gap = 6;

    /// <summary>The chart's sRGB colour at column x of band <paramref name="band"/>.</summary>
    public static (double R, double G, double B) ChartColour(int band, int x)
    {
        double t = x / (double)(Width - 1);
        switch (band)
        {
            case 0: return (t, t, t);
            case 4: // skin tones, dark to light: OKLab hue 55°, chroma 0.06
                return FromOklch(0.35 + 0.55 * t, 0.06, 55);
            default:
                double L = band switch { 1 => 0.45, 2 => 0.65, _ => 0.82 };
                double chroma = band switch { 1 => 0.12, 2 => 0.12, _ => 0.07 };
                return FromOklch(L, chroma, 360 * t);
        }
    }

    public static RgbImage Render(Look look)
    {
        int chartHeight = Bands * BandHeight;
        var image = new RgbImage(Width, 2 * chartHeight + Gap, SampleType.UInt8);
        var processor = new LookProcessor(look);
        var data = image.Data;
        for (int band = 0; band < Bands; band++)
            for (int x = 0; x < Width; x++)
            {
                var (r, g, b) = ChartColour(band, x);
                var (R, G, B) = processor.Apply(r, g, b);
                for (int y = 0; y < BandHeight; y++)
                {
                    Put(data, image.Width, x, band * BandHeight + y, r, g, b);
                    Put(data, image.Width, x, chartHeight + Gap + band * BandHeight + y, R, G, B);
                }
            }
        return image;
    }

    private static void Put(byte[] data, int width, int x, int y, double r, double g, double b)
    {
        int i = 3 * (y * width + x);
        data[i] = ImageConvert.ToUInt8((float)r);
        data[i + 1] = ImageConvert.ToUInt8((float)g);
        data[i + 2] = ImageConvert.ToUInt8((float)b);
    }

    private static (double, double, double) FromOklch(double L, double C, double hueDegrees)
    {
        double h = hueDegrees * Math.PI / 180;
        // Reduce chroma until the colour fits sRGB, so the chart has no clipped flats.
        for (double c = C; ; c *= 0.9)
        {
            var rgb = Core.Color.Oklab.ToSrgb(new System.Numerics.Vector3((float)L, (float)(c * Math.Cos(h)), (float)(c * Math.Sin(h))));
            if ((rgb.X >= 0 && rgb.X <= 1 && rgb.Y >= 0 && rgb.Y <= 1 && rgb.Z >= 0 && rgb.Z <= 1) || c < 1e-3)
                return (Math.Clamp(rgb.X, 0, 1), Math.Clamp(rgb.Y, 0, 1), Math.Clamp(rgb.Z, 0, 1));
        }
    }
}
