using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LutBridge.Core.Imaging.Native;

/// <summary>
/// libtiff 4.5 (tiffio.h). libtiff reports failures by return value and calls an error
/// handler with the text; we route that handler to a per-thread "last error" string.
/// TIFFGetField/TIFFSetField are C variadic functions: they are bound with fixed integer
/// and pointer parameters, which the x86-64 and AArch64 Linux calling conventions pass
/// exactly like the variadic call would (no floating-point arguments are ever passed).
/// </summary>
internal static unsafe partial class LibTiff
{
    private const string Lib = "libtiff.so.6";

    public const uint TagImageWidth = 256, TagImageLength = 257, TagBitsPerSample = 258, TagCompression = 259,
        TagPhotometric = 262, TagSamplesPerPixel = 277, TagRowsPerStrip = 278, TagPlanarConfig = 284,
        TagPredictor = 317, TagSampleFormat = 339, TagOrientation = 274;
    public const int PhotometricMinIsBlack = 1, PhotometricRgb = 2;
    public const int PlanarContig = 1, PlanarSeparate = 2;
    public const int SampleFormatUInt = 1, SampleFormatFloat = 3;
    public const int CompressionDeflate = 8;
    public const int OrientationTopLeft = 1;

    [LibraryImport(Lib, EntryPoint = "TIFFOpen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Open(string path, string mode);

    [LibraryImport(Lib, EntryPoint = "TIFFClose")]
    public static partial void Close(nint tif);

    [LibraryImport(Lib, EntryPoint = "TIFFGetFieldDefaulted")]
    public static partial int GetFieldDefaulted(nint tif, uint tag, ushort* value);

    [LibraryImport(Lib, EntryPoint = "TIFFGetField")]
    public static partial int GetField(nint tif, uint tag, uint* value);

    [LibraryImport(Lib, EntryPoint = "TIFFSetField")]
    public static partial int SetField(nint tif, uint tag, int value);

    // Metadata tags: ICC profile and XMP packet are (uint32 count, void* data); text tags a char*.
    public const uint TagIccProfile = 34675, TagXmp = 700, TagMake = 271, TagModel = 272, TagDateTime = 306,
        TagImageDescription = 270, TagArtist = 315, TagCopyright = 33432;

    [LibraryImport(Lib, EntryPoint = "TIFFGetField")]
    public static partial int GetFieldBlob(nint tif, uint tag, uint* count, void** data);

    [LibraryImport(Lib, EntryPoint = "TIFFGetField")]
    public static partial int GetFieldText(nint tif, uint tag, byte** text);

    [LibraryImport(Lib, EntryPoint = "TIFFGetField")]
    public static partial int GetFieldUShort(nint tif, uint tag, ushort* value);

    [LibraryImport(Lib, EntryPoint = "TIFFSetField")]
    public static partial int SetFieldBlob(nint tif, uint tag, uint count, void* data);

    [LibraryImport(Lib, EntryPoint = "TIFFSetField")]
    public static partial int SetFieldText(nint tif, uint tag, byte* text);

    [LibraryImport(Lib, EntryPoint = "TIFFIsTiled")]
    public static partial int IsTiled(nint tif);

    [LibraryImport(Lib, EntryPoint = "TIFFScanlineSize64")]
    public static partial ulong ScanlineSize64(nint tif);

    [LibraryImport(Lib, EntryPoint = "TIFFDefaultStripSize")]
    public static partial uint DefaultStripSize(nint tif, uint request);

    [LibraryImport(Lib, EntryPoint = "TIFFReadScanline")]
    public static partial int ReadScanline(nint tif, void* buffer, uint row, ushort sample);

    [LibraryImport(Lib, EntryPoint = "TIFFWriteScanline")]
    public static partial int WriteScanline(nint tif, void* buffer, uint row, ushort sample);

    [LibraryImport(Lib, EntryPoint = "TIFFReadRGBAImageOriented")]
    public static partial int ReadRgbaImageOriented(nint tif, uint width, uint height, uint* raster, int orientation, int stopOnError);

    [LibraryImport(Lib, EntryPoint = "TIFFSetErrorHandler")]
    private static partial nint SetErrorHandler(nint handler);

    [LibraryImport(Lib, EntryPoint = "TIFFSetWarningHandler")]
    private static partial nint SetWarningHandler(nint handler);

    [LibraryImport("libc", EntryPoint = "vsnprintf")]
    private static partial int VsnPrintf(byte* buffer, nuint size, byte* format, nint args);

    [ThreadStatic] private static string? lastError;

    private static int installed;

    /// <summary>Installs the error handler (once) and clears this thread's last error.</summary>
    public static void BeginCall()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
        {
            SetErrorHandler((nint)(delegate* unmanaged[Cdecl]<byte*, byte*, nint, void>)&OnError);
            SetWarningHandler(0); // unknown tags and similar notes are not failures
        }
        lastError = null;
    }

    /// <summary>The message of the last libtiff error on this thread.</summary>
    public static string LastError => lastError ?? "libtiff reported no detail";

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(byte* module, byte* format, nint args)
    {
        var buffer = stackalloc byte[512];
        int n = VsnPrintf(buffer, 512, format, args);
        var text = n > 0 ? Marshal.PtrToStringUTF8((nint)buffer, Math.Min(n, 511)) : Marshal.PtrToStringUTF8((nint)format);
        lastError = module != null ? $"{Marshal.PtrToStringUTF8((nint)module)}: {text}" : text;
    }
}
