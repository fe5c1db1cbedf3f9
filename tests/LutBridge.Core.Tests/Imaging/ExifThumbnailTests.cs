using System.Buffers.Binary;
using LutBridge.Core.Imaging;

namespace LutBridge.Core.Tests.Imaging;

/// <summary>
/// The EXIF thumbnail rewrite on hand-built TIFF blocks (layout from the TIFF 6.0 / EXIF 2.3
/// specifications): replaced at the end, appended when it is elsewhere, unlinked when it cannot
/// be replaced, and damaged blocks left alone without an exception.
/// </summary>
public class ExifThumbnailTests
{
    private static readonly byte[] NewThumbnail = [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9];

    /// <summary>"Exif\0\0", then a TIFF: header, IFD0 with one entry, IFD1 with the two JPEG tags, the thumbnail.</summary>
    private static byte[] Block(bool little, bool withIfd1 = true, bool thumbnailLast = true, int thumbnailLength = 10)
    {
        var tiff = new byte[8 + 18 + 30 + thumbnailLength + (thumbnailLast ? 0 : 4)];
        void W16(int at, int v) { if (little) BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)v); else BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)v); }
        void W32(int at, uint v) { if (little) BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), v); else BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), v); }
        tiff[0] = tiff[1] = (byte)(little ? 'I' : 'M');
        W16(2, 42);
        W32(4, 8);
        W16(8, 1);                  // IFD0: one entry, Orientation = 6
        W16(10, 0x0112); W16(12, 3); W32(14, 1); W16(18, 6);
        W32(22, withIfd1 ? 26u : 0); // next IFD
        W16(26, 2);                 // IFD1
        const int thumbAt = 56; // when not last, 4 bytes of other data follow it
        W16(28, 0x0201); W16(30, 4); W32(32, 1); W32(36, (uint)thumbAt);
        W16(40, 0x0202); W16(42, 4); W32(44, 1); W32(48, (uint)thumbnailLength);
        W32(52, 0);
        for (int i = 0; i < thumbnailLength; i++) tiff[thumbAt + i] = 0xAB;
        return [.. "Exif\0\0"u8, .. tiff];
    }

    private static uint Read32(byte[] exif, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(exif.AsSpan(6 + at)) : BinaryPrimitives.ReadUInt32BigEndian(exif.AsSpan(6 + at));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AThumbnailAtTheEndIsReplacedInPlaceAndItsLengthUpdated(bool little)
    {
        var block = Block(little);
        var result = ExifThumbnail.Replace(block, () => NewThumbnail, 65533);
        Assert.Equal(56u, Read32(result, 36, little));
        Assert.Equal((uint)NewThumbnail.Length, Read32(result, 48, little));
        Assert.Equal(NewThumbnail, result[(6 + 56)..]);
        // Everything before it but the length is untouched.
        Assert.Equal(block[..(6 + 48)], result[..(6 + 48)]);
        Assert.Equal(block[(6 + 52)..(6 + 56)], result[(6 + 52)..(6 + 56)]);
    }

    [Fact]
    public void AThumbnailElsewhereGetsTheNewOneAppended()
    {
        var block = Block(little: true, thumbnailLast: false);
        var result = ExifThumbnail.Replace(block, () => NewThumbnail, 65533);
        Assert.Equal((uint)(block.Length - 6), Read32(result, 36, true));
        Assert.Equal(NewThumbnail, result[block.Length..]);
    }

    [Fact]
    public void NoRoomOrNoPixelsUnlinksIfd1AndNoThumbnailLeavesTheBlockAlone()
    {
        var block = Block(little: false);
        Assert.Equal(0u, Read32(ExifThumbnail.Replace(block, () => NewThumbnail, 60), 22, false));
        Assert.Equal(0u, Read32(ExifThumbnail.Replace(block, null, 65533), 22, false));
        var none = Block(little: true, withIfd1: false);
        Assert.Equal(none, ExifThumbnail.Replace(none, () => throw new InvalidOperationException("not needed"), 65533));
    }

    [Fact]
    public void DamagedBlocksNeverThrowAndNeverGrowPastTheLimit()
    {
        var random = new Random(7);
        var good = Block(little: true);
        for (int trial = 0; trial < 20000; trial++)
        {
            var bytes = (byte[])good.Clone();
            int flips = random.Next(1, 6);
            for (int f = 0; f < flips; f++) bytes[random.Next(6, bytes.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) bytes = bytes[..random.Next(6, bytes.Length)];
            var result = ExifThumbnail.Replace(bytes, () => NewThumbnail, 200);
            Assert.True(result.Length <= Math.Max(200, bytes.Length));
        }
    }

    [Fact]
    public void MakeKeepsTheShapeWithin160By120AndAveragesTheArea()
    {
        var image = new RgbImage(400, 200, SampleType.UInt8);
        var s = image.Samples<byte>();
        for (int i = 0; i < s.Length; i += 3) (s[i], s[i + 1], s[i + 2]) = (200, 100, 50);
        var thumb = JpegCodec.Decode(ExifThumbnail.Make(image), "thumbnail");
        Assert.Equal((160, 80), (thumb.Width, thumb.Height));
        var t = thumb.Samples<byte>();
        Assert.InRange(t[0], 197, 203);
        Assert.InRange(t[1], 97, 103);
        Assert.InRange(t[2], 47, 53);
    }
}
