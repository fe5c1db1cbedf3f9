namespace LutBridge.Core.Color;

/// <summary>Summary of a set of colour differences.</summary>
public readonly record struct DeltaEStats(double Mean, double Max, double P99, int Count)
{
    /// <summary>Mean, max and nearest-rank 99th percentile of the values (sorts the array in place).</summary>
    public static DeltaEStats From(double[] values)
    {
        if (values.Length == 0) return new DeltaEStats(0, 0, 0, 0);
        double sum = 0;
        foreach (var v in values) sum += v;
        Array.Sort(values);
        int rank = (int)Math.Ceiling(0.99 * values.Length);
        return new DeltaEStats(sum / values.Length, values[^1], values[Math.Max(0, rank - 1)], values.Length);
    }
}
