using System.Numerics;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.Luts.Formats;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;
using LutBridge.Core.Imaging.LutImages;

namespace LutBridge.Core.Tests.Luts;

public class LutWriteTests
{
    private static readonly string Dir = TestEnvironment.NewTempDir("lutwrite");

    [Fact]
    public void Cube_write_read_is_exact_for_every_shared_cube_and_keeps_metadata()
    {
        foreach (var file in SharedLutsTests.AllLutFiles().Where(f => f.EndsWith(".cube", StringComparison.Ordinal)))
        {
            var lut = LutFile.Read(file);
            var path = Path.Combine(Dir, "rt_" + Path.GetFileName(file));
            var report = LutFile.Write(path, lut);
            Assert.Empty(report.Notes);
            var back = LutFile.Read(path);
            Assert.Equal(lut.Title, back.Title);
            Assert.Equal(lut.Comments, back.Comments);
            Assert.Equal(lut.DomainMin, back.DomainMin);
            Assert.Equal(lut.DomainMax, back.DomainMax);
            if (lut.Lattice is not null) Assert.Equal(lut.Lattice.Data, back.Lattice!.Data);
            else for (int c = 0; c < 3; c++) Assert.Equal(lut.Table1D![c].Outputs, back.Table1D![c].Outputs);
            if (lut.Shaper is not null) for (int c = 0; c < 3; c++) Assert.Equal(lut.Shaper[c].Outputs, back.Shaper![c].Outputs);
        }
    }

