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
internal sealed record ExactLattice(int Size, float[] Data, float[] Nodes)
{
    /// <summary>sRGB change the sensitivity is probed with.</summary>
    private const float Probe = 1f / 256;

    /// <summary>
    /// Per node and channel: the CIEDE2000 one sRGB unit of error there costs (the larger of a step up
    /// and down, clipped to [0, 1] as the Look's output is). Dark and saturated nodes cost several
    /// times what bright or clipped ones do, so a per-node tolerance lets the quantiser drop far more
    /// detail where the eye cannot see it than one dead zone for all.
    /// </summary>
    public double[] Sensitivity()
    {
        var nodes = Nodes;
        var result = new double[nodes.Length];
        Parallel.For(0, nodes.Length / 3, k =>
        {
            var t = new System.Numerics.Vector3(nodes[3 * k], nodes[3 * k + 1], nodes[3 * k + 2]);
            for (int c = 0; c < 3; c++)
            {
                double worst = 0;
                foreach (var sign in new[] { -1f, 1f })
                {
                    var moved = t;
                    moved[c] = Math.Clamp(t[c] + sign * Probe, 0f, 1f);
                    worst = Math.Max(worst, Core.Color.DeltaE.Ciede2000Srgb(t, moved));
                }
                result[3 * k + c] = worst / Probe;
            }
        });
        return result;
    }

    /// <summary>The lattice of a plain 3D LUT (no shaper, unit domain) the residual format can hold, else null.</summary>
    public static ExactLattice? Of(Lut lut)
    {
        if (!lut.IsPlainLattice) return null;
        var lattice = lut.Lattice!;
        int n = lattice.Size;
        if (n < LookResidual.MinSize || n > LookResidual.MaxSize) return null;
        var data = new float[3 * n * n * n];
        var nodes = new float[3 * n * n * n];
        for (int b = 0, i = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++, i += 3)
                {
                    for (int c = 0; c < 3; c++) nodes[i + c] = Math.Clamp(lattice.Data[i + c], 0f, 1f);
                    data[i] = nodes[i] - r / (float)(n - 1);
                    data[i + 1] = nodes[i + 1] - g / (float)(n - 1);
                    data[i + 2] = nodes[i + 2] - b / (float)(n - 1);
                }
        return new ExactLattice(n, data, nodes);
    }
}
