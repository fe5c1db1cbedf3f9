using System.Numerics;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;

namespace LutBridge.Editors.Darktable;

/// <summary>
/// Decides whether darktable really applied the LUT: darktable-cli exits 0 and writes the
/// image unchanged when lut3d cannot find its file. The export must be nearer to the input
/// with the LUT applied (by LutBridge) than to the input itself, on a sparse pixel grid.
/// </summary>
public static class ExportCheck
{
    public readonly record struct Verdict(bool Applied, double DistanceToLut, double DistanceToInput);

    /// <summary>True when a LUT changes an image so little that no check can tell (nothing to verify).</summary>
    public const double MinimumVisibleChange = 1.0 / 255;

    public static Verdict Compare(RgbImage input, RgbImage exported, Lut lut, int stride = 4)
    {
        if (input.Width != exported.Width || input.Height != exported.Height)
            throw new InvalidOperationException($"export is {exported.Width}×{exported.Height}, input {input.Width}×{input.Height}");
        var a = ImageConvert.ToType(input, SampleType.Float32).Samples<float>();
        var b = ImageConvert.ToType(exported, SampleType.Float32).Samples<float>();
        double toLut = 0, toInput = 0;
        long n = 0;
        for (int y = 0; y < input.Height; y += stride)
            for (int x = 0; x < input.Width; x += stride)
            {
                int i = (y * input.Width + x) * 3;
                var src = new Vector3(a[i], a[i + 1], a[i + 2]);
                var outp = new Vector3(b[i], b[i + 1], b[i + 2]);
                var expected = Vector3.Clamp(lut.Evaluate(src), Vector3.Zero, Vector3.One);
                toLut += Vector3.Distance(outp, expected);
                toInput += Vector3.Distance(outp, src);
                n++;
            }
        toLut /= n;
        toInput /= n;
        return new Verdict(toLut < toInput, toLut, toInput);
    }

    /// <summary>Mean distance between the input and the input with the LUT applied (how much there is to see).</summary>
    public static double LutEffect(RgbImage input, Lut lut, int stride = 4)
    {
        var a = ImageConvert.ToType(input, SampleType.Float32).Samples<float>();
        double sum = 0;
        long n = 0;
        for (int y = 0; y < input.Height; y += stride)
            for (int x = 0; x < input.Width; x += stride)
            {
                int i = (y * input.Width + x) * 3;
                var src = new Vector3(a[i], a[i + 1], a[i + 2]);
                sum += Vector3.Distance(Vector3.Clamp(lut.Evaluate(src), Vector3.Zero, Vector3.One), src);
                n++;
            }
        return sum / n;
    }
}
