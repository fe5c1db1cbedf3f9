using System.Buffers.Binary;
using System.Text;

namespace LutBridge.Editors.Darktable;

/// <summary>lut3d's colour space setting: the space the LUT is applied in.</summary>
public enum Lut3dColorspace { Srgb = 0, AdobeRgb = 1, GammaRec709 = 2, LinearRec709 = 3, LinearRec2020 = 4 }

/// <summary>lut3d's interpolation setting.</summary>
public enum Lut3dInterpolation { Tetrahedral = 0, Trilinear = 1, Pyramid = 2 }

/// <summary>
/// The parameters of darktable 4.2's lut3d module, version 3, as the C struct it stores in
/// styles and XMP: char filepath[512]; int colorspace; int interpolation; int nb_keypoints;
/// char c_clut[12288]; char lutname[128] — 12,940 bytes, little-endian ints, NUL-padded strings.
/// <see cref="FilePath"/> is relative to darktable's conf key plugins/darkroom/lut3d/def_path.
/// </summary>
public sealed record Lut3dParams(
    string FilePath,
    Lut3dColorspace Colorspace = Lut3dColorspace.Srgb,
    Lut3dInterpolation Interpolation = Lut3dInterpolation.Tetrahedral)
{
    public const int ModuleVersion = 3;
    public const string Operation = "lut3d";
    public const int FilePathBytes = 512;
    public const int CompressedClutBytes = 12288;
    public const int LutNameBytes = 128;
    public const int Size = FilePathBytes + 3 * sizeof(int) + CompressedClutBytes + LutNameBytes; // 12,940

    private const int ColorspaceOffset = FilePathBytes;
    private const int InterpolationOffset = ColorspaceOffset + 4;
    private const int KeypointsOffset = InterpolationOffset + 4;

    public byte[] Encode()
    {
        var bytes = new byte[Size];
        WriteCString(bytes.AsSpan(0, FilePathBytes), FilePath, "lut3d file path");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(ColorspaceOffset), (int)Colorspace);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(InterpolationOffset), (int)Interpolation);
        // nb_keypoints, c_clut and lutname are only used for G'MIC compressed LUTs: left zero.
        return bytes;
    }

    public static Lut3dParams Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new FormatException($"lut3d version 3 params are {Size} bytes, got {bytes.Length}");
        var path = ReadCString(bytes[..FilePathBytes]);
        int colorspace = BinaryPrimitives.ReadInt32LittleEndian(bytes[ColorspaceOffset..]);
        int interpolation = BinaryPrimitives.ReadInt32LittleEndian(bytes[InterpolationOffset..]);
        if (!Enum.IsDefined((Lut3dColorspace)colorspace)) throw new FormatException($"lut3d colorspace {colorspace} is unknown");
        if (!Enum.IsDefined((Lut3dInterpolation)interpolation)) throw new FormatException($"lut3d interpolation {interpolation} is unknown");
        return new Lut3dParams(path, (Lut3dColorspace)colorspace, (Lut3dInterpolation)interpolation);
    }

    private static void WriteCString(Span<byte> field, string text, string what)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (utf8.Length >= field.Length)
            throw new ArgumentException($"{what} is {utf8.Length} bytes; darktable allows at most {field.Length - 1}: {text}");
        if (Array.IndexOf(utf8, (byte)0) >= 0)
            throw new ArgumentException($"{what} contains a NUL byte");
        utf8.CopyTo(field);
    }

    private static string ReadCString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
