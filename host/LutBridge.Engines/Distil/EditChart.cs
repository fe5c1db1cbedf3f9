using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Distil;

/// <summary>
/// The neutral target an editor renders when distil learns its edit: every node of a
/// <see cref="Levels"/>³ lattice of sRGB colours as a flat <see cref="PatchSide"/>-pixel patch
/// (16 bit, so the nodes are exact). A HaldCLUT puts a different colour in every pixel, which
/// any spatial module (sharpening, denoising, local contrast) smears across colours; flat
/// patches read at their centre (<see cref="Inset"/> pixels from each edge) see only colour.
/// Patches are laid out as HaldCLUT does (red fastest, then green; one tile of Levels × Levels
/// per blue level), so neighbours differ by one lattice step and halos stay small.
/// </summary>
public sealed class EditChart
{
    public const int Levels = 17;
    public const int PatchSide = 8;
    public const int Inset = 2;

    /// <summary>Blue tiles per row of the chart (17 tiles as 5 × 4; the three spare slots are mid grey).</summary>
    public const int TilesAcross = 5;

    public RgbImage Image { get; }

    private EditChart(RgbImage image) => Image = image;

    public static int TileSide => Levels * PatchSide;
    public static int Width => TilesAcross * TileSide;
    public static int Height => (Levels + TilesAcross - 1) / TilesAcross * TileSide;

    /// <summary>The lattice colour of a node, in [0, 1].</summary>
    public static float Node(int index) => index / (float)(Levels - 1);

    public static EditChart Build()
    {
        var image = new RgbImage(Width, Height, SampleType.UInt16);
        var data = image.Data.AsSpan();
        var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(data);
        samples.Fill(32768);
        for (int b = 0; b < Levels; b++)
            for (int g = 0; g < Levels; g++)
                for (int r = 0; r < Levels; r++)
                {
                    var (x0, y0) = Origin(r, g, b);
                    ushort R = To16(Node(r)), G = To16(Node(g)), B = To16(Node(b));
                    for (int y = y0; y < y0 + PatchSide; y++)
                        for (int x = x0; x < x0 + PatchSide; x++)
                        {
                            int i = 3 * (y * Width + x);
                            samples[i] = R;
                            samples[i + 1] = G;
                            samples[i + 2] = B;
                        }
                }
        return new EditChart(image);

        static ushort To16(float v) => (ushort)Math.Round(v * 65535);
    }

    /// <summary>Top-left pixel of a node's patch.</summary>
    public static (int X, int Y) Origin(int r, int g, int b) =>
        ((b % TilesAcross) * TileSide + r * PatchSide, (b / TilesAcross) * TileSide + g * PatchSide);

    /// <summary>
    /// The chart's colours paired with what the editor made of them: the inner pixels of every
    /// patch (the node's exact colour → the rendered pixel). <paramref name="rendered"/> must have the chart's size.
    /// </summary>
    public static PixelPairs Pairs(RgbImage rendered)
    {
        if (rendered.Width != Width || rendered.Height != Height)
            throw new ArgumentException($"the rendered chart is {rendered.Width}×{rendered.Height}, not {Width}×{Height}");
        var after = Pixels.ToFloats(rendered);
        int inner = PatchSide - 2 * Inset;
        int n = Levels * Levels * Levels * inner * inner;
        var b0 = new float[3 * n];
        var a0 = new float[3 * n];
        int k = 0;
        for (int b = 0; b < Levels; b++)
            for (int g = 0; g < Levels; g++)
                for (int r = 0; r < Levels; r++)
                {
                    var (x0, y0) = Origin(r, g, b);
                    for (int y = y0 + Inset; y < y0 + PatchSide - Inset; y++)
                        for (int x = x0 + Inset; x < x0 + PatchSide - Inset; x++, k++)
                        {
                            b0[3 * k] = Node(r);
                            b0[3 * k + 1] = Node(g);
                            b0[3 * k + 2] = Node(b);
                            Array.Copy(after, 3 * (y * Width + x), a0, 3 * k, 3);
                        }
                }
        return new PixelPairs(b0, a0);
    }
}
