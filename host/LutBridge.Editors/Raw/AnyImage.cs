using LutBridge.Core.Imaging;

namespace LutBridge.Editors.Raw;

/// <summary>
/// Reads any input the host pipeline accepts: camera raw through LibRaw (by extension),
/// everything else through Core's <see cref="ImageFile"/>. Lives here so that Core does not
/// depend on LibRaw.
/// </summary>
public static class AnyImage
{
    public static RgbImage Read(string path, RawDecodeOptions? rawOptions = null) =>
        RawDecoder.IsRawPath(path) ? RawDecoder.Decode(path, rawOptions) : ImageFile.Read(path);

    /// <summary>True for the extensions <see cref="Read"/> handles.</summary>
    public static bool IsSupported(string path) => RawDecoder.IsRawPath(path) || ImageFile.IsImagePath(path);
}
