using System.Text.RegularExpressions;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Editors.Raw;
using LutBridge.Testing;

namespace LutBridge.Editors.Tests.Raw;

/// <summary>Our LibRaw binding against LibRaw's own command-line tools (dcraw_emu, raw-identify).</summary>
public class RawDecoderTests
{
    public static TheoryData<string> RawFiles => new() { "rawpy_RAW_KODAK_DC50.KDC", "imageio_Blackmagic_PocketCinema4K.dng" };

    [Theory]
    [MemberData(nameof(RawFiles))]
    // Within 1 code value: libraw_set_gamma takes a float, dcraw_emu stores 1/2.4 as a double.
    public void SrgbDecodeMatchesDcrawEmu(string name) =>
        AssertMatchesDcrawEmu(name, RawOutput.Srgb, ["-w", "-6", "-T", "-o", "1", "-g", "2.4", "12.92"], tolerance: 1);

    [Theory]
    [MemberData(nameof(RawFiles))]
    // Exact: no gamma curve involved.
    public void LinearDecodeMatchesDcrawEmu(string name) =>
        AssertMatchesDcrawEmu(name, RawOutput.Linear, ["-w", "-4", "-T", "-o", "1"], tolerance: 0);

    [Theory]
    [MemberData(nameof(RawFiles))]
    public void MetadataMatchesRawIdentify(string name)
    {
        var path = TestEnvironment.SharedFile("raw", name);
        var (rc, stdout, stderr) = TestEnvironment.Run(TestEnvironment.RequireTool("raw-identify"), ["-v", path]);
        Assert.True(rc == 0, stderr);
        var camera = Regex.Match(stdout, @"^Camera: (.+?)(?: ID: \S+)?$", RegexOptions.Multiline).Groups[1].Value.Trim();
        var full = Regex.Match(stdout, @"^Full size:\s+(\d+) x (\d+)", RegexOptions.Multiline);
        var flip = Regex.Match(stdout, @"^Image flip: (\d+)", RegexOptions.Multiline);
        Assert.True(camera.Length > 0 && full.Success && flip.Success, stdout);

        var meta = RawDecoder.ReadMetadata(path);

        Assert.Equal(camera, $"{meta.Make} {meta.Model}");
        Assert.Equal(int.Parse(full.Groups[1].Value), meta.RawWidth);
        Assert.Equal(int.Parse(full.Groups[2].Value), meta.RawHeight);
        Assert.Equal(int.Parse(flip.Groups[1].Value), meta.Flip);
    }

    [Fact]
    public void NonRawFileIsAnInputErrorNamingTheFile()
    {
        var path = TestEnvironment.SharedFile("photos", "skimage_rocket.jpg");
        var dir = TestEnvironment.NewTempDir("raw");
        var fake = Path.Combine(dir, "not-really.nef");
        File.Copy(path, fake);
        var e = Assert.Throws<InputException>(() => RawDecoder.Decode(fake));
        Assert.Contains(fake, e.Message);
        Assert.Contains("LibRaw", e.Message);
    }

    [Fact]
    public void MissingFileIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => RawDecoder.Decode("/nonexistent/x.dng"));
        Assert.Contains("/nonexistent/x.dng", e.Message);
    }

    [Fact]
    public void AnyImageSendsRawExtensionsToLibRawAndOthersToImageFile()
    {
        var raw = AnyImage.Read(TestEnvironment.SharedFile("raw", "rawpy_RAW_KODAK_DC50.KDC"));
        Assert.Equal(SampleType.UInt16, raw.Type);
        var png = AnyImage.Read(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        Assert.Equal(SampleType.UInt8, png.Type);
        Assert.True(AnyImage.IsSupported("a.CR2") && AnyImage.IsSupported("a.jpg") && !AnyImage.IsSupported("a.txt"));
    }

    private static void AssertMatchesDcrawEmu(string name, RawOutput output, string[] dcrawArgs, int tolerance)
    {
        var path = TestEnvironment.SharedFile("raw", name);
        var dir = TestEnvironment.NewTempDir("dcraw");
        var tiff = Path.Combine(dir, "ref.tiff");
        var (rc, _, stderr) = TestEnvironment.Run(TestEnvironment.RequireTool("dcraw_emu"), [.. dcrawArgs, "-Z", tiff, path]);
        Assert.True(rc == 0, stderr);
        var expected = ImageFile.Read(tiff);

        var actual = RawDecoder.Decode(path, new RawDecodeOptions { Output = output });

        Assert.Equal(SampleType.UInt16, expected.Type);
        Assert.Equal((expected.Width, expected.Height, expected.Type), (actual.Width, actual.Height, actual.Type));
        var e = expected.Samples<ushort>();
        var a = actual.Samples<ushort>();
        int maxDiff = 0;
        for (int i = 0; i < e.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(e[i] - a[i]));
        Assert.True(maxDiff <= tolerance, $"{name}: max difference {maxDiff} code values (16-bit) against dcraw_emu");
        Directory.Delete(dir, true);
    }
}
