using System.Globalization;

namespace LutBridge.Core;

/// <summary>
/// A numeric option an engine takes — its key, range and default — defined once, beside the
/// engine. The RPC handlers read the key against it, the CLI makes its flag from it (the key with
/// '-' for '_': max_de is --max-de) and the engine checks values with it. A bad value is an
/// <see cref="OptionException"/> naming the key, never a CLI flag: each front end says it in its own words.
/// </summary>
public sealed record NumberRange(string Key, double Min, double Max, double Default)
{
    /// <summary>Whether <paramref name="value"/> is within Min..Max (NaN is not).</summary>
    public bool Contains(double value) => value >= Min && value <= Max;

    /// <summary><paramref name="value"/>, or an <see cref="OptionException"/> when it is outside the range.</summary>
    public double Check(double value) =>
        Contains(value) ? value : throw new OptionException(Key, $"must be in {Text}, got {value.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>"min..max", as messages and help texts show the range.</summary>
    public string Text => $"{Min.ToString(CultureInfo.InvariantCulture)}..{Max.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>An integer option: as <see cref="NumberRange"/>.</summary>
public sealed record IntRange(string Key, int Min, int Max, int Default)
{
    public bool Contains(long value) => value >= Min && value <= Max;

    public int Check(long value) =>
        Contains(value) ? (int)value : throw new OptionException(Key, $"must be in {Text}, got {value}");

    public string Text => $"{Min}..{Max}";
}

/// <summary>
/// A bad option value, named by its key (<see cref="NumberRange.Key"/>): the message is "key problem",
/// and a front end that names options otherwise (the CLI's --flags) says "its name + <see cref="Problem"/>".
/// </summary>
public sealed class OptionException(string key, string problem) : InputException($"{key} {problem}")
{
    public string Key { get; } = key;

    /// <summary>What is wrong, without the option's name ("must be in 0..1, got 2").</summary>
    public string Problem { get; } = problem;
}
