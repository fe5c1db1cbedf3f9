using LutBridge.Core.Luts;

namespace LutBridge.Looks;

/// <summary>Renders a Look into a lattice of any size (compiled once, parallel over blue slices).</summary>
public static class LookBaker
{
    public const int DefaultSize = 33;

    /// <summary>The size option of a bake: any lattice size, <see cref="DefaultSize"/> by default.</summary>
    public static readonly Core.IntRange SizeRange = Lattice3D.SizeRange with { Default = DefaultSize };

    public static Lattice3D Bake(Look look, int size = DefaultSize)
    {
        var lattice = new Lattice3D(size);
        var processor = new LookProcessor(look);
        var data = lattice.Data;
        double step = 1.0 / (size - 1);
        Parallel.For(0, size, b =>
        {
            int i = b * size * size * 3;
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    var (R, G, B) = processor.Apply(r * step, g * step, b * step);
                    data[i++] = (float)R;
                    data[i++] = (float)G;
                    data[i++] = (float)B;
                }
        });
        return lattice;
    }

    /// <summary>Evaluates a Look at interleaved sRGB points (parallel; each output written once).</summary>
    public static float[] Evaluate(Look look, ReadOnlySpan<float> rgb)
    {
        var input = rgb.ToArray();
        var output = new float[input.Length];
        var processor = new LookProcessor(look);
        int points = input.Length / 3;
        Parallel.For(0, (points + 4095) / 4096, chunk =>
        {
            int end = Math.Min(points, (chunk + 1) * 4096);
            for (int p = chunk * 4096; p < end; p++)
            {
                var (R, G, B) = processor.Apply(input[3 * p], input[3 * p + 1], input[3 * p + 2]);
                output[3 * p] = (float)R;
                output[3 * p + 1] = (float)G;
                output[3 * p + 2] = (float)B;
            }
        });
        return output;
    }
}
