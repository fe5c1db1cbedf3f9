namespace LutBridge.Core.Apply;

/// <summary>Interleaved samples ↔ planar float buffers (0..1 scale) for the float kernel.</summary>
internal static unsafe class PlanarRows
{
    public static void Load(byte* src, Imaging.SampleType type, float* r, float* g, float* b, int n)
    {
        switch (type)
        {
            case Imaging.SampleType.UInt8:
                for (int i = 0; i < n; i++, src += 3)
                {
                    r[i] = src[0] * (1f / 255f); g[i] = src[1] * (1f / 255f); b[i] = src[2] * (1f / 255f);
                }
                break;
            case Imaging.SampleType.UInt16:
                {
                    var s = (ushort*)src;
                    for (int i = 0; i < n; i++, s += 3)
                    {
                        r[i] = s[0] * (1f / 65535f); g[i] = s[1] * (1f / 65535f); b[i] = s[2] * (1f / 65535f);
                    }
                    break;
                }
            default:
                {
                    var s = (float*)src;
                    for (int i = 0; i < n; i++, s += 3)
                    {
                        r[i] = s[0]; g[i] = s[1]; b[i] = s[2];
                    }
                    break;
                }
        }
    }

    public static void Store(byte* dst, Imaging.SampleType type, float* r, float* g, float* b, int n)
    {
        switch (type)
        {
            case Imaging.SampleType.UInt8:
                for (int i = 0; i < n; i++, dst += 3)
                {
                    dst[0] = To8(r[i]); dst[1] = To8(g[i]); dst[2] = To8(b[i]);
                }
                break;
            case Imaging.SampleType.UInt16:
                {
                    var d = (ushort*)dst;
                    for (int i = 0; i < n; i++, d += 3)
                    {
                        d[0] = To16(r[i]); d[1] = To16(g[i]); d[2] = To16(b[i]);
                    }
                    break;
                }
            default:
                {
                    var d = (float*)dst;
                    for (int i = 0; i < n; i++, d += 3)
                    {
                        d[0] = r[i]; d[1] = g[i]; d[2] = b[i];
                    }
                    break;
                }
        }
    }

    // Saturating float→int conversion (NaN → 0) after adding 0.5: round half up for in-range values.
    private static byte To8(float v) => (byte)Math.Clamp((int)(v * 255f + 0.5f), 0, 255);

    private static ushort To16(float v) => (ushort)Math.Clamp((int)(v * 65535f + 0.5f), 0, 65535);
}
