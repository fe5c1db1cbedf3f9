namespace LutBridge.Core.Apply;

/// <summary>How a 3D lattice is interpolated between its entries.</summary>
public enum Interpolation
{
    /// <summary>Four entries of the tetrahedron around the colour (the grading-tool standard).</summary>
    Tetrahedral,
    /// <summary>Eight entries of the cube around the colour.</summary>
    Trilinear,
}
