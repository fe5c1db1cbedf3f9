using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Core.Tests.Imaging;

public class JpegCodecTests
{
    /// <summary>
    /// libjpeg-turbo and ffmpeg's mjpeg decoder differ in IDCT and in chroma upsampling, so
    /// samples may differ slightly: we require a mean difference under 1 code value and at
    /// least 99% of samples within ±2 (state of the art agreement between independent decoders).
    /// </summary>
    [Theory]
    [InlineData("skimage_rocket.jpg")]
    [InlineData("skimage_hubble_deep_field.jpg")]
    public void DecodeAgreesWithFfmpeg(string name)
    {
        var path = TestEnvironment.SharedFile("photos", name);
        var image = ImageFile.Read(path);
        var expected = FfmpegDecode.Raw(path, "rgb24", out int w, out int h, "-sws_flags", "bilinear+accurate_rnd+full_chroma_int");
        Assert.Equal((w, h, SampleType.UInt8), (image.Width, image.Height, image.Type));
        long sum = 0, within2 = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - image.Data[i]);
            sum += d;
            if (d <= 2) within2++;
        }
        double mean = (double)sum / expected.Length, fraction = (double)within2 / expected.Length;
        Assert.True(mean < 1.0 && fraction > 0.99, $"mean |diff| {mean:F3}, within ±2: {fraction:P3}");
    }

    [Fact]
    public void EncodeIsDecodedByFfmpegAndCloseToSource()
    {
        var source = ImageFile.Read(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        var file = Path.Combine(TestEnvironment.NewTempDir("jpg"), "out.jpg");
        ImageFile.Write(file, source, new ImageWriteOptions { JpegQuality = 95 });
        var decoded = FfmpegDecode.Rgb24(file, out int w, out int h);
        Assert.Equal((source.Width, source.Height), (w, h));
        double mean = 0;
        for (int i = 0; i < decoded.Length; i++) mean += Math.Abs(decoded[i] - source.Data[i]);
        mean /= decoded.Length;
        Assert.InRange(mean, 0.05, 3.0); // lossy, but a faithful picture
    }

    /// <summary>
    /// Encoders and their output buffers are kept between images: crops of a photo in sizes that
    /// shrink and grow, encoded on four threads at once, must give exactly the bytes each gets
    /// alone, and each must be the picture ffmpeg decodes (no stale bytes of a larger image).
    /// </summary>
    [Fact]
    public void KeptEncodersGiveTheSameBytesOnAnyThreadAndAfterAnySize()
    {
        var photo = ImageFile.Read(TestEnvironment.SharedFile("photos", "kodak_kodim23.png"));
        int[] widths = [768, 64, 400, 17, 768, 1, 250, 9, 600, 33];
        var crops = widths.Select((w, i) => Crop(photo, w, Math.Max(1, w * 2 / 3 + i))).ToArray();
        var alone = crops.Select(c => ImageFile.Encode("x.jpg", c)).ToArray();
        var together = new byte[crops.Length * 4][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => together[i] = ImageFile.Encode("x.jpg", crops[i % crops.Length]));
        for (int i = 0; i < together.Length; i++) Assert.Equal(alone[i % crops.Length], together[i]);

        var dir = TestEnvironment.NewTempDir("jpg-kept");
        foreach (int i in new[] { 1, 3, 5 })
        {
            var file = Path.Combine(dir, $"crop{i}.jpg");
            File.WriteAllBytes(file, together[i]);
            var decoded = FfmpegDecode.Rgb24(file, out int w, out int h);
            Assert.Equal((crops[i].Width, crops[i].Height), (w, h));
            double mean = 0;
            for (int k = 0; k < decoded.Length; k++) mean += Math.Abs(decoded[k] - crops[i].Data[k]);
            Assert.InRange(mean / decoded.Length, 0, 6.0);
        }
    }

    private static RgbImage Crop(RgbImage image, int width, int height)
    {
        width = Math.Min(width, image.Width);
        height = Math.Min(height, image.Height);
        var crop = new RgbImage(width, height, SampleType.UInt8);
        for (int y = 0; y < height; y++)
            image.Data.AsSpan(y * image.Width * 3, width * 3).CopyTo(crop.Data.AsSpan(y * width * 3));
        return crop;
    }

    [Fact]
    public void TruncatedJpegIsAnInputError()
    {
        var bytes = File.ReadAllBytes(TestEnvironment.SharedFile("photos", "skimage_rocket.jpg"));
        var file = Path.Combine(TestEnvironment.NewTempDir("jpg"), "cut.jpg");
        File.WriteAllBytes(file, bytes[..(bytes.Length * 2 / 3)]);
        Assert.Contains(file, Assert.Throws<InputException>(() => ImageFile.Read(file)).Message);
        File.WriteAllBytes(file, bytes[..200]);
        Assert.Contains(file, Assert.Throws<InputException>(() => ImageFile.Read(file)).Message);
    }
}

