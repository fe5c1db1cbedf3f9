using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Distil;

/// <summary>
/// Corresponding colours of the two images: interleaved sRGB floats in [0, 1], one before
/// colour and one after colour per trusted correspondence.
/// </summary>
public sealed class PixelPairs
{
    public float[] Before { get; }
    public float[] After { get; }
    public int Count => Before.Length / 3;

    public PixelPairs(float[] before, float[] after)
    {
        if (before.Length != after.Length || before.Length % 3 != 0)
            throw new ArgumentException("before and after must hold the same number of RGB triples");
        (Before, After) = (before, after);
    }

    /// <summary>The pairs where <paramref name="keep"/> is true (same order).</summary>
    public PixelPairs Where(bool[] keep)
    {
        int n = 0;
        foreach (var k in keep) if (k) n++;
        var b = new float[3 * n];
        var a = new float[3 * n];
        for (int i = 0, j = 0; i < keep.Length; i++)
        {
            if (!keep[i]) continue;
            Array.Copy(Before, 3 * i, b, 3 * j, 3);
            Array.Copy(After, 3 * i, a, 3 * j, 3);
            j++;
        }
        return new PixelPairs(b, a);
    }

    /// <summary>At most <paramref name="max"/> pairs, every k-th (deterministic).</summary>
    public PixelPairs Strided(int max)
    {
        if (Count <= max) return this;
        int stride = (Count + max - 1) / max;
        var keep = new bool[Count];
        for (int i = 0; i < Count; i += stride) keep[i] = true;
        return Where(keep);
    }
}

/// <summary>Image ↔ float pixel helpers.</summary>
public static class Pixels
{
    /// <summary>An image's samples as interleaved floats in [0, 1].</summary>
    public static float[] ToFloats(RgbImage image)
    {
        var f = ImageConvert.ToType(image, SampleType.Float32).Samples<float>().ToArray();
        for (int i = 0; i < f.Length; i++) f[i] = Math.Clamp(float.IsFinite(f[i]) ? f[i] : 0f, 0f, 1f);
        return f;
    }

    /// <summary>An 8-bit image from interleaved floats in [0, 1].</summary>
    public static RgbImage ToImage(float[] rgb, int width, int height)
    {
        var image = new RgbImage(width, height, SampleType.UInt8);
        var d = image.Data;
        for (int i = 0; i < d.Length; i++) d[i] = ImageConvert.ToUInt8(rgb[i]);
        return image;
    }
}
