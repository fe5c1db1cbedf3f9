namespace LutBridge.Core.Color;

/// <summary>
/// Published camera log encodings (code value in [0, 1] ↔ scene-linear) and their gamuts, as
/// their makers specify them. Used to build camera-log test LUTs (`lutbridge eval camera-luts`).
/// </summary>
public sealed record CameraLog(string Name, Func<double, double> Decode, Func<double, double> Encode,
    Chromaticity Red, Chromaticity Green, Chromaticity Blue, Chromaticity White)
{
    /// <summary>ACES white (ACES TB-2014-004), about D60.</summary>
    public static Chromaticity AcesWhite { get; } = new(0.32168, 0.33767);

    /// <summary>ACEScct (Academy S-2016-001) on AP1 primaries.</summary>
    public static CameraLog AcesCct { get; } = new("acescct",
        cv => cv <= 0.155251141552511 ? (cv - 0.0729055341958355) / 10.5402377416545 : Math.Pow(2, cv * 17.52 - 9.72),
        lin => lin <= 0.0078125 ? 10.5402377416545 * lin + 0.0729055341958355 : (Math.Log2(lin) + 9.72) / 17.52,
        new(0.713, 0.293), new(0.165, 0.830), new(0.128, 0.044), AcesWhite);

    private const double AppleR0 = -0.05641088, AppleRt = 0.01, AppleC = 47.28711236, AppleB = 0.00964052, AppleGamma = 0.08550479, AppleBeta = 0.69336945;

    /// <summary>Apple Log (Apple Log Profile White Paper, 2023) on Rec. 2020 primaries.</summary>
    public static CameraLog AppleLog { get; } = new("applelog",
        cv => cv >= AppleC * (AppleRt - AppleR0) * (AppleRt - AppleR0)
            ? Math.Pow(2, (cv - AppleBeta) / AppleGamma) - AppleB
            : Math.Sqrt(Math.Max(cv, 0) / AppleC) + AppleR0,
        lin => lin >= AppleRt ? AppleGamma * Math.Log2(lin + AppleB) + AppleBeta : lin >= AppleR0 ? AppleC * (lin - AppleR0) * (lin - AppleR0) : 0,
        new(0.708, 0.292), new(0.170, 0.797), new(0.131, 0.046), Chromaticity.D65);

    /// <summary>Sony S-Log3 (Sony technical summary for S-Gamut3.Cine/S-Log3) on S-Gamut3.Cine.</summary>
    public static CameraLog SLog3 { get; } = new("slog3",
        cv => cv >= 171.2102946929 / 1023
            ? Math.Pow(10, (cv * 1023 - 420) / 261.5) * (0.18 + 0.01) - 0.01
            : (cv * 1023 - 95) * 0.01125 / (171.2102946929 - 95),
        lin => lin >= 0.01125
            ? (420 + Math.Log10((lin + 0.01) / (0.18 + 0.01)) * 261.5) / 1023
            : (lin * (171.2102946929 - 95) / 0.01125 + 95) / 1023,
        new(0.766, 0.275), new(0.225, 0.800), new(0.089, -0.087), Chromaticity.D65);

    private const double LogCCut = 0.010591, LogCA = 5.555556, LogCB = 0.052272, LogCC = 0.247190, LogCD = 0.385537, LogCE = 5.367655, LogCF = 0.092809;

    /// <summary>ARRI LogC3 at EI 800 (ARRI "ALEXA Log C Curve", 2017) on ARRI Wide Gamut 3.</summary>
    public static CameraLog LogC3 { get; } = new("logc3",
        cv => cv > LogCE * LogCCut + LogCF ? (Math.Pow(10, (cv - LogCD) / LogCC) - LogCB) / LogCA : (cv - LogCF) / LogCE,
        lin => lin > LogCCut ? LogCC * Math.Log10(LogCA * lin + LogCB) + LogCD : LogCE * lin + LogCF,
        new(0.6840, 0.3130), new(0.2210, 0.8480), new(0.0861, -0.1020), Chromaticity.D65);

    /// <summary>ACES2065-1 (SMPTE ST 2065-1): scene-linear on AP0 primaries, no curve at all.</summary>
    public static CameraLog AcesAp0Linear { get; } = new("acesap0",
        cv => cv,
        lin => lin,
        new(0.7347, 0.2653), new(0.0000, 1.0000), new(0.0001, -0.0770), AcesWhite);

    private const double RommLinearCut = 1.0 / 512;

    /// <summary>D50, the white of ProPhoto (ROMM) RGB (ISO 22028-2).</summary>
    public static Chromaticity D50 { get; } = new(0.3457, 0.3585);

    /// <summary>ProPhoto (ROMM) RGB (ISO 22028-2): a 1/1.8 power with a linear toe below 1/512, on ROMM primaries, D50.</summary>
    public static CameraLog ProPhoto { get; } = new("prophoto",
        cv => cv < 16 * RommLinearCut ? cv / 16 : Math.Pow(cv, 1.8),
        lin => lin < RommLinearCut ? 16 * lin : Math.Pow(Math.Max(lin, 0), 1 / 1.8),
        new(0.7347, 0.2653), new(0.1596, 0.8404), new(0.0366, 0.0001), D50);

    /// <summary>
    /// Every encoding `eval camera-luts` builds test LUTs from and decompose's camera stage knows:
    /// four log curves, ACES's scene-linear interchange space and ProPhoto, the two other input
    /// sides camera-to-film LUTs are made for.
    /// </summary>
    public static IReadOnlyList<CameraLog> All { get; } = [AcesCct, AppleLog, SLog3, LogC3, AcesAp0Linear, ProPhoto];

    /// <summary>
    /// Linear camera RGB → linear Rec. 709 / sRGB: through XYZ, with a Bradford adaptation from the
    /// encoding's white to D65 when they differ (ACES).
    /// </summary>
    public Matrix3 ToLinearSrgb()
    {
        var toXyz = LinearSrgb.RgbToXyz(Red, Green, Blue, White);
        if (White != Chromaticity.D65) toXyz = Bradford(White, Chromaticity.D65) * toXyz;
        return LinearSrgb.FromXyzMatrix * toXyz;
    }

    private static readonly Matrix3 BradfordCone = new(0.8951, 0.2664, -0.1614, -0.7502, 1.7135, 0.0367, 0.0389, -0.0685, 1.0296);

    /// <summary>Bradford chromatic adaptation (XYZ → XYZ) from one white to another.</summary>
    public static Matrix3 Bradford(Chromaticity from, Chromaticity to)
    {
        var (sx, sy, sz) = BradfordCone.Transform(from.ToXyzUnitY().X, 1, from.ToXyzUnitY().Z);
        var (dx, dy, dz) = BradfordCone.Transform(to.ToXyzUnitY().X, 1, to.ToXyzUnitY().Z);
        return BradfordCone.Inverse() * Matrix3.Diagonal(dx / sx, dy / sy, dz / sz) * BradfordCone;
    }
}
