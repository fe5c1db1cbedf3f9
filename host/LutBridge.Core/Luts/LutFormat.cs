namespace LutBridge.Core.Luts;

/// <summary>LUT file formats LutBridge knows, and which of them it can write.</summary>
public enum LutFormat
{
    Unknown,
    /// <summary>.cube, Resolve and IRIDAS variants (read + write).</summary>
    Cube,
    /// <summary>.3dl, Autodesk Lustre / Flame integer mesh (read + write).</summary>
    ThreeDl,
    /// <summary>.png HaldCLUT (read + write) or GPUImage 512×512 lookup (read).</summary>
    Png,
    /// <summary>.csp Cinespace (read).</summary>
    Cinespace,
    /// <summary>.spi1d Sony Imageworks 1D (read).</summary>
    Spi1d,
    /// <summary>.spi3d Sony Imageworks 3D (read).</summary>
    Spi3d,
    /// <summary>.spimtx Sony Imageworks 3×4 matrix (read).</summary>
    Spimtx,
}
