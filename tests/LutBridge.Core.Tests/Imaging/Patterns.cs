using LutBridge.Core.Imaging;

namespace LutBridge.Core.Tests.Imaging;

/// <summary>Test images with every sample value class represented.</summary>
internal static class Patterns
{
    public static RgbImage Noise(int width, int height, SampleType type, int seed)
    {
        var image = new RgbImage(width, height, type);
        var random = new Random(seed);
        switch (type)
        {
            case SampleType.UInt8:
                random.NextBytes(image.Data);
                break;
            case SampleType.UInt16:
                {
                    var s = image.Samples<ushort>();
                    for (int i = 0; i < s.Length; i++) s[i] = (ushort)random.Next(65536);
                    break;
                }
            default:
                {
                    var s = image.Samples<float>();
                    for (int i = 0; i < s.Length; i++) s[i] = random.NextSingle();
                    break;
                }
        }
        return image;
    }
}
