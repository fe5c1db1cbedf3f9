namespace LutBridge.Core.Luts;

/// <summary>How a 3D lattice is evaluated between its nodes.</summary>
public enum Interpolation
{
    /// <summary>Split the cell into 6 tetrahedra along its neutral diagonal (4 nodes per lookup; keeps greys neutral).</summary>
    Tetrahedral,
    /// <summary>Weighted mean of the cell's 8 corners.</summary>
    Trilinear,
}
