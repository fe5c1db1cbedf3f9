namespace LutBridge.Core.Luts;

/// <summary>Adapting a LUT to formats that hold only a plain lattice over the unit cube.</summary>
public static class LutConversion
{
    /// <summary>
    /// <paramref name="lut"/> as a plain unit-cube lattice of the asked size (or its own):
    /// shaper, domain and 1D tables are baked in by sampling; each change is noted.
    /// </summary>
    public static Lut ToPlain(Lut lut, LutWriteOptions options, LutWriteReport report, string formatName)
    {
        int size = options.Size ?? lut.Lattice?.Size ?? Lut.DefaultLatticeSize;
        if (lut.IsPlainLattice && lut.Lattice!.Size == size) return lut;
        if (!lut.Is3D) report.Add($"1D LUT baked into a {size}³ lattice for {formatName}");
        else if (!lut.IsPlainLattice) report.Add($"shaper/domain baked into a plain {size}³ lattice for {formatName} (inputs outside 0..1 no longer covered)");
        else report.Add($"resampled {lut.Lattice!.Size}³ → {size}³");
        return lut.ToPlainLattice(size, options.Interpolation);
    }
}
