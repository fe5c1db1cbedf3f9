using System.Buffers.Binary;

namespace LutBridge.Core.Imaging;

/// <summary>
/// The thumbnail inside an EXIF block (IFD1: a small JPEG at JPEGInterchangeFormat, of
/// JPEGInterchangeFormatLength bytes, offsets from the TIFF header). A graded copy that kept the
/// input's thumbnail would show the ungraded photo in file browsers and on cameras, so the
/// thumbnail is replaced by one of the graded pixels; where it cannot be replaced in place
/// (an uncompressed thumbnail, a block that would outgrow its segment) IFD1 is unlinked, so no
/// reader shows a stale one. Every offset read is checked against the block.
/// </summary>
public static class ExifThumbnail
{
    private const int ExifIdLength = 6; // "Exif\0\0"
    private const ushort JpegOffsetTag = 0x0201, JpegLengthTag = 0x0202;
    /// <summary>EXIF's own suggestion for thumbnails.</summary>
    public const int Width = 160, Height = 120;

    /// <summary>
    /// <paramref name="exif"/> (an APP1 payload starting "Exif\0\0") with its thumbnail replaced by
    /// <paramref name="thumbnail"/>() (unlinked when that is null); unchanged when it has none or is not well formed.
    /// </summary>
    public static byte[] Replace(byte[] exif, Func<byte[]>? thumbnail, int maxPayload)
    {
        var tiff = exif.AsSpan(ExifIdLength);
        if (tiff.Length < 8) return exif;
        bool little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return exif;
        uint Read32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        ushort Read16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        if (Read16(tiff[2..]) != 42) return exif;

        // IFD0: count, 12-byte entries, then the offset of IFD1.
        long ifd0 = Read32(tiff[4..]);
        if (ifd0 + 2 > tiff.Length) return exif;
        long next = ifd0 + 2 + 12L * Read16(tiff[(int)ifd0..]);
        if (next + 4 > tiff.Length) return exif;
        long ifd1 = Read32(tiff[(int)next..]);
        if (ifd1 == 0) return exif;
        if (ifd1 + 2 > tiff.Length) return Unlinked(exif, next, little);

        int entries = Read16(tiff[(int)ifd1..]);
        if (ifd1 + 2 + 12L * entries > tiff.Length) return Unlinked(exif, next, little);
        long offsetEntry = -1, lengthEntry = -1;
        for (int i = 0; i < entries; i++)
        {
            long e = ifd1 + 2 + 12L * i;
            ushort tag = Read16(tiff[(int)e..]);
            if (tag == JpegOffsetTag) offsetEntry = e;
            else if (tag == JpegLengthTag) lengthEntry = e;
        }
        if (offsetEntry < 0 || lengthEntry < 0) return Unlinked(exif, next, little); // uncompressed: not ours to redo
        long offset = Read32(tiff[(int)(offsetEntry + 8)..]), length = Read32(tiff[(int)(lengthEntry + 8)..]);
        if (offset + length > tiff.Length || thumbnail is null) return Unlinked(exif, next, little);

        var jpeg = thumbnail();
        // Usually the thumbnail ends the block: replace it there; else append the new one.
        long at = offset + length == tiff.Length ? offset : tiff.Length;
        long size = ExifIdLength + at + jpeg.Length;
        if (size > maxPayload) return Unlinked(exif, next, little);
        var result = new byte[size];
        exif.AsSpan(0, (int)(ExifIdLength + at)).CopyTo(result);
        jpeg.CopyTo(result.AsSpan((int)(ExifIdLength + at)));
        var t = result.AsSpan(ExifIdLength);
        Write32(t[(int)(offsetEntry + 8)..], (uint)at, little);
        Write32(t[(int)(lengthEntry + 8)..], (uint)jpeg.Length, little);
        return result;
    }

    /// <summary>The block with IFD0's link to IFD1 cleared: no thumbnail, everything else as it was.</summary>
    private static byte[] Unlinked(byte[] exif, long next, bool little)
    {
        var copy = (byte[])exif.Clone();
        Write32(copy.AsSpan(ExifIdLength + (int)next), 0, little);
        return copy;
    }

    private static void Write32(Span<byte> s, uint value, bool little)
    {
        if (little) BinaryPrimitives.WriteUInt32LittleEndian(s, value);
        else BinaryPrimitives.WriteUInt32BigEndian(s, value);
    }

    /// <summary>A thumbnail of <paramref name="image"/>: its shape kept within 160×120, area-averaged, 8-bit JPEG.</summary>
    public static byte[] Make(RgbImage image)
    {
        double scale = Math.Min(1.0, Math.Min((double)Width / image.Width, (double)Height / image.Height));
        int w = Math.Max(1, (int)Math.Round(image.Width * scale)), h = Math.Max(1, (int)Math.Round(image.Height * scale));
        var source = ImageConvert.ToType(image, SampleType.Float32).Samples<float>();
        var small = new RgbImage(w, h, SampleType.UInt8);
        var dst = small.Samples<byte>();
        for (int y = 0; y < h; y++)
        {
            int y0 = (int)((long)y * image.Height / h), y1 = Math.Max(y0 + 1, (int)((long)(y + 1) * image.Height / h));
            for (int x = 0; x < w; x++)
            {
                int x0 = (int)((long)x * image.Width / w), x1 = Math.Max(x0 + 1, (int)((long)(x + 1) * image.Width / w));
                for (int c = 0; c < 3; c++)
                {
                    double sum = 0;
                    for (int yy = y0; yy < y1; yy++)
                        for (int xx = x0; xx < x1; xx++)
                            sum += source[(yy * image.Width + xx) * 3 + c];
                    double mean = sum / ((y1 - y0) * (x1 - x0));
                    dst[(y * w + x) * 3 + c] = (byte)Math.Clamp(Math.Round(mean * 255), 0, 255);
                }
            }
        }
        return JpegCodec.Encode(small, 85);
    }
}
