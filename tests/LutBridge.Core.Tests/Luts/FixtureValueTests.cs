using System.Numerics;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;
using LutBridge.Core.Imaging.LutImages;

namespace LutBridge.Core.Tests.Luts;

/// <summary>Values the colour-science fixtures are documented to hold, checked through our readers.</summary>
public class FixtureValueTests
{
    // The IEC 61966-2-1 decoding formula taken literally (linear segment for every x ≤ 0.04045,
    // negatives included), as colour-science's eotf_sRGB generated these fixtures.
    private static double SrgbEotf(double x) => x <= 0.04045 ? x / 12.92 : Math.Pow((x + 0.055) / 1.055, 2.4);

    [Theory]
    [InlineData("resolve_cube", "RGB_1_0.5_0.25.cube")]
    [InlineData("iridas_cube", "RGB_1_0.5_0.25.cube")]
    [InlineData("cinespace", "RGB_1_0.5_0.25.csp")]
    public void RGB_1_half_quarter_scales_the_channels(string folder, string file)
    {
        var lut = LutFile.Read(LutAssert.Fixture(folder, file));
        foreach (var p in LutAssert.Points(200))
            foreach (var interp in new[] { Interpolation.Tetrahedral, Interpolation.Trilinear })
                LutAssert.Near(new Vector3(p.X, 0.5f * p.Y, 0.25f * p.Z), lut.Evaluate(p, interp), 2e-6, $"{file} {interp} at {p}");
    }

    [Theory]
    [InlineData("resolve_cube", "Unit.cube")]
    [InlineData("iridas_cube", "Unit.cube")]
    [InlineData("cinespace", "Unit.csp")]
    public void Unit_luts_are_the_identity(string folder, string file)
    {
        var lut = LutFile.Read(LutAssert.Fixture(folder, file));
        foreach (var p in LutAssert.Points(200))
            LutAssert.Near(p, lut.Evaluate(p), 2e-6, $"{file} at {p}");
    }

    [Theory]
    [InlineData("resolve_cube", "eotf_sRGB_3D.cube", -1f, 3f, -1f, 3f, -1f, 3f)]
    [InlineData("iridas_cube", "eotf_sRGB_3D.cube", -0.1f, 1.5f, -0.15f, 2f, -0.2f, 3f)]
    [InlineData("cinespace", "eotf_sRGB_3D.csp", -0.1f, 1.5f, -0.15f, 2f, -0.2f, 3f)]
    public void eotf_sRGB_3D_matches_the_sRGB_formula_at_every_node(string folder, string file,
        float rMin, float rMax, float gMin, float gMax, float bMin, float bMax)
    {
        var lut = LutFile.Read(LutAssert.Fixture(folder, file));
        Assert.Equal(new Vector3(rMin, gMin, bMin), lut.DomainMin);
        Assert.Equal(new Vector3(rMax, gMax, bMax), lut.DomainMax);
        var lattice = lut.Lattice!;
        int n = lattice.Size;
        var min = lut.DomainMin;
        var max = lut.DomainMax;
        for (int b = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    var input = min + (max - min) * new Vector3(r, g, b) / (n - 1);
                    var expected = new Vector3((float)SrgbEotf(input.X), (float)SrgbEotf(input.Y), (float)SrgbEotf(input.Z));
                    int i = lattice.Index(r, g, b);
                    var actual = new Vector3(lattice.Data[i], lattice.Data[i + 1], lattice.Data[i + 2]);
                    // 7 decimals / significant digits in the files (colour 0.3.11 wrote them).
                    var tol = 1e-7 + 1e-6 * Math.Abs(expected.Length());
                    LutAssert.Near(expected, actual, tol, $"{file} node {r},{g},{b}");
                    LutAssert.Near(actual, lut.Evaluate(input), 1e-5, $"{file} evaluated at node {r},{g},{b}");
                }
    }

