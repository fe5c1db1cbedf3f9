using LutBridge.Core.Imaging;
using LutBridge.Editors.Darktable;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Editors.Tests.Darktable;

/// <summary>
/// The .dtstyle and lut3d parameters LutBridge writes, judged by darktable 4.2 itself: darktable-cli
/// applies the style (an inverting LUT must invert the photo, so the file path, colour space and
/// interpolation fields were read where darktable keeps them), and darktable's own export of the
/// imported style decodes back to the same bytes.
/// </summary>
public class DtStyleTests
{
    private static DtStyle InvertStyle(string name, string lutRelPath) =>
        new(name, "test", [DtStyleItem.Lut3d(new Lut3dParams(lutRelPath))]);

    [Fact]
    public void Lut3dParamsAreTheStructDarktableDocuments()
    {
        var bytes = new Lut3dParams("sub/look.cube", Lut3dColorspace.LinearRec2020, Lut3dInterpolation.Pyramid).Encode();
        Assert.Equal(12_940, bytes.Length); // 512 + 3 ints + 12288 + 128 (lut3d.c, params version 3)
        Assert.Equal("sub/look.cube"u8.ToArray(), bytes[..13]);
        Assert.All(bytes[13..512], b => Assert.Equal(0, b));
        Assert.Equal(new byte[] { 4, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 }, bytes[512..524]);
        Assert.All(bytes[524..], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentException>(() => new Lut3dParams(new string('x', 512)).Encode());
        Assert.Throws<FormatException>(() => Lut3dParams.Decode(bytes[..^1]));
    }

    [Fact]
    public void DarktableAppliesOurStyleAndExportsTheSameParamsBackInItsGzForm()
    {
        var dir = TestEnvironment.NewTempDir("dtstyle");
        var luts = Path.Combine(dir, "luts");
        RealDarktable.InvertCube(Path.Combine(luts, "sub"));
        var photo = RealDarktable.SmallPhoto(dir, "kodak_kodim23.png");
        var input = ImageFile.Read(photo);

        // Hex form, written by DtStyle; darktable exports the style it imported into exported/.
        var style = InvertStyle("lb-hex", "sub/invert.cube");
        var hexFile = Path.Combine(dir, "hex.dtstyle");
        File.WriteAllText(hexFile, style.ToXml());
        var exported = Path.Combine(dir, "exported");
        Directory.CreateDirectory(exported);
        var hexOut = Path.Combine(dir, "hex.png");
        RealDarktable.Export(dir, photo, hexOut, luts, hexFile, "lb-hex",
            $"for i = 1, #dt.styles do if dt.styles[i].name == 'lb-hex' then dt.styles.export(dt.styles[i], '{exported}', true) end end");
        Assert.True(RealDarktable.WorstInversionError(input, ImageFile.Read(hexOut)) <= 1, "darktable did not invert the photo with our hex style");

        var theirs = DtStyle.Parse(File.ReadAllText(Path.Combine(exported, "lb-hex.dtstyle")));
        var item = Assert.Single(theirs.Items);
        Assert.Equal(("lut3d", 3), (item.Operation, item.ModuleVersion));
        Assert.Equal(style.Items[0].OpParams, item.OpParams);
        Assert.Equal(new Lut3dParams("sub/invert.cube"), Lut3dParams.Decode(item.OpParams));
        Assert.StartsWith("gz", File.ReadAllText(Path.Combine(exported, "lb-hex.dtstyle")).Split("<op_params>")[1]);

        Directory.Delete(dir, true);
    }

    [Fact]
    public void AMissingLutLeavesDarktablesExportUnchangedAndTheCheckSaysSo()
    {
        var dir = TestEnvironment.NewTempDir("dtstyle-missing");
        var luts = Path.Combine(dir, "luts");
        var lut = LutFile.Read(RealDarktable.InvertCube(luts));
        var photo = RealDarktable.SmallPhoto(dir, "kodak_kodim04.png");
        var styleFile = Path.Combine(dir, "missing.dtstyle");
        File.WriteAllText(styleFile, InvertStyle("lb-missing", "no-such.cube").ToXml());
        var output = Path.Combine(dir, "out.png");

        var log = RealDarktable.Export(dir, photo, output, luts, styleFile, "lb-missing"); // exit 0: darktable's pitfall
        var input = ImageFile.Read(photo);
        var image = ImageFile.Read(output);
        Assert.True(RealDarktable.WorstDifference(input, image) <= 1, "darktable changed the photo although the LUT is missing: " + log);
        var verdict = ExportCheck.Compare(input, image, lut);
        Assert.False(verdict.Applied, $"check passed an unchanged export (to LUT {verdict.DistanceToLut}, to input {verdict.DistanceToInput})");

        // And with the LUT there, the same check accepts darktable's output.
        File.WriteAllText(styleFile, InvertStyle("lb-missing", "invert.cube").ToXml());
        RealDarktable.Export(dir, photo, output, luts, styleFile, "lb-missing");
        Assert.True(ExportCheck.Compare(input, ImageFile.Read(output), lut).Applied);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void GzFormRoundTripsWithAFactorDarktableCanInflateAndIsRefusedBeyond99()
    {
        // Half noise, half zeros: compresses about 2×, like a LUT-carrying params blob would.
        var rng = new Random(7);
        var bytes = new byte[4000];
        rng.NextBytes(bytes.AsSpan(0, 2000));
        var gz = DarktableParamsEncoding.Gz(bytes)!;
        Assert.Matches("^gz[0-9]{2}", gz);
        int factor = int.Parse(gz[2..4]);
        // darktable inflates into factor × compressed bytes: that must hold the params.
        Assert.True(factor * Convert.FromBase64String(gz[4..]).Length >= bytes.Length);
        Assert.Equal(bytes, DarktableParamsEncoding.Decode(gz));
        Assert.Equal(bytes, DarktableParamsEncoding.Decode(DarktableParamsEncoding.Hex(bytes)));
        // lut3d params are mostly zeros: darktable's factor would need to exceed 99, so hex is the only safe form.
        Assert.Null(DarktableParamsEncoding.Gz(new Lut3dParams("a.cube").Encode()));
        Assert.Throws<FormatException>(() => DarktableParamsEncoding.Decode("gzxx"));
        Assert.Throws<FormatException>(() => DarktableParamsEncoding.Decode("zz"));
        Assert.Throws<FormatException>(() => DtStyle.Parse("<notastyle/>"));
    }
}
