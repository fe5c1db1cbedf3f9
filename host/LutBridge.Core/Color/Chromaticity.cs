namespace LutBridge.Core.Color;

/// <summary>CIE 1931 xy chromaticity and the standard points LutBridge uses.</summary>
public readonly record struct Chromaticity(double X, double Y)
{
    /// <summary>D65 white as specified for sRGB / Rec. 709 (IEC 61966-2-1, ITU-R BT.709).</summary>
    public static Chromaticity D65 { get; } = new(0.3127, 0.3290);

    /// <summary>XYZ of this chromaticity scaled to luminance Y = 1.</summary>
    public (double X, double Y, double Z) ToXyzUnitY() => (X / Y, 1.0, (1.0 - X - Y) / Y);
}
