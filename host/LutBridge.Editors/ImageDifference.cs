using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;

namespace LutBridge.Editors;

/// <summary>Colour difference between two renderings of the same image.</summary>
public static class ImageDifference
{
    /// <summary>CIEDE2000 statistics over all pixels (sRGB-encoded images of the same size, any depth).</summary>
    public static DeltaEStats Ciede2000(RgbImage a, RgbImage b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            throw new InputException($"images differ in size: {a.Width}×{a.Height} vs {b.Width}×{b.Height}");
        return DeltaE.Ciede2000SrgbStats(ImageConvert.ToType(a, SampleType.Float32).Samples<float>(),
            ImageConvert.ToType(b, SampleType.Float32).Samples<float>());
    }
}
