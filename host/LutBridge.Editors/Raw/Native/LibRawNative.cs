using System.Runtime.InteropServices;

namespace LutBridge.Editors.Raw.Native;

/// <summary>
/// LibRaw 0.20's C API (libraw/libraw.h), Debian package libraw20. The thread-safe build
/// (libraw_r) is used so that batch workers may decode in parallel, one handle each.
/// Every call that returns an int returns LIBRAW_SUCCESS (0) or an error code for
/// <see cref="StrError"/>. Parameters without a setter in the C API are written at the
/// offsets in <see cref="LibRawLayout"/>, which a test checks against the header.
/// </summary>
internal static unsafe partial class LibRawNative
{
    public const string Lib = "libraw_r.so.20";

    public const int Success = 0;

    /// <summary>libraw_processed_image_t.type for a decoded bitmap.</summary>
    public const int ImageBitmap = 2;

    [LibraryImport(Lib, EntryPoint = "libraw_init")]
    public static partial nint Init(uint flags);

    [LibraryImport(Lib, EntryPoint = "libraw_close")]
    public static partial void Close(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_open_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenFile(nint data, string path);

    [LibraryImport(Lib, EntryPoint = "libraw_unpack")]
    public static partial int Unpack(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_dcraw_process")]
    public static partial int DcrawProcess(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_dcraw_make_mem_image")]
    public static partial nint DcrawMakeMemImage(nint data, int* errorCode);

    [LibraryImport(Lib, EntryPoint = "libraw_dcraw_clear_mem")]
    public static partial void DcrawClearMem(nint image);

    [LibraryImport(Lib, EntryPoint = "libraw_strerror")]
    public static partial nint StrErrorPtr(int code);

    [LibraryImport(Lib, EntryPoint = "libraw_version")]
    public static partial nint VersionPtr();

    [LibraryImport(Lib, EntryPoint = "libraw_versionNumber")]
    public static partial int VersionNumber();

    [LibraryImport(Lib, EntryPoint = "libraw_set_output_bps")]
    public static partial void SetOutputBps(nint data, int value);

    [LibraryImport(Lib, EntryPoint = "libraw_set_output_color")]
    public static partial void SetOutputColor(nint data, int value);

    [LibraryImport(Lib, EntryPoint = "libraw_set_gamma")]
    public static partial void SetGamma(nint data, int index, float value);

    [LibraryImport(Lib, EntryPoint = "libraw_set_no_auto_bright")]
    public static partial void SetNoAutoBright(nint data, int value);

    [LibraryImport(Lib, EntryPoint = "libraw_get_raw_width")]
    public static partial int GetRawWidth(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_get_raw_height")]
    public static partial int GetRawHeight(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_get_iwidth")]
    public static partial int GetIWidth(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_get_iheight")]
    public static partial int GetIHeight(nint data);

    [LibraryImport(Lib, EntryPoint = "libraw_get_iparams")]
    public static partial nint GetIParams(nint data);

    public static string StrError(int code) => Marshal.PtrToStringUTF8(StrErrorPtr(code)) ?? $"LibRaw error {code}";

    public static string Version => Marshal.PtrToStringUTF8(VersionPtr()) ?? "?";
}

/// <summary>
/// Byte offsets into LibRaw 0.20's structs (x86-64 / AArch64 Linux, LP64) for the fields the C API
/// has no accessor for. Measured with offsetof() on /usr/include/libraw/libraw.h; the test
/// LibRawLayoutTests compiles that check and compares, and <see cref="RawDecoder"/> cross-checks
/// raw_width against libraw_get_raw_width at run time before trusting them.
/// </summary>
internal static class LibRawLayout
{
    /// <summary>libraw_data_t.sizes.raw_width (ushort).</summary>
    public const int SizesRawWidth = 10;

    /// <summary>libraw_data_t.sizes.flip (int): 0 none, 3 180°, 5 90° CCW, 6 90° CW.</summary>
    public const int SizesFlip = 40;

    /// <summary>libraw_data_t.params.use_camera_wb (int).</summary>
    public const int ParamsUseCameraWb = 5196;

    /// <summary>libraw_iparams_t.make (char[64]).</summary>
    public const int IParamsMake = 4;

    /// <summary>libraw_iparams_t.model (char[64]).</summary>
    public const int IParamsModel = 68;

    /// <summary>libraw_processed_image_t: type (int), height, width, colors, bits (ushort), data_size (uint), data.</summary>
    public const int ImageType = 0, ImageHeight = 4, ImageWidth = 6, ImageColors = 8, ImageBits = 10, ImageDataSize = 12, ImageData = 16;

    public const int MakeModelLength = 64;
}
