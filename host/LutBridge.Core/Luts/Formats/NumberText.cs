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
}
