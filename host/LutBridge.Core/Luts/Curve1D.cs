namespace LutBridge.Core.Luts;

/// <summary>
/// One channel of a 1D LUT: a piecewise-linear curve through (input, output) samples.
/// Inputs are either uniform over [<see cref="DomainMin"/>, <see cref="DomainMax"/>]
/// (.cube, .spi1d) or explicit and non-decreasing (Cinespace pre-LUTs, 3dl meshes).
/// Outside its input range the curve holds its end values (clamps), as the .cube and
/// Cinespace specifications do. NaN input gives NaN.
/// </summary>
public sealed class Curve1D
{
    public const int MinSize = 2;
    public const int MaxSize = 65536;

    public float[] Outputs { get; }

    /// <summary>Explicit input positions, or null for uniform spacing over the domain.</summary>
    public float[]? Inputs { get; }

    public float DomainMin { get; }
    public float DomainMax { get; }

    public int Size => Outputs.Length;
    public bool IsUniform => Inputs is null;

    private Curve1D(float[] outputs, float[]? inputs, float min, float max)
    {
        if (outputs.Length < MinSize || outputs.Length > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs.Length, $"1D LUT size must be {MinSize}..{MaxSize}");
        if (!(min < max))
            throw new ArgumentException($"1D LUT domain must have min < max, got {min}..{max}");
        Outputs = outputs;
        Inputs = inputs;
        DomainMin = min;
        DomainMax = max;
    }

    /// <summary>Outputs sampled uniformly over [min, max].</summary>
    public static Curve1D Uniform(float[] outputs, float min = 0f, float max = 1f) => new(outputs, null, min, max);

    /// <summary>Outputs at explicit, non-decreasing inputs (at least two distinct).</summary>
    public static Curve1D Explicit(float[] inputs, float[] outputs)
    {
        if (inputs.Length != outputs.Length)
            throw new ArgumentException($"{inputs.Length} inputs but {outputs.Length} outputs");
        for (int i = 1; i < inputs.Length; i++)
            if (!(inputs[i] >= inputs[i - 1]))
                throw new ArgumentException($"1D LUT inputs must be non-decreasing (entry {i}: {inputs[i]} after {inputs[i - 1]})");
        return new(outputs, inputs, inputs[0], inputs[^1]);
    }

    /// <summary>The identity curve with <paramref name="size"/> uniform samples over [min, max].</summary>
    public static Curve1D Identity(int size, float min = 0f, float max = 1f)
    {
        var outputs = new float[size];
        for (int i = 0; i < size; i++) outputs[i] = min + (max - min) * i / (size - 1);
        return Uniform(outputs, min, max);
    }

    /// <summary>Input position of sample i.</summary>
    public float InputAt(int i) => Inputs?[i] ?? (float)(DomainMin + (DomainMax - (double)DomainMin) * i / (Size - 1));

    public float Evaluate(float x)
    {
        if (float.IsNaN(x)) return float.NaN;
        int n = Outputs.Length;
        if (Inputs is null)
        {
            double t = (x - (double)DomainMin) / (DomainMax - (double)DomainMin) * (n - 1);
            if (t <= 0) return Outputs[0];
            if (t >= n - 1) return Outputs[n - 1];
            int i = (int)t;
            double f = t - i;
            return (float)(Outputs[i] + f * (Outputs[i + 1] - (double)Outputs[i]));
        }
        var inputs = Inputs;
        if (x <= inputs[0]) return Outputs[0];
        if (x >= inputs[n - 1]) return Outputs[n - 1];
        // Largest i with inputs[i] <= x (x is strictly inside, so 0 <= i < n-1).
        int lo = 0, hi = n - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (inputs[mid] <= x) lo = mid; else hi = mid;
        }
        double span = inputs[hi] - (double)inputs[lo];
        if (span <= 0) return Outputs[hi];
        double frac = (x - (double)inputs[lo]) / span;
        return (float)(Outputs[lo] + frac * (Outputs[hi] - (double)Outputs[lo]));
    }

    /// <summary>This curve resampled to <paramref name="size"/> uniform samples over its input range.</summary>
    public Curve1D ToUniform(int size)
    {
        var outputs = new float[size];
        for (int i = 0; i < size; i++)
            outputs[i] = Evaluate((float)(DomainMin + (DomainMax - (double)DomainMin) * i / (size - 1)));
        return Uniform(outputs, DomainMin, DomainMax);
    }
}