    [Fact]
    public void Explicit_domain_csp_with_unequal_axis_sizes_is_read_on_a_common_lattice()
    {
        // 2×3×4 table holding R = r, G = g and B through 0, 0.33, 0.66, 1 at b = 0, ⅓, ⅔, 1,
        // behind identity pre-LUTs of 11, 6 and 5 points.
        var lut = LutFile.Read(LutAssert.Fixture("cinespace", "Explicit_Domain.csp"));
        static float Blue(float b) => b <= 1f / 3 ? b * 0.99f : b <= 2f / 3 ? 0.33f + (b - 1f / 3) * 0.99f : 0.66f + (b - 2f / 3) * 1.02f;
        foreach (var p in LutAssert.Points(200))
            LutAssert.Near(new Vector3(p.X, p.Y, Blue(p.Z)), lut.Evaluate(p), 2e-6, $"at {p}");
    }

    [Theory]
    [InlineData("eotf_sRGB_1D.spi1d")]
    [InlineData("eotf_sRGB_3x1D.spi1d")]
    public void Spi1d_sRGB_curves_match_the_formula(string file)
    {
        var lut = LutFile.Read(LutAssert.Fixture("sony_spi1d", file));
        var table = lut.Table1D!;
        Assert.Equal(-0.1f, table.Red.DomainMin);
        Assert.Equal(1.5f, table.Red.DomainMax);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < table[c].Size; i++)
                Assert.Equal(SrgbEotf(table[c].InputAt(i)), table[c].Outputs[i], 1e-6);
    }

    [Fact]
    public void Three_dimensional_table_is_the_affine_map_its_nodes_define()
    {
        // Nodes: R' = r, G' = 0.75 g + 0.25 b, B' = b; both interpolations are exact for affine maps.
        foreach (var folder in new[] { "resolve_cube", "iridas_cube" })
        {
            var lut = LutFile.Read(LutAssert.Fixture(folder, "Three_Dimensional_Table.cube"));
            foreach (var p in LutAssert.Points(100))
                foreach (var interp in new[] { Interpolation.Tetrahedral, Interpolation.Trilinear })
                    LutAssert.Near(new Vector3(p.X, 0.75f * p.Y + 0.25f * p.Z, p.Z), lut.Evaluate(p, interp), 1e-6, $"{folder} {interp}");
        }
    }

    [Fact]
    public void Ragged_domain_csp_doubles_each_channel_over_its_own_range()
    {
        // Its pre-LUTs map R 0..1.2, G −0.1..1, B −1..1 onto a 2-entry table −2..2.4; composed, 2x.
        var lut = LutFile.Read(LutAssert.Fixture("cinespace", "Ragged_Domain.csp"));
        foreach (var x in new[] { 0f, 0.1f, 0.33f, 0.8f, 1f })
            LutAssert.Near(new Vector3(2 * x), lut.Evaluate(new Vector3(x)), 2e-6, $"at {x}");
        Assert.Equal(2.4f, lut.Evaluate(new Vector3(1.2f, 0, 0)).X, 1e-5);
        Assert.Equal(-0.2f, lut.Evaluate(new Vector3(0, -0.1f, 0)).Y, 1e-5);
        Assert.Equal(-2f, lut.Evaluate(new Vector3(0, 0, -1f)).Z, 1e-5);
    }

    [Fact]
    public void Uncommon_pre_lut_csp_composes_to_the_identity()
    {
        // "Linear to LogC" pre-LUT then "LogC to Linear" table through the same points.
        var lut = LutFile.Read(LutAssert.Fixture("cinespace", "Uncommon_3x1D_With_Pre_Lut.csp"));
        Assert.Equal("Linear to LogC", lut.Title);
        foreach (var x in new[] { -0.0172904f, 0f, 0.04f, 0.18f, 1f, 5f, 20f, 55f })
            Assert.Equal(x, lut.Evaluate(new Vector3(x)).X, Math.Max(1e-6, Math.Abs(x) * 1e-6));
    }

    [Fact]
    public void Spimtx_matrices_apply_with_16_bit_offsets()
    {
        var offset = LutFile.Read(LutAssert.Fixture("sony_spimtx", "Matrix_Offset.spimtx"));
        foreach (var p in LutAssert.Points(20))
            LutAssert.Near(p + new Vector3(0, 0, 1), offset.Evaluate(p), 1e-6, "Matrix_Offset");
        var p3 = LutFile.Read(LutAssert.Fixture("sony_spimtx", "p3_to_xyz16.spimtx"));
        foreach (var p in LutAssert.Points(20))
        {
            var expected = new Vector3(
                0.44488f * p.X + 0.27717f * p.Y + 0.17237f * p.Z,
                0.20936f * p.X + 0.7217f * p.Y + 0.06895f * p.Z,
                0.04707f * p.Y + 0.9078f * p.Z);
            LutAssert.Near(expected, p3.Evaluate(p), 1e-6, "p3_to_xyz16");
        }
        var dt = LutFile.Read(LutAssert.Fixture("sony_spimtx", "dt.spimtx"));
        LutAssert.Near(new Vector3(0.864274f * 0.5f), dt.Evaluate(new Vector3(0.5f)), 1e-6, "dt");
    }

    [Fact]
    public void Titles_comments_and_shaper_ranges_are_read()
    {
        var shaper = LutFile.Read(LutAssert.Fixture("resolve_cube", "Three_Dimensional_Table_With_Shaper.cube"));
        Assert.Equal("LUT3D with My Shaper", shaper.Title);
        Assert.Equal(["A first \"Shaper\" comment.", "A second \"Shaper\" comment.", "A first \"LUT3D\" comment.", "A second \"LUT3D\" comment."], shaper.Comments);
        Assert.Equal(10, shaper.Shaper!.Red.Size);
        Assert.Equal(-0.1f, shaper.Shaper.Red.DomainMin);
        Assert.Equal(3f, shaper.Shaper.Red.DomainMax);
        Assert.Equal(new Vector3(-0.1f), shaper.DomainMin);
        Assert.Equal(3, shaper.Lattice!.Size);

        var demo = LutFile.Read(LutAssert.Fixture("iridas_cube", "Demo.cube"));
        Assert.Equal("Demo", demo.Title);
        Assert.Equal(["Comments can go anywhere"], demo.Comments);
        Assert.Equal(new Vector3(1, 2, 3), demo.Table1D!.DomainMax);
        var resolveDemo = LutFile.Read(LutAssert.Fixture("resolve_cube", "Demo.cube"));
        Assert.Equal(new Vector3(3), resolveDemo.Table1D!.DomainMax);
        // LUT_1D_INPUT_RANGE 0 3 over outputs 0, 1.5, 3: the identity on 0..3.
        Assert.Equal(2.2f, resolveDemo.Evaluate(new Vector3(2.2f)).X, 1e-6);
    }

    [Fact]
    public void GPUImage_identity_lookup_reads_as_identity_and_is_told_apart_from_hald()
    {
        var path = LutBridge.Testing.TestEnvironment.SharedFile("luts", "gpuimage", "lookup.png");
        var lut = LutFile.Read(path);
        Assert.Equal(64, lut.Lattice!.Size);
        int n = 64;
        for (int b = 0; b < n; b += 7)
            for (int g = 0; g < n; g += 5)
                for (int r = 0; r < n; r += 3)
                {
                    int i = lut.Lattice.Index(r, g, b);
                    var v = new Vector3(lut.Lattice.Data[i], lut.Lattice.Data[i + 1], lut.Lattice.Data[i + 2]);
                    LutAssert.Near(new Vector3(r, g, b) / 63f, v, 0.5 / 255 + 1e-6, $"node {r},{g},{b}");
                }
        // Forced as a level-8 Hald the same pixels are far from the identity (green/blue scrambled).
        var asHald = LutFile.Read(path, PngLutLayout.HaldClut);
        Assert.True(Vector3.Distance(asHald.Evaluate(new Vector3(0, 0.5f, 0)), new Vector3(0, 0.5f, 0)) > 0.1);
    }
}
