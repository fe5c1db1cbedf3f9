using System.Runtime.InteropServices;

namespace LutBridge.Core.Imaging.Native;

/// <summary>
/// Load order of the image codecs against OpenCV. libOpenCvSharpExtern carries its own copies of
/// libpng and zlib and exports their symbols; once it is loaded, a libpng loaded later binds to
/// those copies and every PNG read fails ("IDAT: CRC error"). Loading the system libpng first
/// keeps its own zlib bound. Whoever loads OpenCV calls <see cref="LoadBeforeOpenCv"/> first.
/// </summary>
public static class NativeCodecs
{
    private static readonly Lazy<bool> Loaded = new(() =>
    {
        NativeLibrary.Load(LibPng.Library);
        return true;
    });

    /// <summary>Loads libpng (once; cheap after the first call).</summary>
    public static void LoadBeforeOpenCv() => _ = Loaded.Value;
}
