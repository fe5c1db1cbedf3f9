using LutBridge.Core.IO;

namespace LutBridge.Core.Imaging;

/// <summary>
/// Reads and writes image files, keeping their sample depth: PNG 8/16 bit (libpng),
/// JPEG 8 bit (libjpeg-turbo), TIFF 8/16 bit and float (libtiff). See docs/imaging.md.
/// </summary>
public static class ImageFile
{
    /// <summary>The image in <paramref name="path"/>; the format comes from the file's signature.</summary>
    public static RgbImage Read(string path) => Read(path, (Func<int, int, int>?)null);

    /// <summary>
    /// The image in <paramref name="path"/>, a JPEG decoded at the DCT scale n/8 that
    /// <paramref name="jpegEighths"/> picks from its full width and height (other formats in full).
    /// </summary>
    public static RgbImage Read(string path, Func<int, int, int>? jpegEighths)
    {
        InputFile.Require(path, "image file");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read image ({e.Message})", e);
        }
        return Sniff(bytes) switch
        {
            ImageFormat.Png => PngCodec.Decode(bytes, path),
            ImageFormat.Jpeg => JpegCodec.Decode(bytes, path, jpegEighths),
            ImageFormat.Tiff => TiffCodec.Decode(path),
            _ => throw new InputException($"{path}: not a PNG, JPEG or TIFF image"),
        };
    }

    /// <summary>
    /// The image in <paramref name="path"/> and its metadata (as <see cref="ReadMetadata"/> gives it),
    /// from one read of the file through a buffer of <paramref name="buffers"/>, a JPEG decoded onto
    /// one of its pixel arrays: a batch's way of reading photo after photo without fresh memory for
    /// each. Give the image back with <see cref="PixelBuffers.Return"/>.
    /// </summary>
    public static (RgbImage Image, ImageMetadata Metadata) ReadWithMetadata(string path, PixelBuffers buffers)
    {
        InputFile.Require(path, "image file");
        byte[] file;
        int length = 0;
        try
        {
            using var handle = System.IO.File.OpenHandle(path);
            Span<byte> head = stackalloc byte[8];
            // libtiff reads a TIFF by its path: its bytes are not read here for nothing.
            if (Sniff(head[..RandomAccess.Read(handle, head, 0)]) == ImageFormat.Tiff)
                return (TiffCodec.Decode(path), TiffCodec.ReadMetadata(path));
            long size = RandomAccess.GetLength(handle);
            if (size > Array.MaxLength) throw new InputException($"{path}: too large to be an image file ({size} bytes)");
            file = buffers.File(size);
            while (length < size)
            {
                int n = RandomAccess.Read(handle, file.AsSpan(length, (int)size - length), length);
                if (n == 0) break; // the file shrank while being read: decode what is there, or fail on it
                length += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read image ({e.Message})", e);
        }
        try
        {
            var bytes = file.AsSpan(0, length);
            return Sniff(bytes) switch
            {
                ImageFormat.Png => (PngCodec.Decode(bytes.ToArray(), path), ImageMetadata.None),
                ImageFormat.Jpeg => (JpegCodec.Decode(bytes, path, null, buffers), JpegSegments.Read(bytes)),
                _ => throw new InputException($"{path}: not a PNG, JPEG or TIFF image"),
            };
        }
        finally
        {
            buffers.ReturnFile(file);
        }
    }

    /// <summary>A PNG or JPEG held in memory (an embedded resource); <paramref name="name"/> names it in errors.</summary>
    public static RgbImage Decode(byte[] bytes, string name) => Sniff(bytes) switch
    {
        ImageFormat.Png => PngCodec.Decode(bytes, name),
        ImageFormat.Jpeg => JpegCodec.Decode(bytes, name),
        _ => throw new InputException($"{name}: not a PNG or JPEG image"),
    };

    /// <summary>
    /// Writes <paramref name="image"/> atomically in the format named by the extension
    /// (.png, .jpg/.jpeg, .tif/.tiff). PNG keeps 8/16 bit (float becomes 16 bit), JPEG is 8 bit,
    /// TIFF keeps every depth.
    /// </summary>
    public static void Write(string path, RgbImage image, ImageWriteOptions? options = null) =>
        AtomicFile.WriteAllBytes(path, Encode(path, image, options));

    /// <summary>The file bytes <see cref="Write"/> would write (for commands that write several outputs all or none).</summary>
    public static byte[] Encode(string path, RgbImage image, ImageWriteOptions? options = null)
    {
        options ??= ImageWriteOptions.Default;
        return FormatOf(path) switch
        {
            ImageFormat.Png => PngCodec.Encode(image),
            ImageFormat.Jpeg => JpegCodec.Encode(image, options.JpegQuality, jpeg => JpegSegments.Insert(jpeg, options.Metadata, image)),
            ImageFormat.Tiff => TiffCodec.Encode(image, options.Metadata),
            _ => throw new InputException($"{path}: unknown image extension (use .png, .jpg, .jpeg, .tif or .tiff)"),
        };
    }

    /// <summary>
    /// The metadata of an image file worth carrying into a graded copy (EXIF, XMP, ICC, orientation;
    /// see <see cref="ImageMetadata"/>); none for PNG or unreadable metadata.
    /// </summary>
    public static ImageMetadata ReadMetadata(string path)
    {
        InputFile.Require(path, "image file");
        try
        {
            Span<byte> head = stackalloc byte[8];
            int n;
            using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return Sniff(head[..n]) switch
            {
                ImageFormat.Jpeg => JpegSegments.Read(ReadJpegHeader(path)),
                ImageFormat.Tiff => TiffCodec.ReadMetadata(path),
                _ => ImageMetadata.None,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read image ({e.Message})", e);
        }
    }

    private static byte[] ReadJpegHeader(string path)
    {
        using var file = File.OpenRead(path);
        return JpegSegments.ReadHeader(file);
    }

    /// <summary>The format a file name asks for, from its extension.</summary>
    public static ImageFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ImageFormat.Png,
        ".jpg" or ".jpeg" => ImageFormat.Jpeg,
        ".tif" or ".tiff" => ImageFormat.Tiff,
        _ => ImageFormat.Unknown,
    };

    /// <summary>True when the extension names a format this class can write.</summary>
    public static bool IsImagePath(string path) => FormatOf(path) != ImageFormat.Unknown;

    internal static ImageFormat Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[137, 80, 78, 71, 13, 10, 26, 10])) return ImageFormat.Png;
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat.Jpeg;
        if (b.Length >= 4 && ((b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0)
                              || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43))))
            return ImageFormat.Tiff;
        return ImageFormat.Unknown;
    }
}

public enum ImageFormat { Unknown, Png, Jpeg, Tiff }
