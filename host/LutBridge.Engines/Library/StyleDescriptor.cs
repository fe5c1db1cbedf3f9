using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Looks;

namespace LutBridge.Engines.Library;

/// <summary>
/// A colour-style descriptor: what a Look does to a fixed palette of probe colours, as OKLab
/// differences (output − probe), probe by probe. Photos (through the grade the match engine
/// estimates for them), LUTs and Looks all land in the same space, so "nearest style" is a plain
/// Euclidean distance, and the distance divided by √probes is the mean OKLab shift between two
/// grades on the palette. Neutral (the identity) is the zero vector.
/// </summary>
public static class StyleDescriptor
{
    /// <summary>The name stored in the library index; a new palette gets a new name.</summary>
    public const string Name = "oklab-probes-v1";

    /// <summary>
    /// The probe palette in OKLab: six greys (black to white) and the eight hue-band centres at
    /// two lightnesses, chroma 0.08 (inside sRGB for every hue at these lightnesses).
    /// </summary>
    public static IReadOnlyList<Vector3> ProbesOklab { get; } = BuildProbes();

    /// <summary>The probes as sRGB (what a Look is evaluated on).</summary>
    public static IReadOnlyList<Vector3> ProbesSrgb { get; } =
        ProbesOklab.Select(p => Vector3.Clamp(Oklab.ToSrgb(p), Vector3.Zero, Vector3.One)).ToArray();

    public static int Length => 3 * ProbesOklab.Count;

    private static Vector3[] BuildProbes()
    {
        var list = new List<Vector3>();
        foreach (var l in new[] { 0.12f, 0.3f, 0.45f, 0.6f, 0.75f, 0.92f }) list.Add(new Vector3(l, 0, 0));
        foreach (var l in new[] { 0.5f, 0.75f })
            for (int band = 0; band < LookParameters.BandCount; band++)
            {
                double h = LookParameters.BandHueDegrees(band) * Math.PI / 180;
                list.Add(new Vector3(l, (float)(0.08 * Math.Cos(h)), (float)(0.08 * Math.Sin(h))));
            }
        return list.ToArray();
    }

    /// <summary>The descriptor of <paramref name="look"/>: OKLab(look(probe)) − OKLab(probe) for every probe, flattened.</summary>
    public static float[] Of(Look look)
    {
        var processor = new LookProcessor(look);
        var result = new float[Length];
        for (int i = 0; i < ProbesSrgb.Count; i++)
        {
            var x = ProbesSrgb[i];
            var (r, g, b) = processor.Apply(x.X, x.Y, x.Z);
            var before = Oklab.FromSrgb(x);
            var after = Oklab.FromSrgb(new Vector3((float)r, (float)g, (float)b));
            var d = after - before;
            result[3 * i] = d.X; result[3 * i + 1] = d.Y; result[3 * i + 2] = d.Z;
        }
        return result;
    }

    /// <summary>Root-mean-square OKLab distance per probe between two descriptors (0 = the same grade on the palette).</summary>
    public static double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"descriptors differ in length ({x.Length} and {y.Length})");
        double s = 0;
        for (int i = 0; i < x.Length; i++) { double d = x[i] - y[i]; s += d * d; }
        return Math.Sqrt(s / (x.Length / 3));
    }
}
