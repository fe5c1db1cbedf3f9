using LutBridge.Core.Luts;

namespace LutBridge.Core.Imaging.LutImages;

/// <summary>
/// GPUImage "lookup" images (read only): a 512×512 image holding a 64-point lattice as 8×8
/// tiles of 64×64 pixels. Blue level b is the tile at row b / 8, column b % 8; inside a tile
/// x is the red level and y the green level.
/// </summary>
public static class GpuImageLookupFormat
{
    public const int Side = 512;
    public const int Levels = 64;

    public static bool Fits(RgbImage image) => image.Width == Side && image.Height == Side;

    public static Lut FromImage(RgbImage image, string path)
    {
        if (!Fits(image))
            throw new InputException($"{path}: {image.Width}×{image.Height} is not a GPUImage lookup (512×512)");
        var pixels = new float[image.Width * image.Height * 3];
        HaldClutFormat.Unpack(image, pixels);
        var lattice = new Lattice3D(Levels);
        for (int b = 0; b < Levels; b++)
        {
            int tileX = (b % 8) * Levels, tileY = (b / 8) * Levels;
            for (int g = 0; g < Levels; g++)
                for (int r = 0; r < Levels; r++)
                {
                    int src = ((tileY + g) * Side + tileX + r) * 3;
                    int dst = lattice.Index(r, g, b);
                    lattice.Data[dst] = pixels[src];
                    lattice.Data[dst + 1] = pixels[src + 1];
                    lattice.Data[dst + 2] = pixels[src + 2];
                }
        }
        return new Lut(lattice) { Title = Path.GetFileNameWithoutExtension(path) };
    }
}
