using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Core.Tests.Imaging;

/// <summary>PNG decoding is checked sample for sample against ffmpeg's own PNG decoder.</summary>
public class PngCodecTests
{
    public static TheoryData<string> SharedPngs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestEnvironment.SharedFile("photos"), "*.png").Order()) data.Add(f);
        foreach (var f in Directory.GetFiles(TestEnvironment.SharedFile("pairs"), "*.png").Order().Take(4)) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(SharedPngs))]
    public void EightBitFilesMatchFfmpeg(string path)
    {
        var image = ImageFile.Read(path);
        var expected = FfmpegDecode.Rgb24(path, out int w, out int h);
        Assert.Equal((w, h, SampleType.UInt8), (image.Width, image.Height, image.Type));
        Assert.True(expected.AsSpan().SequenceEqual(image.Data), "samples differ from ffmpeg's decode");
    }

    /// <summary>ImageMagick writes gray, palette, gray+alpha, RGBA and 16-bit variants (with gAMA/cHRM chunks).</summary>
    [Theory]
    [InlineData("gray8", new[] { "-colorspace", "Gray", "-type", "Grayscale", "-depth", "8" }, false)]
    [InlineData("palette", new[] { "-colors", "200", "-type", "Palette" }, false)]
    [InlineData("graya8", new[] { "-colorspace", "Gray", "-alpha", "set", "-channel", "A", "-evaluate", "set", "60%", "+channel", "-type", "GrayscaleAlpha", "-depth", "8" }, false)]
    [InlineData("rgba8", new[] { "-alpha", "set", "-channel", "A", "-evaluate", "set", "70%", "+channel", "-depth", "8" }, false)]
    [InlineData("rgb16", new[] { "-evaluate", "multiply", "0.93", "-depth", "16" }, true)]
    [InlineData("gray16", new[] { "-colorspace", "Gray", "-evaluate", "multiply", "0.91", "-depth", "16", "-type", "Grayscale" }, true)]
    [InlineData("rgba16opaque", new[] { "-evaluate", "multiply", "0.95", "-alpha", "opaque", "-type", "TrueColorAlpha", "-depth", "16" }, true)]
    public void PngVariantsMatchFfmpeg(string name, string[] convertArgs, bool sixteen)
    {
        var dir = TestEnvironment.NewTempDir("png");
        var file = Path.Combine(dir, name + ".png");
        var convert = TestEnvironment.RequireTool("convert");
        var (code, _, err) = TestEnvironment.Run(convert, [TestEnvironment.SharedFile("photos", "skimage_chelsea.png"), .. convertArgs, "PNG" + (sixteen ? "48" : "") + ":" + file]);
        if (name.StartsWith("rgba16")) (code, _, err) = TestEnvironment.Run(convert, [TestEnvironment.SharedFile("photos", "skimage_chelsea.png"), .. convertArgs, "PNG64:" + file]);
        if (name.StartsWith("gray16")) (code, _, err) = TestEnvironment.Run(convert, [TestEnvironment.SharedFile("photos", "skimage_chelsea.png"), .. convertArgs, file]);
        Assert.True(code == 0, err);

        var image = ImageFile.Read(file);
        if (sixteen)
        {
            Assert.Equal(SampleType.UInt16, image.Type);
            var expected = FfmpegDecode.Rgb48(file, out _, out _);
            Assert.True(expected.AsSpan().SequenceEqual(image.Samples<ushort>()), "16-bit samples differ from ffmpeg's decode");
            Assert.Contains(image.Samples<ushort>().ToArray(), v => v % 257 != 0); // really 16-bit content
        }
        else
        {
            Assert.Equal(SampleType.UInt8, image.Type);
            var expected = FfmpegDecode.Rgb24(file, out _, out _);
            Assert.True(expected.AsSpan().SequenceEqual(image.Data), "samples differ from ffmpeg's decode");
        }
    }

    [Theory]
    [InlineData(SampleType.UInt8)]
    [InlineData(SampleType.UInt16)]
    public void RoundTripIsExactAndReadableByFfmpeg(SampleType type)
    {
        var image = Patterns.Noise(97, 61, type, seed: 7);
        var file = Path.Combine(TestEnvironment.NewTempDir("png"), "rt.png");
        ImageFile.Write(file, image);
        var back = ImageFile.Read(file);
        Assert.Equal(type, back.Type);
        Assert.Equal(image.Data, back.Data);
        if (type == SampleType.UInt16)
            Assert.Equal(image.Samples<ushort>().ToArray(), FfmpegDecode.Rgb48(file, out _, out _));
        else
            Assert.Equal(image.Data, FfmpegDecode.Rgb24(file, out _, out _));
    }

    [Fact]
    public void TruncatedAndCorruptFilesAreInputErrors()
    {
        var dir = TestEnvironment.NewTempDir("png");
        var bytes = File.ReadAllBytes(TestEnvironment.SharedFile("photos", "skimage_chelsea.png"));
        var truncated = Path.Combine(dir, "truncated.png");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = Assert.Throws<InputException>(() => ImageFile.Read(truncated));
        Assert.Contains(truncated, e1.Message);

        var corrupt = Path.Combine(dir, "corrupt.png");
        var damaged = (byte[])bytes.Clone();
        for (int i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++) damaged[i] ^= 0x5A;
        File.WriteAllBytes(corrupt, damaged);
        var e2 = Assert.Throws<InputException>(() => ImageFile.Read(corrupt));
        Assert.Contains(corrupt, e2.Message);

        var notImage = Path.Combine(dir, "text.png");
        File.WriteAllText(notImage, "hello");
        Assert.Contains(notImage, Assert.Throws<InputException>(() => ImageFile.Read(notImage)).Message);
    }
}