public class TiffCodecTests
{
    [Theory]
    [InlineData(SampleType.UInt8)]
    [InlineData(SampleType.UInt16)]
    [InlineData(SampleType.Float32)]
    public void RoundTripIsExact(SampleType type)
    {
        var image = Patterns.Noise(83, 47, type, seed: 3);
        var file = Path.Combine(TestEnvironment.NewTempDir("tif"), "rt.tif");
        ImageFile.Write(file, image);
        var back = ImageFile.Read(file);
        Assert.Equal((image.Width, image.Height, type), (back.Width, back.Height, back.Type));
        Assert.Equal(image.Data, back.Data);
    }

    [Theory]
    [InlineData(SampleType.UInt8, "rgb24")]
    [InlineData(SampleType.UInt16, "rgb48le")]
    public void OurTiffsMatchFfmpegsDecode(SampleType type, string pixFmt)
    {
        var image = Patterns.Noise(64, 40, type, seed: 11);
        var file = Path.Combine(TestEnvironment.NewTempDir("tif"), "x.tif");
        ImageFile.Write(file, image);
        Assert.Equal(image.Data, FfmpegDecode.Raw(file, pixFmt, out _, out _));
    }

    /// <summary>TIFFs written by ImageMagick (another libtiff user, but other tags/layouts) read as ffmpeg reads them.</summary>
    [Theory]
    [InlineData(new[] { "-depth", "8" }, "rgb24")]
    [InlineData(new[] { "-evaluate", "multiply", "0.9", "-depth", "16", "-compress", "lzw" }, "rgb48le")]
    [InlineData(new[] { "-depth", "16", "-interlace", "plane" }, "rgb48le")]
    [InlineData(new[] { "-colorspace", "Gray", "-depth", "8" }, "rgb24")]
    [InlineData(new[] { "-alpha", "set", "-depth", "8" }, "rgb24")]
    public void ImageMagickTiffsMatchFfmpeg(string[] convertArgs, string pixFmt)
    {
        var file = Path.Combine(TestEnvironment.NewTempDir("tif"), "im.tif");
        var (code, _, err) = TestEnvironment.Run(TestEnvironment.RequireTool("convert"),
            [TestEnvironment.SharedFile("photos", "skimage_coffee.png"), .. convertArgs, file]);
        Assert.True(code == 0, err);
        var image = ImageFile.Read(file);
        Assert.Equal(pixFmt == "rgb24" ? SampleType.UInt8 : SampleType.UInt16, image.Type);
        Assert.True(FfmpegDecode.Raw(file, pixFmt, out _, out _).AsSpan().SequenceEqual(image.Data));
    }

    [Fact]
    public void TruncatedTiffIsAnInputError()
    {
        var image = Patterns.Noise(200, 150, SampleType.UInt8, seed: 5);
        var dir = TestEnvironment.NewTempDir("tif");
        var file = Path.Combine(dir, "full.tif");
        ImageFile.Write(file, image);
        var bytes = File.ReadAllBytes(file);
        var cut = Path.Combine(dir, "cut.tif");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.Contains(cut, Assert.Throws<InputException>(() => ImageFile.Read(cut)).Message);
    }
}
