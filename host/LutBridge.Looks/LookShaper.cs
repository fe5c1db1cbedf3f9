namespace LutBridge.Looks;

/// <summary>
/// Optional per-channel input curve (for LUTs whose input is log-encoded): Knots values per
/// channel at inputs i/(Knots − 1), linearly interpolated; non-decreasing, inside [0, 1].
/// </summary>
public sealed class LookShaper
{
    public const int MinKnots = 2;
    public const int MaxKnots = 256;

    public int Knots { get; }

    /// <summary>Knot values, channel-major: channel c, knot i at c·Knots + i.</summary>
    public float[] Values { get; }

    public LookShaper(int knots, float[] values)
    {
        if (knots < MinKnots || knots > MaxKnots)
            throw new ArgumentOutOfRangeException(nameof(knots), knots, $"shaper knots must be {MinKnots}..{MaxKnots}");
        if (values.Length != 3 * knots)
            throw new ArgumentException($"expected {3 * knots} shaper values, got {values.Length}", nameof(values));
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < knots; i++)
            {
                float v = values[c * knots + i];
                if (!(v >= 0f && v <= 1f))
                    throw new ArgumentOutOfRangeException(nameof(values), $"shaper value {v} outside 0..1");
                if (i > 0 && v < values[c * knots + i - 1])
                    throw new ArgumentException("shaper curves must be non-decreasing", nameof(values));
            }
        Knots = knots;
        Values = values;
    }

    /// <summary>Channel <paramref name="channel"/> of the curve at x (clamped to [0, 1]).</summary>
    public double Apply(int channel, double x)
    {
        double t = Math.Clamp(x, 0.0, 1.0) * (Knots - 1);
        int i = Math.Min((int)t, Knots - 2);
        double f = t - i;
        int o = channel * Knots + i;
        return Values[o] + (Values[o + 1] - Values[o]) * f;
    }
}
