using MessagePack;

namespace LutBridge.Looks;

/// <summary>.look version 5: version 4's coding with a tetrahedral residual (a LUT's own lattice, interpolated as LUTs are).</summary>
internal static class LookV5Reader
{
    public static LookBody Read(ref MessagePackReader r) =>
        LookV4Reader.ReadRangeCoded(ref r, LookCodec.TetrahedralVersion, ResidualKernel.Tetrahedral);
}
