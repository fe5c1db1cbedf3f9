using System.Runtime.InteropServices;
using LutBridge.Core;
using LutBridge.Core.Imaging;
using LutBridge.Editors.Raw.Native;

namespace LutBridge.Editors.Raw;

/// <summary>
/// Develops camera raw files with LibRaw 0.20 like <c>dcraw_emu -w -6 -o 1</c> (camera white
/// balance, 16 bits, sRGB primaries, AHD demosaic) into a 16-bit <see cref="RgbImage"/>,
/// already rotated by the file's orientation. Every LibRaw return code is checked; failures
/// become <see cref="InputException"/> naming the file and LibRaw's message.
/// </summary>
public static unsafe class RawDecoder
{
    /// <summary>File extensions treated as camera raw (lower case, with dot).</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".dng", ".kdc", ".dcr", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf",
        ".rw2", ".pef", ".srw", ".x3f", ".3fr", ".fff", ".iiq", ".mos", ".mef", ".mrw", ".erf", ".raw", ".rwl",
    };

    public static bool IsRawPath(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>Reads only the metadata (open, no unpack).</summary>
    public static RawMetadata ReadMetadata(string path)
    {
        using var handle = Open(path);
        return Metadata(handle.Data);
    }

    /// <summary>Develops <paramref name="path"/> into a 16-bit RGB image.</summary>
    public static RgbImage Decode(string path, RawDecodeOptions? options = null) => Decode(path, options, out _);

    public static RgbImage Decode(string path, RawDecodeOptions? options, out RawMetadata metadata)
    {
        options ??= RawDecodeOptions.Default;
        using var handle = Open(path);
        var lr = handle.Data;
        metadata = Metadata(lr);
        Configure(lr, options);
        Check(LibRawNative.Unpack(lr), path, "unpack");
        Check(LibRawNative.DcrawProcess(lr), path, "process");
        int error = 0;
        var mem = LibRawNative.DcrawMakeMemImage(lr, &error);
        if (mem == 0)
            throw new InputException($"{path}: LibRaw could not make the image ({LibRawNative.StrError(error)})");
        try
        {
            Check(error, path, "make image");
            return CopyImage((byte*)mem, path);
        }
        finally
        {
            LibRawNative.DcrawClearMem(mem);
        }
    }

    private static void Configure(nint lr, RawDecodeOptions options)
    {
        LibRawNative.SetOutputBps(lr, 16);
        LibRawNative.SetOutputColor(lr, 1); // sRGB primaries (D65)
        *(int*)((byte*)lr + LibRawLayout.ParamsUseCameraWb) = 1;
        if (options.Output == RawOutput.Linear)
        {
            LibRawNative.SetGamma(lr, 0, 1f);
            LibRawNative.SetGamma(lr, 1, 1f);
            LibRawNative.SetNoAutoBright(lr, 1);
        }
        else
        {
            // LibRaw's gamma curve takes 1/power and the toe slope; 2.4 and 12.92 give the sRGB curve.
            LibRawNative.SetGamma(lr, 0, 1f / 2.4f);
            LibRawNative.SetGamma(lr, 1, 12.92f);
        }
    }

    private static RgbImage CopyImage(byte* mem, string path)
    {
        int type = *(int*)(mem + LibRawLayout.ImageType);
        int height = *(ushort*)(mem + LibRawLayout.ImageHeight);
        int width = *(ushort*)(mem + LibRawLayout.ImageWidth);
        int colors = *(ushort*)(mem + LibRawLayout.ImageColors);
        int bits = *(ushort*)(mem + LibRawLayout.ImageBits);
        long size = *(uint*)(mem + LibRawLayout.ImageDataSize);
        if (type != LibRawNative.ImageBitmap || colors != 3 || bits != 16 || width <= 0 || height <= 0)
            throw new InputException($"{path}: LibRaw produced an unexpected image (type {type}, {colors} colours, {bits} bits, {width}×{height})");
        long expected = (long)width * height * 3 * 2;
        if (size != expected)
            throw new InputException($"{path}: LibRaw image holds {size} bytes, expected {expected}");
        var image = new RgbImage(width, height, SampleType.UInt16);
        new ReadOnlySpan<byte>(mem + LibRawLayout.ImageData, checked((int)size)).CopyTo(image.Data);
        return image;
    }

    private static RawMetadata Metadata(nint lr)
    {
        var iparams = (byte*)LibRawNative.GetIParams(lr);
        if (iparams == null) throw new InvalidOperationException("libraw_get_iparams returned NULL");
        return new RawMetadata(
            FixedString(iparams + LibRawLayout.IParamsMake),
            FixedString(iparams + LibRawLayout.IParamsModel),
            LibRawNative.GetRawWidth(lr),
            LibRawNative.GetRawHeight(lr),
            *(int*)((byte*)lr + LibRawLayout.SizesFlip));
    }

    private static string FixedString(byte* p)
    {
        int n = 0;
        while (n < LibRawLayout.MakeModelLength && p[n] != 0) n++;
        return System.Text.Encoding.UTF8.GetString(p, n).Trim();
    }

    private static Handle Open(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: no such raw file");
        var lr = LibRawNative.Init(0);
        if (lr == 0) throw new InvalidOperationException("libraw_init failed (out of memory?)");
        var handle = new Handle(lr);
        try
        {
            Check(LibRawNative.OpenFile(lr, path), path, "open");
            VerifyLayout(lr);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Guards the hard-coded offsets: the raw width read through the offset must equal the accessor's.</summary>
    private static void VerifyLayout(nint lr)
    {
        int viaOffset = *(ushort*)((byte*)lr + LibRawLayout.SizesRawWidth);
        int viaApi = LibRawNative.GetRawWidth(lr);
        if (viaOffset != viaApi)
            throw new InvalidOperationException(
                $"LibRaw {LibRawNative.Version}: struct layout differs from LibRaw 0.20 (raw_width {viaOffset} vs {viaApi}); rebuild LutBridge for this LibRaw");
    }

    private static void Check(int code, string path, string step)
    {
        if (code != LibRawNative.Success)
            throw new InputException($"{path}: LibRaw {step} failed: {LibRawNative.StrError(code)}");
    }

    private sealed class Handle(nint data) : IDisposable
    {
        public nint Data { get; } = data;
        private bool _closed;

        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            LibRawNative.Close(Data);
        }
    }
}
