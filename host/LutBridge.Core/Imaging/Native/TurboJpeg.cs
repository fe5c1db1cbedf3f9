using System.Runtime.InteropServices;

namespace LutBridge.Core.Imaging.Native;

/// <summary>libjpeg-turbo's TurboJPEG 2.1 API (turbojpeg.h). It reports errors by return value, never longjmp.</summary>
internal static unsafe partial class TurboJpeg
{
    private const string Lib = "libturbojpeg.so.0";

    public const int PixelFormatRgb = 0;   // TJPF_RGB
    public const int Subsampling444 = 0;   // TJSAMP_444
    public const int FlagAccurateDct = 4096; // TJFLAG_ACCURATEDCT
    public const int FlagNoRealloc = 1024;   // TJFLAG_NOREALLOC

    [LibraryImport(Lib, EntryPoint = "tjInitDecompress")]
    public static partial nint InitDecompress();

    [LibraryImport(Lib, EntryPoint = "tjInitCompress")]
    public static partial nint InitCompress();

    [LibraryImport(Lib, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(Lib, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(nint handle, byte* jpeg, nuint jpegSize, int* width, int* height, int* subsampling, int* colorspace);

    [LibraryImport(Lib, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(nint handle, byte* jpeg, nuint jpegSize, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Lib, EntryPoint = "tjCompress2")]
    public static partial int Compress2(nint handle, byte* source, int width, int pitch, int height, int pixelFormat,
        byte** jpeg, nuint* jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(Lib, EntryPoint = "tjBufSize")]
    public static partial nuint BufSize(int width, int height, int subsampling);

    [LibraryImport(Lib, EntryPoint = "tjGetErrorStr2")]
    public static partial byte* GetErrorStr2(nint handle);

    public static string ErrorText(nint handle) => Marshal.PtrToStringUTF8((nint)GetErrorStr2(handle)) ?? "unknown error";
}
