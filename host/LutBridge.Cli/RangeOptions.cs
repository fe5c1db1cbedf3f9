using System.CommandLine;
using LutBridge.Core;

namespace LutBridge.Cli;

/// <summary>
/// CLI flags made from the engines' option ranges (<see cref="NumberRange"/>, <see cref="IntRange"/>),
/// so a flag, its default and its range are the ones RPC reads: the flag is the key with '-' for '_'
/// (max_de is --max-de). An engine's <see cref="OptionException"/> names the key; <see cref="Flag"/>
/// says it the CLI's way.
/// </summary>
internal static class RangeOptions
{
    public static string Flag(string key) => "--" + key.Replace('_', '-');

    /// <summary>A number flag with the range's default; <paramref name="description"/> gets the range and default appended.</summary>
    public static Option<double> Number(NumberRange range, string description) =>
        new(Flag(range.Key)) { Description = $"{description} ({range.Text}, default {range.Default})", DefaultValueFactory = _ => range.Default };

    /// <summary>A number flag whose default the command picks (null when not given).</summary>
    public static Option<double?> OptionalNumber(NumberRange range, string description) =>
        new(Flag(range.Key)) { Description = $"{description} ({range.Text})" };

    public static Option<int> Int(IntRange range, string description) =>
        new(Flag(range.Key)) { Description = $"{description} ({range.Text}, default {range.Default})", DefaultValueFactory = _ => range.Default };

    public static Option<int?> OptionalInt(IntRange range, string description) =>
        new(Flag(range.Key)) { Description = $"{description} ({range.Text})" };
}
