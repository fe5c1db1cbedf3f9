using LutBridge.Core.Luts;
using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// A LUT's own lattice as an anchored residual: the offsets from each node's position to the LUT's
/// output there (clipped to [0, 1], as the Look's output is). With the tetrahedral kernel, which
/// interpolates as LUTs are interpolated, it reproduces the LUT between its nodes too. It is what a
/// LUT too sharp for any smooth lattice is stored as (log input and gamut clipping bend camera-log
/// LUTs within a cell); coarse-to-fine coding and the dead zone keep only the details that matter.
/// </summary>
internal sealed record ExactLattice(int Size, float[] Data)
{
    /// <summary>The lattice of a plain 3D LUT (no shaper, unit domain) the residual format can hold, else null.</summary>
    public static ExactLattice? Of(Lut lut)
    {
        if (!lut.IsPlainLattice) return null;
        var lattice = lut.Lattice!;
        int n = lattice.Size;
        if (n < LookResidual.MinSize || n > LookResidual.MaxSize) return null;
        var data = new float[3 * n * n * n];
        for (int b = 0, i = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++, i += 3)
                {
                    data[i] = Math.Clamp(lattice.Data[i], 0f, 1f) - r / (float)(n - 1);
                    data[i + 1] = Math.Clamp(lattice.Data[i + 1], 0f, 1f) - g / (float)(n - 1);
                    data[i + 2] = Math.Clamp(lattice.Data[i + 2], 0f, 1f) - b / (float)(n - 1);
                }
        return new ExactLattice(n, data);
    }
}