    [Fact]
    public void Look_comment_survives_cube_write_and_read()
    {
        var lut = new Lut(Lattice3D.Identity(3)) { Title = "with \"quotes\"" };
        lut.Comments.Add("LUTBRIDGE-LOOK {\"version\":1,\"ops\":[{\"kind\":\"exposure\",\"ev\":0.5}]}");
        var path = Path.Combine(Dir, "look.cube");
        LutFile.Write(path, lut);
        var back = LutFile.Read(path);
        Assert.Equal(lut.Comments, back.Comments);
        Assert.Equal("with 'quotes'", back.Title);
        Assert.Contains("# LUTBRIDGE-LOOK {", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(0.1234567f)]
    [InlineData(1e-7f)]
    [InlineData(-3.2e-9f)]
    [InlineData(123456.78f)]
    [InlineData(1.0f / 3.0f)]
    [InlineData(2.5e20f)]
    public void Numbers_are_written_without_exponent_and_read_back_exactly(float v)
    {
        var text = NumberText.Float(v);
        Assert.DoesNotContain('E', text);
        Assert.Equal(v, float.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Math.Abs(v) * 1e-7f);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(16)]
    public void ThreeDl_round_trip_is_within_half_a_code(int bits)
    {
        var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", "colorslide__fuji_provia_100f.cube"));
        var path = Path.Combine(Dir, $"provia{bits}.3dl");
        LutFile.Write(path, lut, new LutWriteOptions { ThreeDlOutputBits = bits });
        var back = LutFile.Read(path);
        Assert.True(back.IsPlainLattice);
        double max = (1 << bits) - 1;
        for (int i = 0; i < lut.Lattice!.Data.Length; i++)
            Assert.Equal(lut.Lattice.Data[i], back.Lattice!.Data[i], 0.5 / max + 1e-7);
        Assert.Equal(lut.Title, back.Title);
        Assert.Equal(lut.Comments, back.Comments);
    }

    [Fact]
    public void ThreeDl_order_is_blue_fastest_and_mesh_is_10_bit()
    {
        // Node (r, g, b) = (r, g, b)/(N−1) scaled by (1, ½, ¼): the 2nd row must change blue only.
        var lut = LutFile.Read(LutAssert.Fixture("resolve_cube", "RGB_1_0.5_0.25.cube"));
        var path = Path.Combine(Dir, "order.3dl");
        LutFile.Write(path, lut);
        var lines = File.ReadAllLines(path).Where(l => !l.StartsWith('#')).ToArray();
        Assert.Equal("0 341 682 1023", lines[0]);
        Assert.Equal("0 0 0", lines[1]);
        Assert.Equal($"0 0 {Math.Round(0.25 / 3 * 65535)}", lines[2]);
        Assert.Equal($"{Math.Round(1.0 / 3 * 65535)} 0 0", lines[1 + 16]);
    }

    [Fact]
    public void ThreeDl_non_uniform_mesh_reads_as_an_exact_shaper()
    {
        // A Lustre-style 17-point mesh 0, 64, …, 960, 1023 with an identity table.
        var path = Path.Combine(Dir, "lustre.3dl");
        var mesh = Enumerable.Range(0, 17).Select(i => i == 16 ? 1023 : 64 * i).ToArray();
        var sb = new System.Text.StringBuilder("3DMESH\nMesh 4 12\n" + string.Join(' ', mesh) + "\n");
        for (int r = 0; r < 17; r++)
            for (int g = 0; g < 17; g++)
                for (int b = 0; b < 17; b++)
                    sb.Append($"{mesh[r] * 4} {mesh[g] * 4} {mesh[b] * 4}\n");
        sb.Append("LUT8\ngamma 1.0\n");
        File.WriteAllText(path, sb.ToString());
        var lut = LutFile.Read(path);
        Assert.NotNull(lut.Shaper);
        foreach (var p in LutAssert.Points(100))
        {
            // Output m·4/4095 at input m/1023 is the identity up to the 4092/4095 scale.
            LutAssert.Near(p * (1023f * 4 / 4095), lut.Evaluate(p), 1e-5, $"at {p}");
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Hald_images_round_trip_in_memory_and_on_disk(int bits)
    {
        var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", "bw__agfa_apx_100.cube"));
        var report = new LutWriteReport();
        var image = HaldClutFormat.ToImage(lut, new LutWriteOptions { HaldBits = bits, Size = 16 }, report);
        Assert.Equal(64, image.Width);
        Assert.Equal(16, report.WrittenSize);
        var fromMemory = HaldClutFormat.FromImage(image, "mem.png");
        var path = Path.Combine(Dir, $"hald{bits}.png");
        LutFile.Write(path, lut, new LutWriteOptions { HaldBits = bits, Size = 16 });
        var fromDisk = LutFile.Read(path);
        Assert.Equal(fromMemory.Lattice!.Data, fromDisk.Lattice!.Data);
        var resampled = lut.Resample(16);
        double max = bits == 8 ? 255 : 65535;
        for (int i = 0; i < resampled.Data.Length; i++)
            Assert.Equal(resampled.Data[i], fromDisk.Lattice.Data[i], 0.5 / max + 1e-7);
    }

    [Fact]
    public void Hald_identity_pixels_follow_the_HaldCLUT_definition()
    {
        // Level 2: 8×8 image, 4 levels per channel; pixel k holds (k mod 4, k/4 mod 4, k/16) / 3.
        var image = HaldClutFormat.ToImage(new Lut(Lattice3D.Identity(4)), new LutWriteOptions { HaldBits = 8 }, new LutWriteReport());
        Assert.Equal(8, image.Width);
        var px = image.Samples<byte>();
        for (int k = 0; k < 64; k++)
        {
            Assert.Equal((byte)Math.Round(k % 4 * 85.0), px[3 * k]);
            Assert.Equal((byte)Math.Round(k / 4 % 4 * 85.0), px[3 * k + 1]);
            Assert.Equal((byte)Math.Round(k / 16 * 85.0), px[3 * k + 2]);
        }
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(13, 5)]
    [InlineData(17, 7)]
    [InlineData(33, 6)]
    [InlineData(225, 15)]
    [InlineData(9, 3)]
    [InlineData(64, 8)]
    [InlineData(65, 9)]
    [InlineData(2, 2)]
    [InlineData(256, 16)]
    public void Hald_level_is_chosen_to_keep_source_nodes(int size, int level) =>
        Assert.Equal(level, HaldClutFormat.LevelFor(size));

    [Fact]
    public void Out_of_range_values_are_clipped_and_reported()
    {
        var lut = LutFile.Read(LutAssert.Fixture("resolve_cube", "Colour_Correct.cube"));
        var report = LutFile.Write(Path.Combine(Dir, "cc.3dl"), lut);
        Assert.Contains(report.Notes, n => n.Contains("clipped"));
        var hald = LutFile.Write(Path.Combine(Dir, "cc.png"), lut);
        Assert.Contains(hald.Notes, n => n.Contains("clipped"));
    }

    [Fact]
    public void One_dimensional_luts_write_as_cube_and_bake_for_lattice_formats()
    {
        var lut = LutFile.Read(LutAssert.Fixture("sony_spi1d", "eotf_sRGB_1D.spi1d"));
        var cube = Path.Combine(Dir, "srgb1d.cube");
        Assert.Empty(LutFile.Write(cube, lut).Notes);
        var back = LutFile.Read(cube);
        Assert.Equal(lut.Table1D!.Red.Outputs, back.Table1D!.Red.Outputs);
        Assert.Equal(-0.1f, back.Table1D.Red.DomainMin);
        var report = LutFile.Write(Path.Combine(Dir, "srgb1d.3dl"), lut, new LutWriteOptions { Size = 17 });
        Assert.Contains(report.Notes, n => n.Contains("1D LUT baked"));
        var csp = LutFile.Read(LutAssert.Fixture("cinespace", "Uncommon_3x1D_With_Pre_Lut.csp"));
        var composed = LutFile.Write(Path.Combine(Dir, "prelut.cube"), csp);
        Assert.Contains(composed.Notes, n => n.Contains("composed"));
        var c = LutFile.Read(Path.Combine(Dir, "prelut.cube"));
        foreach (var x in new[] { 0f, 0.18f, 1f, 10f })
            Assert.Equal(x, c.Evaluate(new Vector3(x)).X, 0.02 + x * 1e-3);
    }
}
