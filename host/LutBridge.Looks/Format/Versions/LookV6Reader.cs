using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// .look version 6: version 4's coding (cubic B-spline residual) between the version and the title,
/// then a seventh item, the camera stage (<see cref="CameraStageCoding"/>, docs/look.md step 0).
/// </summary>
internal static class LookV6Reader
{
    public static LookBody Read(ref MessagePackReader r) =>
        LookV4Reader.ReadRangeCoded(ref r, LookCodec.CameraStageVersion, ResidualKernel.CubicBSpline);

    /// <summary>The seventh item, after the title.</summary>
    public static LookCameraStage ReadStage(ref MessagePackReader r) => CameraStageCoding.Read(ref r);
}
