using System.Globalization;

namespace LutBridge.Core.Luts.Formats;

/// <summary>Formatting of numbers in text LUTs.</summary>
internal static class NumberText
{
    /// <summary>
    /// The shortest text that reads back as the same float (up to 9 significant digits, so
    /// never fewer than the value holds), without exponent notation, which some LUT readers
    /// reject. Negative zero is written as 0.
    /// </summary>
    public static string Float(float v)
    {
        if (v == 0) return "0";
        var s = v.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('E')) return s;
        // Tiny or huge magnitudes: fixed notation with enough decimals for 9 significant digits.
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs((double)v)));
        int decimals = Math.Clamp(8 - exponent, 0, 60);
        var text = ((double)v).ToString("F" + decimals, CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>
    /// Writes <see cref="Float"/>'s text of <paramref name="v"/> into <paramref name="destination"/>
    /// (at least <see cref="MaxFloatChars"/> long) without allocating; returns the characters written.
    /// </summary>
    public static int WriteFloat(float v, Span<char> destination)
    {
        if (v == 0) { destination[0] = '0'; return 1; }
        if (v.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture) && destination[..written].IndexOf('E') < 0)
            return written;
        var slow = Float(v); // tiny or huge magnitudes: rare
        slow.CopyTo(destination);
        return slow.Length;
    }

    /// <summary>Longest text <see cref="WriteFloat"/> writes for a float (fixed notation of ±3.4e38 with 9 digits).</summary>
    public const int MaxFloatChars = 64;
}
