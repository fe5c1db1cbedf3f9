using System.Numerics;
using LutBridge.Core;
using LutBridge.Core.Color;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Engines.Library;
using LutBridge.Looks;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Engines.Tests.Library;

public class StyleDescriptorTests
{
    [Fact]
    public void NeutralLookIsTheZeroVector()
    {
        var d = StyleDescriptor.Of(Look.Neutral);
        Assert.Equal(StyleDescriptor.Length, d.Length);
        Assert.All(d, v => Assert.True(Math.Abs(v) < 1e-5, $"{v}"));
    }

    [Fact]
    public void DesaturationRemovesEachProbesChroma()
    {
        // saturation −1 sets OKLab (a, b) to 0 and leaves L: the descriptor is (0, −a, −b) per probe,
        // with a and b computed here from the probe's sRGB by Core's OKLab (not by the Look).
        var d = StyleDescriptor.Of(Look.Neutral.With("saturation", -1));
        for (int i = 0; i < StyleDescriptor.ProbesSrgb.Count; i++)
        {
            var lab = Oklab.FromSrgb(StyleDescriptor.ProbesSrgb[i]);
            Assert.True(Math.Abs(d[3 * i]) < 2e-3, $"probe {i} L moved {d[3 * i]}");
            Assert.True(Math.Abs(d[3 * i + 1] + lab.Y) < 2e-3, $"probe {i} a {d[3 * i + 1]} vs {-lab.Y}");
            Assert.True(Math.Abs(d[3 * i + 2] + lab.Z) < 2e-3, $"probe {i} b {d[3 * i + 2]} vs {-lab.Z}");
        }
        // The distance from neutral is the RMS chroma of the palette: greys 0, the 16 hue probes ≈ 0.08.
        double expected = Math.Sqrt(16 * 0.08 * 0.08 / StyleDescriptor.ProbesOklab.Count);
        Assert.InRange(StyleDescriptor.Distance(d, StyleDescriptor.Of(Look.Neutral)), expected - 0.004, expected + 0.004);
    }
}

public class LibraryIndexTests
{
    private static readonly Look Mono = Look.Neutral.With("saturation", -1).With("black", 0.05);
    private static readonly Look Warm = Look.Neutral.With("temperature", 0.5).With("curve3", 0.03);

    private static string MakeLibrary()
    {
        var dir = TestEnvironment.NewTempDir("library");
        Directory.CreateDirectory(Path.Combine(dir, "luts"));
        LutFile.Write(Path.Combine(dir, "luts", "mono.cube"), new Lut(LookBaker.Bake(Mono, 17)) { Title = "mono" });
        LookFile.Write(Path.Combine(dir, "warm.look"), Warm.WithTitle("warm"));
        File.Copy(TestEnvironment.RepoFile("samples", "photos", "skimage_coffee.png"), Path.Combine(dir, "coffee.png"));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not indexed");
        return dir;
    }

