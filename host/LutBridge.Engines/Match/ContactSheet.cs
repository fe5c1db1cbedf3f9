using LutBridge.Core.Imaging;

namespace LutBridge.Engines.Match;

/// <summary>
/// A contact sheet: the same photo graded by each variant, side by side in a grid, each tile
/// labelled underneath (a 3×5 pixel font, scaled; letters, digits and a few signs, others blank).
/// </summary>
public static class ContactSheet
{
    private const int Gap = 8, Scale = 3, LabelHeight = 5 * Scale + 2 * Gap;

    public static RgbImage Compose(IReadOnlyList<(string Label, float[] Rgb)> tiles, int width, int height, int columns = 2)
    {
        if (tiles.Count == 0) throw new ArgumentException("no tiles", nameof(tiles));
        columns = Math.Clamp(columns, 1, tiles.Count);
        int rows = (tiles.Count + columns - 1) / columns;
        int cellW = width + Gap, cellH = height + LabelHeight;
        var sheet = new RgbImage(columns * cellW + Gap, rows * cellH + Gap, SampleType.UInt8);
        Array.Fill(sheet.Data, (byte)24);
        for (int t = 0; t < tiles.Count; t++)
        {
            int x0 = Gap + t % columns * cellW, y0 = Gap + t / columns * cellH;
            var rgb = tiles[t].Rgb;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < 3; c++)
                        sheet.Data[((y0 + y) * sheet.Width + x0 + x) * 3 + c] = ImageConvert.ToUInt8(rgb[(y * width + x) * 3 + c]);
            DrawText(sheet, tiles[t].Label, x0, y0 + height + Gap, width);
        }
        return sheet;
    }

    private static void DrawText(RgbImage image, string text, int x0, int y0, int maxWidth)
    {
        int x = x0;
        foreach (var ch in text.ToUpperInvariant())
        {
            if (x + 3 * Scale > x0 + maxWidth) break;
            if (Glyphs.TryGetValue(ch, out var rows))
                for (int r = 0; r < 5; r++)
                    for (int c = 0; c < 3; c++)
                        if (rows[r][c] == '#')
                            for (int dy = 0; dy < Scale; dy++)
                                for (int dx = 0; dx < Scale; dx++)
                                {
                                    int px = x + c * Scale + dx, py = y0 + r * Scale + dy;
                                    if (px < image.Width && py < image.Height)
                                        for (int k = 0; k < 3; k++) image.Data[(py * image.Width + px) * 3 + k] = 235;
                                }
            x += 4 * Scale;
        }
    }

    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['A'] = [".#.", "#.#", "###", "#.#", "#.#"], ['B'] = ["##.", "#.#", "##.", "#.#", "##."],
        ['C'] = [".##", "#..", "#..", "#..", ".##"], ['D'] = ["##.", "#.#", "#.#", "#.#", "##."],
        ['E'] = ["###", "#..", "##.", "#..", "###"], ['F'] = ["###", "#..", "##.", "#..", "#.."],
        ['G'] = [".##", "#..", "#.#", "#.#", ".##"], ['H'] = ["#.#", "#.#", "###", "#.#", "#.#"],
        ['I'] = ["###", ".#.", ".#.", ".#.", "###"], ['J'] = ["..#", "..#", "..#", "#.#", ".#."],
        ['K'] = ["#.#", "#.#", "##.", "#.#", "#.#"], ['L'] = ["#..", "#..", "#..", "#..", "###"],
        ['M'] = ["#.#", "###", "###", "#.#", "#.#"], ['N'] = ["##.", "#.#", "#.#", "#.#", "#.#"],
        ['O'] = [".#.", "#.#", "#.#", "#.#", ".#."], ['P'] = ["##.", "#.#", "##.", "#..", "#.."],
        ['Q'] = [".#.", "#.#", "#.#", "##.", ".##"], ['R'] = ["##.", "#.#", "##.", "#.#", "#.#"],
        ['S'] = [".##", "#..", ".#.", "..#", "##."], ['T'] = ["###", ".#.", ".#.", ".#.", ".#."],
        ['U'] = ["#.#", "#.#", "#.#", "#.#", "###"], ['V'] = ["#.#", "#.#", "#.#", "#.#", ".#."],
        ['W'] = ["#.#", "#.#", "###", "###", "#.#"], ['X'] = ["#.#", "#.#", ".#.", "#.#", "#.#"],
        ['Y'] = ["#.#", "#.#", ".#.", ".#.", ".#."], ['Z'] = ["###", "..#", ".#.", "#..", "###"],
        ['0'] = ["###", "#.#", "#.#", "#.#", "###"], ['1'] = [".#.", "##.", ".#.", ".#.", "###"],
        ['2'] = ["##.", "..#", ".#.", "#..", "###"], ['3'] = ["##.", "..#", ".#.", "..#", "##."],
        ['4'] = ["#.#", "#.#", "###", "..#", "..#"], ['5'] = ["###", "#..", "##.", "..#", "##."],
        ['6'] = [".##", "#..", "###", "#.#", "###"], ['7'] = ["###", "..#", ".#.", ".#.", ".#."],
        ['8'] = ["###", "#.#", "###", "#.#", "###"], ['9'] = ["###", "#.#", "###", "..#", "##."],
        ['-'] = ["...", "...", "###", "...", "..."], ['_'] = ["...", "...", "...", "...", "###"],
        ['.'] = ["...", "...", "...", "...", ".#."], ['+'] = ["...", ".#.", "###", ".#.", "..."],
        [':'] = ["...", ".#.", "...", ".#.", "..."], ['('] = [".#.", "#..", "#..", "#..", ".#."],
        [')'] = [".#.", "..#", "..#", "..#", ".#."], ['/'] = ["..#", "..#", ".#.", "#..", "#.."],
    };
}
