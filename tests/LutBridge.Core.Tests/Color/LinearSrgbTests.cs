using System.Numerics;
using LutBridge.Core.Color;

namespace LutBridge.Core.Tests.Color;

public class LinearSrgbTests
{
    [Fact]
    public void Derived_matrix_matches_the_IEC_61966_2_1_matrix()
    {
        // IEC 61966-2-1:1999 publishes the matrix to 4 decimals; its Z row was rounded from
        // the D65 of the time, hence the 3e-4 tolerance (only 0.9505 vs 0.9503 needs it).
        double[,] iec =
        {
            { 0.4124, 0.3576, 0.1805 },
            { 0.2126, 0.7152, 0.0722 },
            { 0.0193, 0.1192, 0.9505 },
        };
        var m = LinearSrgb.ToXyzMatrix;
        double[,] got = { { m.M11, m.M12, m.M13 }, { m.M21, m.M22, m.M23 }, { m.M31, m.M32, m.M33 } };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(iec[r, c], got[r, c], r == 2 && c == 2 ? 3e-4 : 1e-4);
    }

    [Fact]
    public void Luminance_row_matches_Rec709_luma_coefficients()
    {
        // ITU-R BT.709 luma weights, derived from the same primaries: 0.2126, 0.7152, 0.0722.
        Assert.Equal(0.2126, LinearSrgb.ToXyzMatrix.M21, 1e-4);
        Assert.Equal(0.7152, LinearSrgb.ToXyzMatrix.M22, 1e-4);
        Assert.Equal(0.0722, LinearSrgb.ToXyzMatrix.M23, 1e-4);
    }

    [Fact]
    public void White_maps_to_D65_and_round_trips()
    {
        var w = LinearSrgb.ToXyz(Vector3.One);
        Assert.Equal(0.3127 / 0.3290, w.X, 1e-6);
        Assert.Equal(1.0, w.Y, 1e-6);
        Assert.Equal((1 - 0.3127 - 0.3290) / 0.3290, w.Z, 1e-6);
        var rgb = new Vector3(0.2f, -0.1f, 1.7f);
        var back = LinearSrgb.FromXyz(LinearSrgb.ToXyz(rgb));
        Assert.Equal(rgb.X, back.X, 1e-6);
        Assert.Equal(rgb.Y, back.Y, 1e-6);
        Assert.Equal(rgb.Z, back.Z, 1e-6);
    }

    [Fact]
    public void Inverse_matrix_is_the_computed_inverse()
    {
        var p = LinearSrgb.ToXyzMatrix * LinearSrgb.FromXyzMatrix;
        Assert.Equal(Matrix3.Identity.M11, p.M11, 1e-12);
        Assert.Equal(0, p.M12, 1e-12);
        Assert.Equal(0, p.M31, 1e-12);
        Assert.Equal(1, p.M33, 1e-12);
    }
}
