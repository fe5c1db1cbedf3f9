namespace LutBridge.Core.Color;

/// <summary>
/// Piecewise-linear tables of the sRGB transfer functions over 0..1 for batch kernels.
/// Decode: 4096 intervals (interpolation error below 2e-8). Encode: 65536 intervals, fine
/// enough for the steep power segment just above the linear part (error below 1e-7).
/// Inputs outside 0..1, and NaN, fall back to the exact scalar functions.
/// </summary>
internal static class SrgbTables
{
    private const int DecodeIntervals = 4096;
    private const int EncodeIntervals = 65536;

    // One extra entry past the end so x = 1 interpolates without a branch.
    private static readonly float[] DecodeTable = Build(DecodeIntervals, Srgb.Decode);
    private static readonly float[] EncodeTable = Build(EncodeIntervals, Srgb.Encode);

    public static float Decode(float x) => x >= 0f && x <= 1f ? Lookup(DecodeTable, DecodeIntervals, x) : Srgb.Decode(x);

    public static float Encode(float x) => x >= 0f && x <= 1f ? Lookup(EncodeTable, EncodeIntervals, x) : Srgb.Encode(x);

    private static float Lookup(float[] table, int intervals, float x)
    {
        float t = x * intervals;
        int i = (int)t;
        float frac = t - i;
        float a = table[i];
        return a + frac * (table[i + 1] - a);
    }

    private static float[] Build(int intervals, Func<float, float> f)
    {
        var table = new float[intervals + 2];
        for (int i = 0; i <= intervals; i++)
            table[i] = (float)f((float)((double)i / intervals));
        table[intervals + 1] = table[intervals];
        return table;
    }
}
