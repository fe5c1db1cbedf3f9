using LutBridge.Core.Imaging.Native;

namespace LutBridge.Core.Imaging;

/// <summary>
/// JPEG through libjpeg-turbo's TurboJPEG API: 8-bit RGB in and out. Any warning (for
/// example a truncated stream, which libjpeg would pad with gray) is treated as an error.
/// </summary>
internal static unsafe class JpegCodec
{
    public static RgbImage Decode(byte[] file, string path)
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
