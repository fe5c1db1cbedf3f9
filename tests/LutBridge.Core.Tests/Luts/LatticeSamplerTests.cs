using System.Numerics;
using LutBridge.Core.Luts;

namespace LutBridge.Core.Tests.Luts;

public class LatticeSamplerTests
{
    private static Lattice3D RandomLattice(int size, int seed)
    {
        var rng = new Random(seed);
        var lattice = new Lattice3D(size);
        for (int i = 0; i < lattice.Data.Length; i++) lattice.Data[i] = rng.NextSingle();
        return lattice;
    }

    private static Vector3 Node(Lattice3D l, int r, int g, int b)
    {
        int i = l.Index(r, g, b);
        return new Vector3(l.Data[i], l.Data[i + 1], l.Data[i + 2]);
    }

    [Fact]
    public void Both_interpolations_return_node_values_at_nodes()
    {
        var l = RandomLattice(5, 1);
        for (int b = 0; b < 5; b++)
            for (int g = 0; g < 5; g++)
                for (int r = 0; r < 5; r++)
                {
                    var p = new Vector3(r, g, b) / 4f;
                    LutAssert.Near(Node(l, r, g, b), LatticeSampler.Tetrahedral(l, p), 1e-6);
                    LutAssert.Near(Node(l, r, g, b), LatticeSampler.Trilinear(l, p), 1e-6);
                }
    }

    [Fact]
    public void Trilinear_is_the_textbook_blend_of_eight_corners()
    {
        var l = RandomLattice(2, 2);
        var p = new Vector3(0.3f, 0.8f, 0.6f);
        Vector3 expected = Vector3.Zero;
        for (int b = 0; b < 2; b++)
            for (int g = 0; g < 2; g++)
                for (int r = 0; r < 2; r++)
                    expected += Node(l, r, g, b) * (r == 1 ? p.X : 1 - p.X) * (g == 1 ? p.Y : 1 - p.Y) * (b == 1 ? p.Z : 1 - p.Z);
        LutAssert.Near(expected, LatticeSampler.Trilinear(l, p), 1e-6);
    }

    [Theory]
    // For fractions ordered x ≥ y ≥ z the tetrahedron is 000-100-110-111 (Kasson et al. 1995):
    // (1 − x)·c000 + (x − y)·c100 + (y − z)·c110 + z·c111, and the same pattern for the other 5 orders.
    [InlineData(0.7f, 0.4f, 0.1f)]
    [InlineData(0.2f, 0.9f, 0.5f)]
    [InlineData(0.1f, 0.3f, 0.8f)]
    [InlineData(0.6f, 0.1f, 0.35f)]
    [InlineData(0.5f, 0.5f, 0.5f)]
    public void Tetrahedral_matches_the_textbook_formula(float x, float y, float z)
    {
        var l = RandomLattice(2, 3);
        var f = new[] { x, y, z };
        var axes = new[] { 0, 1, 2 }.OrderByDescending(a => f[a]).ToArray();
        var pos = new int[3];
        var expected = (1 - f[axes[0]]) * Node(l, 0, 0, 0);
        for (int k = 0; k < 3; k++)
        {
            pos[axes[k]] = 1;
            float next = k < 2 ? f[axes[k + 1]] : 0f;
            expected += (f[axes[k]] - next) * Node(l, pos[0], pos[1], pos[2]);
        }
        LutAssert.Near(expected, LatticeSampler.Tetrahedral(l, new Vector3(x, y, z)), 1e-6);
    }

    [Fact]
    public void Clamps_outside_the_cube_and_propagates_NaN()
    {
        var l = RandomLattice(3, 4);
        LutAssert.Near(Node(l, 2, 0, 2), LatticeSampler.Tetrahedral(l, new Vector3(5, -1, 1.5f)), 1e-6);
        Assert.True(float.IsNaN(LatticeSampler.Trilinear(l, new Vector3(float.NaN, 0, 0)).X));
        Assert.True(float.IsNaN(new Lut(l).Evaluate(new Vector3(0, float.NaN, 0)).X));
    }

    [Fact]
    public void Resampling_keeps_coinciding_nodes_exactly()
    {
        var lut = new Lut(RandomLattice(13, 5));
        var big = lut.Resample(25);
        for (int b = 0; b < 13; b++)
            for (int g = 0; g < 13; g++)
                for (int r = 0; r < 13; r++)
                    LutAssert.Near(Node(lut.Lattice!, r, g, b), Node(big, 2 * r, 2 * g, 2 * b), 1e-6);
    }
}
