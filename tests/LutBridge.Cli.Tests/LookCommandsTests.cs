using System.Text.Json;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Cli.Tests;

public class LookCommandsTests
{
    private static readonly string Dir = TestEnvironment.NewTempDir("lookcli");

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lutbridge.dll");
        Assert.True(File.Exists(dll), $"{dll} missing");
        var (code, stdout, stderr) = TestEnvironment.Run("dotnet", [dll, .. args], timeoutMs: 120_000);
        Assert.DoesNotContain("   at ", stderr);
        return (code, stdout, stderr);
    }

    [Fact]
    public void Decompose_bake_show_edit_round_trip()
    {
        var src = TestEnvironment.SharedFile("luts", "creative", "negative_new__kodak_portra_800.cube");
        var look = Path.Combine(Dir, "portra.look");
        var report = Path.Combine(Dir, "portra.json");
        var (code, _, err) = Cli("decompose", src, "--out", look, "--json", report);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        var root = doc.RootElement;
        Assert.Equal(new FileInfo(look).Length, root.GetProperty("size_bytes").GetInt32());
        Assert.True(root.GetProperty("de2000_mean").GetDouble() <= 0.45);
        Assert.True(root.GetProperty("de2000_max").GetDouble() <= 2.5);
        Assert.Equal(LutBridge.Looks.LookParameters.Count, root.GetProperty("params").EnumerateObject().Count());
        foreach (var key in new[] { "de2000_p99", "parametric_only_de2000_mean", "residual_size", "seconds" })
            Assert.True(root.TryGetProperty(key, out _), key);

        // Baked at the LUT's size, the Look matches the LUT node by node (independent ΔE00 over the files).
        var cube = Path.Combine(Dir, "portra.cube");
        (code, _, err) = Cli("bake", look, "--out", cube, "--size", "13");
        Assert.True(code == 0, err);
        var original = LutFile.Read(src).Lattice!.Data.Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        var baked = LutFile.Read(cube);
        Assert.Contains(baked.Comments, c => c.StartsWith("LUTBRIDGE-LOOK v1 ", StringComparison.Ordinal));
        var stats = DeltaE.Ciede2000SrgbStats(original, baked.Lattice!.Data);
        Assert.True(stats.Mean <= 0.45 && stats.Max <= 2.5, $"mean {stats.Mean} max {stats.Max}");

        // The .cube reopens with its sliders; edit moves one and keeps the others.
        (code, var shown, err) = Cli("show", cube, "--json");
        Assert.True(code == 0, err);
        double sat = JsonDocument.Parse(shown).RootElement.GetProperty("params").GetProperty("saturation").GetDouble();
        var edited = Path.Combine(Dir, "edited.look");
        (code, _, err) = Cli("edit", cube, "--set", $"saturation={Math.Min(1, sat + 0.3).ToString(System.Globalization.CultureInfo.InvariantCulture)}", "--set", "exposure=0.5", "--out", edited);
        Assert.True(code == 0, err);
        (code, shown, _) = Cli("show", edited, "--json");
        var p = JsonDocument.Parse(shown).RootElement.GetProperty("params");
        Assert.Equal(0.5, p.GetProperty("exposure").GetDouble(), 6);
        Assert.True(p.GetProperty("saturation").GetDouble() > sat + 0.2);
    }

    [Fact]
    public void Bad_input_exits_2_with_a_message()
    {
        var bad = Path.Combine(Dir, "bad.look");
        File.WriteAllBytes(bad, [0x93, 0x01, 0x02, 0x03]);
        var (code, _, err) = Cli("show", bad);
        Assert.Equal(2, code);
        Assert.Contains("not a valid .look file", err);
        (code, _, err) = Cli("edit", bad, "--set", "nonsense=1", "--out", Path.Combine(Dir, "x.look"));
        Assert.Equal(2, code);
        (code, _, err) = Cli("decompose", Path.Combine(Dir, "missing.cube"), "--out", Path.Combine(Dir, "y.look"));
        Assert.Equal(2, code);
    }
}
