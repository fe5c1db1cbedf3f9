namespace LutBridge.Core.Luts;

/// <summary>How a LUT is written (LutFiles.LutFile.Write and the formats it calls).</summary>
public sealed record LutWriteOptions
{
    public static LutWriteOptions Default { get; } = new();

    /// <summary>Lattice size to resample to; null keeps the LUT's size when the format can hold it.</summary>
    public int? Size { get; init; }

    /// <summary>Replaces the LUT's title when set.</summary>
    public string? Title { get; init; }

    /// <summary>Integer output depth of .3dl files: 10, 12 or 16 bit.</summary>
    public int ThreeDlOutputBits { get; init; } = 16;

    /// <summary>Sample depth of HaldCLUT PNGs: 8 or 16 bit.</summary>
    public int HaldBits { get; init; } = 16;

    /// <summary>Interpolation used when resampling.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Tetrahedral;
}
