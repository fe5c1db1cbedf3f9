namespace LutBridge.Looks;

/// <summary>
/// One named slider of a Look: its stable index in the .look file, its range, neutral
/// value, unit and meaning, and the quantisation step used when it is serialised.
/// The table of all of them is <see cref="LookParameters"/>.
/// </summary>
public sealed record LookParameter(
    int Index,
    string Name,
    string Group,
    double Min,
    double Max,
    double Neutral,
    string Unit,
    double Step,
    string Description)
{
    /// <summary>True when <paramref name="value"/> lies inside [Min, Max] (NaN never does).</summary>
    public bool InRange(double value) => value >= Min && value <= Max;

    /// <summary>The value clamped to [Min, Max].</summary>
    public double Clamp(double value) => Math.Clamp(value, Min, Max);

    /// <summary>The serialised integer: the offset from neutral in steps.</summary>
    public long Quantise(double value) => (long)Math.Round((value - Neutral) / Step, MidpointRounding.AwayFromZero);

    public double Dequantise(long steps) => Neutral + steps * Step;

    /// <summary>The value as stored in a file: quantised and back, clamped to the range.</summary>
    public double RoundTrip(double value) => Clamp(Dequantise(Quantise(Clamp(value))));
}
