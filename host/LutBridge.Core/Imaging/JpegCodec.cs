using LutBridge.Core.Imaging.Native;

namespace LutBridge.Core.Imaging;

/// <summary>
/// JPEG through libjpeg-turbo's TurboJPEG API: 8-bit RGB in and out. Any warning (for
/// example a truncated stream, which libjpeg would pad with gray) is treated as an error.
/// </summary>
internal static unsafe class JpegCodec
{
    public static RgbImage Decode(byte[] file, string path) => Decode(file, path, null);

    /// <summary>
    /// Decodes at a DCT scale of n/8 (n = 1..8) that <paramref name="eighths"/> picks from the full
    /// size: libjpeg-turbo then skips most of the inverse DCT, so a 24 MP photo decodes to a
    /// screen-size copy several times faster than in full.
    /// </summary>
    public static RgbImage Decode(byte[] file, string path, Func<int, int, int>? eighths)
    {
        nint handle = TurboJpeg.InitDecompress();
        if (handle == 0) throw new InvalidOperationException("TurboJPEG could not create a decompressor");
        try
        {
            fixed (byte* p = file)
            {
                int width, height, subsampling, colorspace;
                if (TurboJpeg.DecompressHeader3(handle, p, (nuint)file.Length, &width, &height, &subsampling, &colorspace) != 0)
                    throw Fail(path, handle);
                if (width <= 0 || height <= 0)
                    throw new InputException($"{path}: JPEG has no pixels ({width}×{height})");
                int n = eighths is null ? 8 : Math.Clamp(eighths(width, height), 1, 8);
                // TJSCALED: the scaled size rounds up.
                width = (width * n + 7) / 8;
                height = (height * n + 7) / 8;
                var image = new RgbImage(width, height, SampleType.UInt8);
                fixed (byte* d = image.Data)
                {
                    if (TurboJpeg.Decompress2(handle, p, (nuint)file.Length, d, width, width * 3, height,
                            TurboJpeg.PixelFormatRgb, TurboJpeg.FlagAccurateDct) != 0)
                        throw Fail(path, handle);
                }
                return image;
            }
        }
        finally
        {
            TurboJpeg.Destroy(handle);
        }
    }

    public static byte[] Encode(RgbImage source, int quality)
    {
        if (quality is < 1 or > 100)
            throw new InputException($"JPEG quality must be 1..100, got {quality}");
        var image = source.Type == SampleType.UInt8 ? source : ImageConvert.ToType(source, SampleType.UInt8);
        nint handle = TurboJpeg.InitCompress();
        if (handle == 0) throw new InvalidOperationException("TurboJPEG could not create a compressor");
        byte* jpeg = null;
        try
        {
            nuint size = 0;
            fixed (byte* s = image.Data)
            {
                if (TurboJpeg.Compress2(handle, s, image.Width, image.Width * 3, image.Height, TurboJpeg.PixelFormatRgb,
                        &jpeg, &size, TurboJpeg.Subsampling444, quality, TurboJpeg.FlagAccurateDct) != 0)
                    throw new InvalidOperationException($"TurboJPEG could not encode the image: {TurboJpeg.ErrorText(handle)}");
            }
            return new ReadOnlySpan<byte>(jpeg, checked((int)size)).ToArray();
        }
        finally
        {
            if (jpeg != null) TurboJpeg.Free(jpeg);
            TurboJpeg.Destroy(handle);
        }
    }

    private static InputException Fail(string path, nint handle) =>
        new($"{path}: not a readable JPEG file ({TurboJpeg.ErrorText(handle)})");
}