    [Fact]
    public void AddIndexesLutsLooksAndPhotosAndLoadsThemBack()
    {
        var dir = MakeLibrary();
        var result = LibraryBuilder.Add(dir, rebuild: false, null, CancellationToken.None);
        Assert.Equal(3, result.Added);
        var index = LibraryIndex.Load(dir);
        Assert.Equal(["coffee.png", "luts/mono.cube", "warm.look"], index.Items.Select(i => i.File).ToArray());
        Assert.Equal([LibraryKinds.Photo, LibraryKinds.Lut, LibraryKinds.Look], index.Items.Select(i => i.Kind).ToArray());

        // The SHA-256 is the file's, as sha256sum computes it.
        var (code, stdout, _) = TestEnvironment.Run(TestEnvironment.RequireTool("sha256sum"), [Path.Combine(dir, "warm.look")]);
        Assert.Equal(0, code);
        Assert.Equal(stdout.Split(' ')[0], index.Items[2].Sha256);

        // The .look is stored as it is; the decomposed LUT recovers its sliders.
        var warm = index.Items[2].Look()!;
        Assert.Equal(Warm["temperature"], warm["temperature"], 3);
        Assert.Equal(0.5, index.Items[2].Sliders["temperature"], 3);
        var mono = index.Items[1].Look()!;
        Assert.True(mono["saturation"] < -0.9, $"saturation {mono["saturation"]}");
        // Black 0.05 comes back in the canonical sliders (docs/look.md, "Canonical sliders"):
        // L ← 0.05 + 0.95·L is contrast −2·0.05 and exposure 3·log2(0.95/0.9) at pivot 0.5.
        Assert.InRange(mono["contrast"], -0.12, -0.08);
        Assert.InRange(mono["exposure"], 3 * Math.Log2(0.95 / 0.9) - 0.04, 3 * Math.Log2(0.95 / 0.9) + 0.04);
        Assert.NotNull(index.Items[0].Stats);
        // Width and height as the PNG's IHDR chunk states them (big-endian at bytes 16 and 20).
        var png = File.ReadAllBytes(Path.Combine(dir, "coffee.png"));
        Assert.Equal([System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))], index.Items[0].Size!);
        Assert.Equal(3, index.Looks().Count());
    }

    [Fact]
    public void UnchangedFilesKeepTheirEntryAndChangedOnesAreRefitted()
    {
        var dir = MakeLibrary();
        LibraryBuilder.Add(dir, false, null, CancellationToken.None);
        var again = LibraryBuilder.Add(dir, false, null, CancellationToken.None);
        Assert.Equal((0, 3, 0), (again.Added, again.Kept, again.Removed));
        LookFile.Write(Path.Combine(dir, "warm.look"), Warm.With("temperature", -0.5));
        File.Delete(Path.Combine(dir, "coffee.png"));
        var third = LibraryBuilder.Add(dir, false, null, CancellationToken.None);
        Assert.Equal((1, 1, 2), (third.Added, third.Kept, third.Removed));
        Assert.Equal(-0.5, LibraryIndex.Load(dir).Items.Single(i => i.File == "warm.look").Look()!["temperature"], 3);
    }

    [Fact]
    public void NearestStyleOfABlackAndWhiteLookIsTheMonochromeLut()
    {
        var dir = MakeLibrary();
        var index = LibraryBuilder.Add(dir, false, null, CancellationToken.None).Index;
        var query = StyleDescriptor.Of(Look.Neutral.With("saturation", -1));
        var nearest = LibrarySearch.Nearest(index.Items, query, 2);
        Assert.Equal("luts/mono.cube", nearest[0].Item.File);
        Assert.True(nearest[0].Distance < nearest[1].Distance);
        // The distance is the RMS OKLab difference per probe, recomputed here from the two descriptors.
        var a = nearest[0].Item.Descriptor;
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - query[i]) * (a[i] - query[i]);
        Assert.Equal(Math.Sqrt(s / (a.Length / 3)), nearest[0].Distance, 9);
    }

    [Fact]
    public void DamagedOrMissingIndexIsOneClearError()
    {
        var dir = TestEnvironment.NewTempDir("library");
        var missing = Assert.Throws<InputException>(() => LibraryIndex.Load(dir));
        Assert.Contains(LibraryIndex.FileName, missing.Message);
        File.WriteAllText(LibraryIndex.PathIn(dir), "{ not json");
        var damaged = Assert.Throws<InputException>(() => LibraryIndex.Load(dir));
        Assert.Contains(LibraryIndex.PathIn(dir), damaged.Message);
        File.WriteAllText(LibraryIndex.PathIn(dir), """{"format":"lutbridge.library","version":1,"descriptor":"oklab-probes-v1","items":[{"kind":"lut","file":"../x.cube","sha256":"0","descriptor":[]}]}""");
        Assert.Throws<InputException>(() => LibraryIndex.Load(dir));
    }
}
