using System.Runtime.CompilerServices;
using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>Colour differences. Lab triples are Vector3 (L, a, b).</summary>
public static class DeltaE
{
    private const double Pow25To7 = 6103515625.0; // 25^7

    /// <summary>
    /// CIEDE2000 (CIE 142-2001) between two CIELAB colours, with kL = kC = kH = 1, following
    /// the implementation notes of G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000
    /// color-difference formula: implementation notes, supplementary test data, and
    /// mathematical observations", Color Res. Appl. 30(1), 2005. Symmetric in its arguments;
    /// NaN input gives NaN.
    /// </summary>
    public static double Ciede2000(Vector3 lab1, Vector3 lab2) =>
        Ciede2000(lab1.X, lab1.Y, lab1.Z, lab2.X, lab2.Y, lab2.Z);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Ciede2000(double l1, double a1, double b1, double l2, double a2, double b2)
    {
        // Step 1: adjusted a', C', h' (h in degrees, 0..360).
        double cStarMean = (Math.Sqrt(a1 * a1 + b1 * b1) + Math.Sqrt(a2 * a2 + b2 * b2)) / 2;
        double c7 = Math.Pow(cStarMean, 7);
        double g = 0.5 * (1 - Math.Sqrt(c7 / (c7 + Pow25To7)));
        double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
        double c1p = Math.Sqrt(a1p * a1p + b1 * b1), c2p = Math.Sqrt(a2p * a2p + b2 * b2);
        double h1p = HueDegrees(b1, a1p), h2p = HueDegrees(b2, a2p);

        // Step 2: differences ΔL', ΔC', ΔH'.
        double dLp = l2 - l1;
        double dCp = c2p - c1p;
        double dhp = 0;
        bool chromatic = c1p * c2p != 0;
        if (chromatic)
        {
            dhp = h2p - h1p;
            if (dhp > 180) dhp -= 360;
            else if (dhp < -180) dhp += 360;
        }
        double dHp = 2 * Math.Sqrt(c1p * c2p) * Math.Sin(Radians(dhp / 2));

        // Step 3: weighting functions and the rotation term.
        double lMean = (l1 + l2) / 2;
        double cMean = (c1p + c2p) / 2;
        double hMean = h1p + h2p;
        if (chromatic)
        {
            if (Math.Abs(h1p - h2p) <= 180) hMean /= 2;
            else if (hMean < 360) hMean = (hMean + 360) / 2;
            else hMean = (hMean - 360) / 2;
        }
        double t = 1 - 0.17 * Math.Cos(Radians(hMean - 30)) + 0.24 * Math.Cos(Radians(2 * hMean))
                     + 0.32 * Math.Cos(Radians(3 * hMean + 6)) - 0.20 * Math.Cos(Radians(4 * hMean - 63));
        double dTheta = 30 * Math.Exp(-Math.Pow((hMean - 275) / 25, 2));
        double cMean7 = Math.Pow(cMean, 7);
        double rc = 2 * Math.Sqrt(cMean7 / (cMean7 + Pow25To7));
        double l50 = (lMean - 50) * (lMean - 50);
        double sl = 1 + 0.015 * l50 / Math.Sqrt(20 + l50);
        double sc = 1 + 0.045 * cMean;
        double sh = 1 + 0.015 * cMean * t;
        double rt = -Math.Sin(Radians(2 * dTheta)) * rc;

        double tl = dLp / sl, tc = dCp / sc, th = dHp / sh;
        return Math.Sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
    }

    /// <summary>CIEDE2000 between two sRGB-encoded colours (0..1), via CIELAB D65.</summary>
    public static double Ciede2000Srgb(Vector3 srgbA, Vector3 srgbB) =>
        Ciede2000(Cielab.FromSrgb(srgbA), Cielab.FromSrgb(srgbB));

    /// <summary>Euclidean distance in OKLab (ΔEok; multiply by 100 for a JND-like scale near 1–2).</summary>
    public static double Oklab(Vector3 lab1, Vector3 lab2) => Vector3.Distance(lab1, lab2);

    /// <summary>
    /// CIEDE2000 statistics over two interleaved sRGB-encoded buffers of the same length
    /// (a multiple of 3): mean, max and 99th percentile (nearest rank). Runs on all cores
    /// for large inputs. Empty input gives zeros with Count 0.
    /// </summary>
    public static DeltaEStats Ciede2000SrgbStats(ReadOnlySpan<float> srgbA, ReadOnlySpan<float> srgbB)
    {
        if (srgbA.Length != srgbB.Length)
            throw new ArgumentException($"buffers differ in length ({srgbA.Length} vs {srgbB.Length})");
        if (srgbA.Length % 3 != 0)
            throw new ArgumentException($"interleaved RGB length must be a multiple of 3, got {srgbA.Length}");
        int n = srgbA.Length / 3;
        if (n == 0) return new DeltaEStats(0, 0, 0, 0);
        var a = srgbA.ToArray();
        var b = srgbB.ToArray();
        var values = new double[n];
        Parallel.For(0, (n + 4095) / 4096, chunk =>
        {
            int end = Math.Min(n, (chunk + 1) * 4096);
            for (int i = chunk * 4096; i < end; i++)
                values[i] = Ciede2000Srgb(new Vector3(a[3 * i], a[3 * i + 1], a[3 * i + 2]), new Vector3(b[3 * i], b[3 * i + 1], b[3 * i + 2]));
        });
        return DeltaEStats.From(values);
    }

    private static double HueDegrees(double b, double aPrime)
    {
        if (b == 0 && aPrime == 0) return 0;
        double h = Math.Atan2(b, aPrime) * (180 / Math.PI);
        return h < 0 ? h + 360 : h;
    }

    private static double Radians(double degrees) => degrees * (Math.PI / 180);
}
