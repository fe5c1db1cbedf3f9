namespace LutBridge.Core.Imaging;

/// <summary>
/// What a photo says about itself besides its pixels, carried from input to output so a graded
/// photo keeps its orientation, camera, colour profile and captions:
/// <list type="bullet">
/// <item>JPEG → JPEG: the EXIF and XMP (APP1), ICC (APP2) and IPTC (APP13) segments, byte for byte;</item>
/// <item>TIFF → TIFF: ICC profile, XMP packet, orientation, and the camera/description/copyright text tags;</item>
/// <item>across JPEG and TIFF: the ICC profile and the XMP packet (EXIF is not converted: <see cref="LostExif"/>).</item>
/// </list>
/// PNG carries nothing either way. Pixels are graded as stored, so keeping the ICC profile keeps
/// the output in the input's colour space.
/// </summary>
public sealed record ImageMetadata
{
    public static readonly ImageMetadata None = new();

    /// <summary>APPn segments of a JPEG input (marker byte, payload after the length), in file order.</summary>
    public IReadOnlyList<(byte Marker, byte[] Payload)> JpegSegments { get; init; } = [];

    /// <summary>The ICC profile, whole (JPEG's chunks joined).</summary>
    public byte[]? Icc { get; init; }

    /// <summary>The XMP packet (standard XMP only).</summary>
    public byte[]? Xmp { get; init; }

    /// <summary>True when the input had EXIF (orientation, camera, exposure...).</summary>
    public bool HasExif { get; init; }

    /// <summary>TIFF orientation (1..8) of a TIFF input.</summary>
    public ushort? TiffOrientation { get; init; }

    /// <summary>TIFF text tags (Make, Model, DateTime, ImageDescription, Artist, Copyright) of a TIFF input.</summary>
    public IReadOnlyList<(uint Tag, string Text)> TiffText { get; init; } = [];

    public bool IsEmpty => JpegSegments.Count == 0 && Icc is null && Xmp is null && !HasExif && TiffOrientation is null && TiffText.Count == 0;

    /// <summary>True when writing to <paramref name="format"/> loses the input's EXIF (only JPEG → JPEG keeps it).</summary>
    public bool LostExif(ImageFormat format) => HasExif && !(format == ImageFormat.Jpeg && JpegSegments.Count > 0);
}
