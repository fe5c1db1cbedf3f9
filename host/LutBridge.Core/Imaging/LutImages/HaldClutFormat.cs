using LutBridge.Core.Luts;

namespace LutBridge.Core.Imaging.LutImages;

/// <summary>
/// HaldCLUT images: level L (2..16) is an (L³)×(L³) image holding an L²-point lattice, one
/// pixel per node in scan order with red varying fastest, then green, then blue (the same
/// order as <see cref="Lattice3D"/>). 8- and 16-bit PNGs are read and written; values are
/// clipped to 0..1 on write (reported). Sizes that are not L² are resampled to a level whose
/// nodes include the source nodes when one up to level 8 exists (e.g. 13 → 25, 17 → 49),
/// else to the smallest level holding at least as many nodes (33 → 36). See <see cref="LevelFor"/>.
/// </summary>
public static class HaldClutFormat
{
    public const int MinLevel = 2;
    public const int MaxLevel = 16;

    /// <summary>The Hald level whose image side is <paramref name="side"/>, or null.</summary>
    public static int? LevelOfSide(int side)
    {
        for (int level = MinLevel; level <= MaxLevel; level++)
            if (level * level * level == side) return level;
        return null;
    }

    /// <summary>Largest level picked only to keep source nodes (512×512 image); beyond it size wins.</summary>
    public const int MaxNodeKeepingLevel = 8;

    /// <summary>
    /// The level to store a lattice of <paramref name="size"/> in: exact when size = L²; else
    /// the smallest level up to 8 whose nodes contain the source nodes ((L²−1) a multiple of
    /// size−1) — an integer refinement, which tetrahedral and trilinear interpolation
    /// reproduce exactly; else the smallest level with L² ≥ size (16 at most). A 33³ LUT thus
    /// goes to level 6 (36³, resampled); ask for size 225 to get the exact level 15.
    /// </summary>
    public static int LevelFor(int size)
    {
        for (int level = MinLevel; level <= MaxLevel; level++)
            if (level * level == size) return level;
        for (int level = MinLevel; level <= MaxNodeKeepingLevel; level++)
            if ((level * level - 1) % (size - 1) == 0) return level;
        for (int level = MinLevel; level <= MaxLevel; level++)
            if (level * level >= size) return level;
        return MaxLevel;
    }

    public static Lut FromImage(RgbImage image, string path)
    {
        if (image.Width != image.Height || LevelOfSide(image.Width) is not int level)
            throw new InputException($"{path}: {image.Width}×{image.Height} is not a HaldCLUT (square, side L³ for level L = 2..16, e.g. 512×512 for level 8)");
        int size = level * level;
        var lattice = new Lattice3D(size);
        Unpack(image, lattice.Data);
        return new Lut(lattice) { Title = Path.GetFileNameWithoutExtension(path) };
    }

    public static RgbImage ToImage(Lut lut, LutWriteOptions options, LutWriteReport report)
    {
        if (options.HaldBits is not (8 or 16))
            throw new InputException($"HaldCLUT depth must be 8 or 16 bit, not {options.HaldBits}");
        int level = LevelFor(options.Size ?? lut.Lattice?.Size ?? Lut.DefaultLatticeSize);
        var plain = LutConversion.ToPlain(lut, options with { Size = level * level }, report, "HaldCLUT");
        report.Notes.Add($"HaldCLUT level {level}: {level * level}³ lattice in a {level * level * level}×{level * level * level} image, {options.HaldBits} bit");
        int side = level * level * level;
        var image = new RgbImage(side, side, options.HaldBits == 8 ? SampleType.UInt8 : SampleType.UInt16);
        int clipped = Pack(plain.Lattice!.Data, image);
        if (clipped > 0) report.Add($"{clipped} values outside 0..1 clipped (HaldCLUT holds 0..1 only)");
        report.WrittenSize = level * level;
        return image;
    }

    /// <summary>Image samples → floats 0..1, in the image's scan order.</summary>
    internal static void Unpack(RgbImage image, float[] data)
    {
        switch (image.Type)
        {
            case SampleType.UInt8:
                var b8 = image.Samples<byte>();
                for (int i = 0; i < data.Length; i++) data[i] = b8[i] / 255f;
                break;
            case SampleType.UInt16:
                var b16 = image.Samples<ushort>();
                for (int i = 0; i < data.Length; i++) data[i] = b16[i] / 65535f;
                break;
            default:
                var f = image.Samples<float>();
                for (int i = 0; i < data.Length; i++) data[i] = f[i];
                break;
        }
    }

    /// <summary>Floats → image samples (rounded, clipped to 0..1); returns how many were clipped.</summary>
    internal static int Pack(float[] data, RgbImage image)
    {
        int clipped = 0;
        if (image.Type == SampleType.UInt8)
        {
            var dst = image.Samples<byte>();
            for (int i = 0; i < data.Length; i++) dst[i] = (byte)Quantize(data[i], 255f, ref clipped);
        }
        else
        {
            var dst = image.Samples<ushort>();
            for (int i = 0; i < data.Length; i++) dst[i] = (ushort)Quantize(data[i], 65535f, ref clipped);
        }
        return clipped;
    }

    private static int Quantize(float v, float max, ref int clipped)
    {
        if (!(v >= 0 && v <= 1)) clipped++;
        return (int)MathF.Round(Math.Clamp(float.IsNaN(v) ? 0 : v, 0, 1) * max);
    }
}
