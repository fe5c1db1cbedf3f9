using System.Globalization;
using LutBridge.Core.Luts;

namespace LutBridge.Core.Tests.Apply;

/// <summary>Minimal .cube text reading/writing for the tests (domain 0..1, no shaper) — independent of the product's parser.</summary>
internal static class TestCube
{
    public static Lattice3D Read(string path)
    {
        int size = 0;
        var values = new List<float>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("LUT_3D_SIZE")) size = int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            else if (char.IsDigit(line[0]) || line[0] == '-' || line[0] == '.')
                values.AddRange(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture)));
        }
        return new Lattice3D(size, values.ToArray());
    }

    public static void Write(string path, Lattice3D lut)
    {
        using var w = new StreamWriter(path);
        w.WriteLine($"LUT_3D_SIZE {lut.Size}");
        for (int i = 0; i < lut.Data.Length; i += 3)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lut.Data[i]:R} {lut.Data[i + 1]:R} {lut.Data[i + 2]:R}"));
    }

    /// <summary>A smooth, clearly non-identity LUT with channel crosstalk and values slightly outside 0..1.</summary>
    public static Lattice3D Synthetic(int size, int seed = 1)
    {
        var lut = new Lattice3D(size);
        var random = new Random(seed);
        float step = 1f / (size - 1);
        int i = 0;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    float x = r * step, y = g * step, z = b * step;
                    lut.Data[i++] = 0.9f * MathF.Sqrt(x) + 0.1f * y * z - 0.02f + 0.01f * random.NextSingle();
                    lut.Data[i++] = y * y * 0.8f + 0.25f * x * (1 - z) + 0.01f * random.NextSingle();
                    lut.Data[i++] = 1.05f * z * (0.7f + 0.3f * x) + 0.03f * MathF.Sin(6 * y);
                }
        return lut;
    }

    /// <summary><paramref name="lut"/> resampled to <paramref name="size"/> by the reference tetrahedral interpolation.</summary>
    public static Lattice3D Resample(Lattice3D lut, int size)
    {
        var result = new Lattice3D(size);
        int i = 0;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    var c = ReferenceInterpolation.Tetrahedral(lut, (double)r / (size - 1), (double)g / (size - 1), (double)b / (size - 1));
                    result.Data[i++] = (float)c.R; result.Data[i++] = (float)c.G; result.Data[i++] = (float)c.B;
                }
        return result;
    }
}
