using System.Text.Json;
using LutBridge.Core.Luts;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Tests;

/// <summary>`lutbridge convert` and `lutbridge info`, run as the user runs them (a separate process).</summary>
public class LutCommandsTests
{
    private static readonly string Dir = TestEnvironment.NewTempDir("lutcli");

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        Assert.True(File.Exists(dll), $"{dll} missing");
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 120_000);
        Assert.DoesNotContain("   at ", stderr); // never a stack trace
        return (code, stdout, stderr);
    }

    private static string Lut(params string[] parts) => TestEnvironment.SharedFile(["luts", .. parts]);

    [Fact]
    public void Convert_cube_to_3dl_to_hald_to_cube_keeps_the_lut_within_one_16_bit_code()
    {
        var source = Lut("creative", "negative_new__kodak_portra_800.cube");
        var threeDl = Path.Combine(Dir, "portra.3dl");
        var hald = Path.Combine(Dir, "portra.png");
        var cube = Path.Combine(Dir, "portra.cube");
        Assert.Equal(0, Cli("convert", source, threeDl).Code);
        var toHald = Cli("convert", threeDl, hald);
        Assert.Equal(0, toHald.Code);
        Assert.Contains("level 5", toHald.Err); // 13³ goes to the node-keeping level 5 (25³)
        var back = Cli("convert", hald, cube, "--size", "13", "--title", "Portra 800 again");
        Assert.Equal(0, back.Code);
        Assert.Contains("13³", back.Out);

        var original = LutFile.Read(source).Lattice!.Data;
        var result = LutFile.Read(cube);
        Assert.Equal("Portra 800 again", result.Title);
        for (int i = 0; i < original.Length; i++)
            Assert.True(Math.Abs(original[i] - result.Lattice!.Data[i]) <= 1.0 / 65535 + 1e-7, $"entry {i}");
    }

    [Fact]
    public void Convert_resamples_and_writes_8_bit_hald_of_the_asked_size()
    {
        var hald = Path.Combine(Dir, "amatorka.png");
        var r = Cli("convert", Lut("gpuimage", "lookup_amatorka.png"), hald, "--size", "16", "--bits", "8");
        Assert.Equal(0, r.Code);
        var image = LutBridge.Core.Imaging.ImageFile.Read(hald);
        Assert.Equal(64, image.Width); // level 4: 16³ nodes in a 64×64 image
        Assert.Equal(LutBridge.Core.Imaging.SampleType.UInt8, image.Type);
    }

    [Fact]
    public void Convert_reports_clipping_on_stderr()
    {
        var r = Cli("convert", Lut("formats", "resolve_cube", "Colour_Correct.cube"), Path.Combine(Dir, "cc.3dl"));
        Assert.Equal(0, r.Code);
        Assert.Contains("clipped", r.Err);
    }

    [Fact]
    public void Malformed_lut_exits_2_naming_file_and_line()
    {
        var bad = Lut("formats", "sony_spi1d", "Exception_Raising.spi1d");
        foreach (var args in new[] { new[] { "info", bad }, new[] { "convert", bad, Path.Combine(Dir, "x.cube") } })
        {
            var r = Cli(args);
            Assert.Equal(2, r.Code);
            Assert.StartsWith($"lutbridge: {bad}:2: ", r.Err);
            Assert.False(File.Exists(Path.Combine(Dir, "x.cube")));
        }
        var truncated = Path.Combine(Dir, "truncated.cube");
        File.WriteAllText(truncated, "TITLE \"t\"\nLUT_3D_SIZE 2\n0 0 0\n1 0 0\n");
        var t = Cli("info", truncated);
        Assert.Equal(2, t.Code);
        Assert.Contains($"{truncated}:4: file ends after 2 of 8 table rows", t.Err);
    }

    [Theory]
    [InlineData("convert")]
    [InlineData("convert", "a.cube")]
    [InlineData("convert", "{unit}", "out.csp")]
    [InlineData("convert", "{unit}", "out.cube", "--size", "300")]
    [InlineData("convert", "{unit}", "out.3dl", "--bits", "8")]
    [InlineData("convert", "{unit}", "out.cube", "--interp", "cubic")]
    [InlineData("convert", "missing.cube", "out.cube")]
    [InlineData("info")]
    [InlineData("info", "missing.cube")]
    public void Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var unit = Lut("formats", "resolve_cube", "Unit.cube");
        var resolved = args.Select(a => a == "{unit}" ? unit : a.EndsWith(".csp") || a.StartsWith("out.") ? Path.Combine(Dir, a) : a).ToArray();
        var r = Cli(resolved);
        Assert.Equal(2, r.Code);
        Assert.StartsWith("lutbridge: ", r.Err);
    }

    [Fact]
    public void Info_json_describes_the_lut()
    {
        var r = Cli("info", Lut("creative", "colorslide__fuji_velvia_100_generic.cube"), "--json");
        Assert.Equal(0, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("fuji_velvia_100_generic", root.GetProperty("title").GetString());
        Assert.Equal(13, root.GetProperty("size").GetInt32());
        Assert.Equal("3d", root.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("shaper").ValueKind);
        var de = root.GetProperty("delta_e00");
        Assert.Equal(2197, de.GetProperty("samples").GetInt32());
        double mean = de.GetProperty("mean").GetDouble(), max = de.GetProperty("max").GetDouble();
        Assert.True(mean > 1 && max >= mean, $"a film look moves colours: mean {mean}, max {max}");
    }

    [Fact]
    public void Info_of_identity_is_zero_and_of_a_shaper_lut_lists_the_shaper()
    {
        var unit = Cli("info", Lut("formats", "iridas_cube", "Unit.cube"), "--json");
        Assert.Equal(0, unit.Code);
        // Nodes hold 6-decimal thirds: at most ~1e-6 from the identity, far below 0.01 ΔE00.
        Assert.True(JsonDocument.Parse(unit.Out).RootElement.GetProperty("delta_e00").GetProperty("max").GetDouble() < 0.01);

        var shaper = Cli("info", Lut("formats", "resolve_cube", "Three_Dimensional_Table_With_Shaper.cube"));
        Assert.Equal(0, shaper.Code);
        Assert.Contains("shaper:     10 entries, (-0.1, -0.1, -0.1) .. (3, 3, 3)", shaper.Out);
        Assert.Contains("title:      LUT3D with My Shaper", shaper.Out);
        Assert.Contains("lattice:    3³", shaper.Out);
    }
}
