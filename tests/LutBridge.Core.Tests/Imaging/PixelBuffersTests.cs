using LutBridge.Core.Imaging;
using LutBridge.Testing;

namespace LutBridge.Core.Tests.Imaging;

/// <summary>The batch's kept arrays: reused only when they fit, bounded, and never changing what is read.</summary>
public class PixelBuffersTests
{
    [Theory]
    [InlineData("skimage_rocket.jpg")]
    [InlineData("kodak_kodim23.png")]
    public void ReadingThroughKeptBuffersGivesTheSamePixelsAndMetadataAsPlainReads(string name)
    {
        var path = TestEnvironment.SharedFile("photos", name);
        var plain = ImageFile.Read(path);
        var buffers = new PixelBuffers(2);
        // A larger photo first, so the file buffer kept for the next read is longer than its file.
        buffers.Return(ImageFile.ReadWithMetadata(TestEnvironment.SharedFile("photos", "skimage_hubble_deep_field.jpg"), buffers).Image);
        for (int round = 0; round < 3; round++)
        {
            var (image, metadata) = ImageFile.ReadWithMetadata(path, buffers);
            Assert.Equal((plain.Width, plain.Height, plain.Type), (image.Width, image.Height, image.Type));
            Assert.Equal(ImageFile.ReadMetadata(path).Icc, metadata.Icc);
            Assert.Equal(plain.Data, image.Data);
            image.Data.AsSpan().Fill(0x5A); // what a grade does to it; the next read must not see it
            buffers.Return(image);
        }
    }

    [Fact]
    public void AnArrayIsReusedOnlyForTheSameSizeAndAtMostCapacityAreKept()
    {
        var buffers = new PixelBuffers(2);
        var a = buffers.Image(40, 30, SampleType.UInt8);
        buffers.Return(a);
        Assert.Same(a.Data, buffers.Image(40, 30, SampleType.UInt8).Data);
        buffers.Return(a);
        Assert.NotSame(a.Data, buffers.Image(30, 40, SampleType.UInt16).Data);
        Assert.Same(a.Data, buffers.Image(30, 40, SampleType.UInt8).Data); // same length, other shape: fits

        var kept = Enumerable.Range(0, 4).Select(_ => buffers.Image(8, 8, SampleType.UInt8)).ToList();
        foreach (var image in kept) buffers.Return(image);
        var again = Enumerable.Range(0, 4).Select(_ => buffers.Image(8, 8, SampleType.UInt8).Data).ToList();
        Assert.Equal(2, again.Count(d => kept.Any(k => ReferenceEquals(k.Data, d))));
    }

    [Fact]
    public void AnImageRefusesAnArrayOfTheWrongLength() =>
        Assert.Throws<ArgumentException>(() => new RgbImage(4, 4, SampleType.UInt16, new byte[4 * 4 * 3]));
}
