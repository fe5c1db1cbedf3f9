using System.Numerics;

namespace LutBridge.Core.Color;

/// <summary>
/// OKLCh, the polar form of <see cref="Oklab"/>: Vector3 holds (L, C, h) with chroma
/// C = √(a² + b²) ≥ 0 and hue h in DEGREES, 0 ≤ h &lt; 360 (h = 0 when C = 0).
/// <see cref="ToOklab"/> accepts any hue in degrees (wraps naturally).
/// </summary>
public static class Oklch
{
    public static Vector3 FromOklab(Vector3 lab)
    {
        double c = Math.Sqrt((double)lab.Y * lab.Y + (double)lab.Z * lab.Z);
        double h = c == 0 ? 0 : Math.Atan2(lab.Z, lab.Y) * (180.0 / Math.PI);
        if (h < 0) h += 360;
        if (h >= 360) h -= 360;
        return new(lab.X, (float)c, (float)h);
    }

    public static Vector3 ToOklab(Vector3 lch)
    {
        double h = lch.Z * (Math.PI / 180.0);
        return new(lch.X, (float)(lch.Y * Math.Cos(h)), (float)(lch.Y * Math.Sin(h)));
    }
}
