using System.Buffers.Binary;
using System.Text;

namespace LutBridge.Core.Imaging;

/// <summary>
/// Reads the metadata segments of a JPEG and writes them into another one. A JPEG is a series of
/// segments (0xFF, marker, 2-byte big-endian length counting itself, payload) up to the start of
/// scan; APP1 holds EXIF ("Exif\0\0") or XMP (Adobe's namespace), APP2 the ICC profile in chunks
/// ("ICC_PROFILE\0", sequence number, count), APP13 IPTC. Every length is checked against the file.
/// </summary>
public static class JpegSegments
{
    private const byte Soi = 0xD8, Sos = 0xDA, App0 = 0xE0, App1 = 0xE1, App2 = 0xE2, App13 = 0xED;
    private static readonly byte[] ExifId = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpId = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0");
    private static readonly byte[] IccId = Encoding.ASCII.GetBytes("ICC_PROFILE\0");
    private const int MaxPayload = 65535 - 2;
    private const int IccChunk = MaxPayload - 14; // id (12) + sequence + count

    /// <summary>
    /// The bytes of a JPEG file from its start up to its start of scan: all its metadata segments,
    /// without reading the compressed image behind them (a 12 MP photo's header is a few kilobytes
    /// of its megabytes). A file that ends early gives what it has; <see cref="Read"/> stops there.
    /// </summary>
    public static byte[] ReadHeader(Stream file)
    {
        var header = new MemoryStream();
        Span<byte> head = stackalloc byte[4];
        if (file.ReadAtLeast(head[..2], 2, throwOnEndOfStream: false) < 2 || head[0] != 0xFF || head[1] != Soi)
            return header.ToArray();
        header.Write(head[..2]);
        while (file.ReadAtLeast(head[..2], 2, throwOnEndOfStream: false) == 2 && head[0] == 0xFF)
        {
            while (head[1] == 0xFF) // fill bytes, kept so that the header stays the file's prefix
            {
                header.WriteByte(0xFF);
                if (file.ReadAtLeast(head.Slice(1, 1), 1, throwOnEndOfStream: false) < 1) return header.ToArray();
            }
            header.Write(head[..2]);
            if (head[1] == Sos || head[1] is >= 0xD0 and <= 0xD9) break;
            if (file.ReadAtLeast(head.Slice(2, 2), 2, throwOnEndOfStream: false) < 2) break;
            header.Write(head.Slice(2, 2));
            int length = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
            if (length < 2) break;
            var payload = new byte[length - 2];
            int got = file.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
            header.Write(payload, 0, got);
            if (got < payload.Length) break;
        }
        return header.ToArray();
    }

    /// <summary>The EXIF, XMP, ICC and IPTC segments of <paramref name="jpeg"/>, and what they hold.</summary>
    public static ImageMetadata Read(ReadOnlySpan<byte> jpeg)
    {
        var kept = new List<(byte, byte[])>();
        var icc = new SortedDictionary<int, byte[]>();
        byte[]? xmp = null;
        bool exif = false;
        foreach (var (marker, payload) in Segments(jpeg))
        {
            if (marker == App1 && payload.AsSpan().StartsWith(ExifId)) exif = true;
            else if (marker == App1 && payload.AsSpan().StartsWith(XmpId)) xmp ??= payload[XmpId.Length..];
            else if (marker == App2 && payload.Length > IccId.Length + 2 && payload.AsSpan().StartsWith(IccId))
                icc.TryAdd(payload[IccId.Length], payload[(IccId.Length + 2)..]);
            else if (marker is not (App1 or App13)) continue;
            kept.Add((marker, payload));
        }
        return new ImageMetadata
        {
            JpegSegments = kept,
            HasExif = exif,
            Xmp = xmp,
            Icc = icc.Count == 0 ? null : icc.Values.SelectMany(c => c).ToArray(),
        };
    }

    /// <summary>
    /// <paramref name="jpeg"/> (as an encoder wrote it: SOI, maybe APP0 JFIF, then the image) with the
    /// metadata inserted after SOI/APP0: a JPEG input's segments as they were, else ICC and XMP made anew.
    /// An EXIF thumbnail is made again from <paramref name="pixels"/> (the image <paramref name="jpeg"/>
    /// holds), or dropped when there are none: it must never show the input's ungraded pixels.
    /// </summary>
    public static byte[] Insert(ReadOnlySpan<byte> jpeg, ImageMetadata metadata, RgbImage? pixels = null)
    {
        var segments = metadata.JpegSegments.Count > 0 ? metadata.JpegSegments : Made(metadata);
        byte[]? thumbnail = null;
        Func<byte[]>? makeThumbnail = pixels is null ? null : () => thumbnail ??= ExifThumbnail.Make(pixels);
        segments = segments.Select(s => s.Marker == App1 && s.Payload.AsSpan().StartsWith(ExifId)
            ? (Marker: s.Marker, Payload: ExifThumbnail.Replace(s.Payload, makeThumbnail, MaxPayload))
            : s).Where(s => s.Payload.Length <= MaxPayload).ToList(); // a longer one cannot be a segment; never written broken
        if (segments.Count == 0) return jpeg.ToArray();
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != Soi) throw new ArgumentException("not a JPEG stream", nameof(jpeg));
        int at = 2;
        if (jpeg[2] == 0xFF && jpeg[3] == App0 && jpeg.Length >= 6) at = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[4..]);
        if (at > jpeg.Length) throw new ArgumentException("JPEG APP0 segment runs past the stream", nameof(jpeg));
        // One array of the exact size: the encoded image is copied once, whatever its size.
        var output = new byte[jpeg.Length + segments.Sum(s => s.Payload.Length + 4)];
        var rest = output.AsSpan();
        jpeg[..at].CopyTo(rest);
        rest = rest[at..];
        foreach (var (marker, payload) in segments)
        {
            rest[0] = 0xFF;
            rest[1] = marker;
            BinaryPrimitives.WriteUInt16BigEndian(rest[2..], (ushort)(payload.Length + 2));
            payload.CopyTo(rest[4..]);
            rest = rest[(4 + payload.Length)..];
        }
        jpeg[at..].CopyTo(rest);
        return output;
    }

    /// <summary>ICC (in chunks) and XMP segments for metadata that did not come from a JPEG.</summary>
    private static List<(byte Marker, byte[] Payload)> Made(ImageMetadata m)
    {
        var list = new List<(byte, byte[])>();
        if (m.Icc is { Length: > 0 } icc)
        {
            int count = (icc.Length + IccChunk - 1) / IccChunk;
            if (count <= 255)
                for (int i = 0; i < count; i++)
                {
                    var part = icc.AsSpan(i * IccChunk, Math.Min(IccChunk, icc.Length - i * IccChunk));
                    list.Add((App2, [.. IccId, (byte)(i + 1), (byte)count, .. part]));
                }
        }
        if (m.Xmp is { Length: > 0 } xmp && xmp.Length + XmpId.Length <= MaxPayload)
            list.Add((App1, [.. XmpId, .. xmp]));
        return list;
    }

    /// <summary>The segments before the image data; stops at SOS or at anything malformed.</summary>
    private static List<(byte Marker, byte[] Payload)> Segments(ReadOnlySpan<byte> jpeg)
    {
        var list = new List<(byte, byte[])>();
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != Soi) return list;
        int at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            byte marker = jpeg[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            if (marker == Sos || marker is >= 0xD0 and <= 0xD9) break;
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length) break;
            list.Add((marker, jpeg.Slice(at + 4, length - 2).ToArray()));
            at += 2 + length;
        }
        return list;
    }
}
