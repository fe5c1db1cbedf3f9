using System.Runtime.InteropServices;
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
    public static RgbImage Decode(byte[] file, string path, Func<int, int, int>? eighths) => Decode(file, path, eighths, null);

    /// <summary>Decodes in full onto an array from <paramref name="buffers"/> when given.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> file, string path, Func<int, int, int>? eighths, PixelBuffers? buffers)
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
                var image = buffers?.Image(width, height, SampleType.UInt8) ?? new RgbImage(width, height, SampleType.UInt8);
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

    /// <summary>Turns the encoded stream, valid only during the call, into the bytes to return.</summary>
    public delegate byte[] Finish(ReadOnlySpan<byte> jpeg);

    public static byte[] Encode(RgbImage source, int quality) => Encode(source, quality, jpeg => jpeg.ToArray());

    /// <summary>
    /// Encodes <paramref name="source"/> and hands the stream to <paramref name="finish"/> straight
    /// from TurboJPEG's buffer, so adding metadata copies the image's bytes once, not twice.
    /// </summary>
    public static byte[] Encode(RgbImage source, int quality, Finish finish)
    {
        if (quality is < 1 or > 100)
            throw new InputException($"JPEG quality must be 1..100, got {quality}");
        var image = source.Type == SampleType.UInt8 ? source : ImageConvert.ToType(source, SampleType.UInt8);
        var encoder = Encoder.Rent();
        try
        {
            return encoder.Encode(image, quality, finish);
        }
        finally
        {
            Encoder.Return(encoder);
        }
    }

    /// <summary>
    /// A TurboJPEG compressor with an output buffer of the worst-case size, kept between images.
    /// Left to itself, TurboJPEG grows a fresh output buffer by doubling (4 KB up to the JPEG's
    /// size) and frees it after each image; glibc then hands that memory back to the kernel, and the
    /// next image pays page faults for it again, which a batch of thousands of 12 MP photos
    /// measurably feels (docs/scale.md). A kept buffer is reserved at its worst-case size but only
    /// the pages a JPEG was written to are resident.
    /// </summary>
    private sealed class Encoder
    {
        // At most one idle encoder per core: a batch renders about that many images at once.
        private static readonly System.Collections.Concurrent.ConcurrentBag<Encoder> Idle = new();
        private static int _idleCount;

        private nint _handle;
        private byte* _buffer;
        private nuint _capacity;

        public static Encoder Rent()
        {
            if (Idle.TryTake(out var kept))
            {
                Interlocked.Decrement(ref _idleCount);
                return kept;
            }
            nint handle = TurboJpeg.InitCompress();
            if (handle == 0) throw new InvalidOperationException("TurboJPEG could not create a compressor");
            return new Encoder { _handle = handle };
        }

        public static void Return(Encoder encoder)
        {
            if (Interlocked.Increment(ref _idleCount) <= Environment.ProcessorCount) Idle.Add(encoder);
            else
            {
                Interlocked.Decrement(ref _idleCount);
                encoder.Release();
            }
        }

        public byte[] Encode(RgbImage image, int quality, Finish finish)
        {
            nuint worst = TurboJpeg.BufSize(image.Width, image.Height, TurboJpeg.Subsampling444);
            if (worst == nuint.MaxValue)
                throw new InvalidOperationException($"TurboJPEG cannot size a {image.Width}×{image.Height} JPEG: {TurboJpeg.ErrorText(0)}");
            if (_capacity < worst)
            {
                NativeMemory.Free(_buffer);
                _buffer = null;
                _capacity = 0;
                _buffer = (byte*)NativeMemory.Alloc(worst);
                _capacity = worst;
            }
            byte* jpeg = _buffer;
            nuint size = _capacity;
            fixed (byte* s = image.Data)
            {
                // NOREALLOC: TurboJPEG writes into this buffer and never frees or replaces it.
                if (TurboJpeg.Compress2(_handle, s, image.Width, image.Width * 3, image.Height, TurboJpeg.PixelFormatRgb,
                        &jpeg, &size, TurboJpeg.Subsampling444, quality, TurboJpeg.FlagAccurateDct | TurboJpeg.FlagNoRealloc) != 0)
                    throw new InvalidOperationException($"TurboJPEG could not encode the image: {TurboJpeg.ErrorText(_handle)}");
            }
            if (jpeg != _buffer || size > _capacity)
                throw new InvalidOperationException("TurboJPEG wrote outside the buffer it was given");
            return finish(new ReadOnlySpan<byte>(jpeg, checked((int)size)));
        }

        private void Release()
        {
            NativeMemory.Free(_buffer);
            _buffer = null;
            _capacity = 0;
            TurboJpeg.Destroy(_handle);
            _handle = 0;
        }
    }

    private static InputException Fail(string path, nint handle) =>
        new($"{path}: not a readable JPEG file ({TurboJpeg.ErrorText(handle)})");
}
