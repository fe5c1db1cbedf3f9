namespace LutBridge.Core.Imaging;

/// <summary>Sample-type conversions between the depths of <see cref="RgbImage"/>.</summary>
public static class ImageConvert
{
    /// <summary>A copy of <paramref name="source"/> with samples of <paramref name="type"/> (rounded, clamped).</summary>
    public static RgbImage ToType(RgbImage source, SampleType type)
    {
        var result = new RgbImage(source.Width, source.Height, type);
        if (type == source.Type)
        {
            source.Data.CopyTo(result.Data, 0);
            return result;
        }
        int n = (int)(source.PixelCount * 3);
        var floats = source.Type == SampleType.Float32 ? source.Samples<float>() : new float[n];
        if (source.Type == SampleType.UInt8)
        {
            var s = source.Samples<byte>();
            for (int i = 0; i < n; i++) floats[i] = s[i] / 255f;
        }
        else if (source.Type == SampleType.UInt16)
        {
            var s = source.Samples<ushort>();
            for (int i = 0; i < n; i++) floats[i] = s[i] / 65535f;
        }
        switch (type)
        {
            case SampleType.Float32:
                floats.CopyTo(result.Samples<float>());
                break;
            case SampleType.UInt16:
                {
                    var d = result.Samples<ushort>();
                    for (int i = 0; i < n; i++) d[i] = ToUInt16(floats[i]);
                    break;
                }
            default:
                {
                    var d = result.Samples<byte>();
                    for (int i = 0; i < n; i++) d[i] = ToUInt8(floats[i]);
                    break;
                }
        }
        return result;
    }

    public static byte ToUInt8(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);

    public static ushort ToUInt16(float v) => (ushort)Math.Clamp(MathF.Round(v * 65535f), 0f, 65535f);
}
