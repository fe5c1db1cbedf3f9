using System.Runtime.InteropServices;

namespace LutBridge.Core.Imaging.Native;

/// <summary>
/// libpng 1.6's "simplified API" (png.h, png_image_*). We use it rather than the classic
/// API because the classic API reports errors by longjmp, which must never unwind through
/// .NET frames; the simplified API catches its own longjmp inside libpng and reports
/// failure as a 0 return plus a message in <see cref="PngImage.Message"/>.
/// </summary>
internal static unsafe partial class LibPng
{
    internal const string Library = "libpng16.so.16";
    private const string Lib = Library;

    public const uint ImageVersion = 1;          // PNG_IMAGE_VERSION
    public const uint FormatFlagAlpha = 0x01;    // PNG_FORMAT_FLAG_ALPHA
    public const uint FormatFlagColor = 0x02;    // PNG_FORMAT_FLAG_COLOR
    public const uint FormatFlagLinear = 0x04;   // PNG_FORMAT_FLAG_LINEAR: 16-bit samples
    public const uint FormatFlagColormap = 0x08; // PNG_FORMAT_FLAG_COLORMAP
    public const uint ImageError = 0x02;         // bit of warning_or_error

    /// <summary>png_image (png.h): the layout is part of libpng's ABI.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PngImage
    {
        public nint Opaque;
        public uint Version;
        public uint Width;
        public uint Height;
        public uint Format;
        public uint Flags;
        public uint ColormapEntries;
        public uint WarningOrError;
        public fixed byte Message[64];

        public readonly string MessageText
        {
            get
            {
                fixed (byte* m = Message)
                    return Marshal.PtrToStringUTF8((nint)m, new ReadOnlySpan<byte>(m, 64).IndexOf((byte)0) is var n and >= 0 ? n : 64);
            }
        }
    }

    [LibraryImport(Lib, EntryPoint = "png_image_begin_read_from_memory")]
    public static partial int BeginReadFromMemory(PngImage* image, byte* memory, nuint size);

    [LibraryImport(Lib, EntryPoint = "png_image_finish_read")]
    public static partial int FinishRead(PngImage* image, void* background, void* buffer, int rowStride, void* colormap);

    [LibraryImport(Lib, EntryPoint = "png_image_free")]
    public static partial void Free(PngImage* image);

    [LibraryImport(Lib, EntryPoint = "png_image_write_to_memory")]
    public static partial int WriteToMemory(PngImage* image, void* memory, nuint* memoryBytes, int convertTo8Bit,
        void* buffer, int rowStride, void* colormap);
}
