namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// Sony Imageworks .spi3d (read only): "SPILUT 1.0", "3 3", "N N N", then N³ rows
/// "i j k R G B" (red, green, blue indices then the output), in any order; every node must
/// appear exactly once. The domain is the unit cube.
/// </summary>
public static class Spi3dFormat
{
    public static Lut Read(string path) => Parse(TextLines.Load(path));

    internal static Lut Parse(TextLines text)
    {
        var lines = new List<(string[] Tokens, int Line)>();
        for (int i = 0; i < text.Count; i++)
        {
            var t = text.Lines[i].Trim();
            if (t.Length > 0 && t[0] != '#') lines.Add((TextLines.Tokens(t), i + 1));
        }
        if (lines.Count < 3) throw text.Error(Math.Max(1, text.Count), "file ends inside the spi3d header");
        if (lines[0].Tokens[0] != "SPILUT") throw text.Error(lines[0].Line, "not an spi3d LUT (first line must start with SPILUT)");
        var dims = lines[1];
        if (dims.Tokens.Length != 2 || dims.Tokens[0] != "3" || dims.Tokens[1] != "3")
            throw text.Error(dims.Line, "expected '3 3' (3 inputs, 3 outputs)");
        var sizes = lines[2];
        if (sizes.Tokens.Length != 3) throw text.Error(sizes.Line, $"expected 3 sizes, found {sizes.Tokens.Length}");
        int n = text.Int(sizes.Tokens[0], sizes.Line, "size", Lattice3D.MinSize, Lattice3D.MaxSize);
        for (int c = 1; c < 3; c++)
            if (text.Int(sizes.Tokens[c], sizes.Line, "size", Lattice3D.MinSize, Lattice3D.MaxSize) != n)
                throw text.Error(sizes.Line, "sizes differ per axis; only cubic spi3d tables are supported");

        int expected = n * n * n;
        if (lines.Count - 3 != expected)
            throw text.Error(lines.Count > 3 + expected ? lines[3 + expected].Line : Math.Max(1, text.Count),
                $"expected {expected} table rows, found {lines.Count - 3}");
        var lattice = new Lattice3D(n);
        var seen = new bool[expected];
        for (int row = 3; row < lines.Count; row++)
        {
            var (tokens, line) = lines[row];
            if (tokens.Length != 6) throw text.Error(line, $"table row: expected 6 values (i j k R G B), found {tokens.Length}");
            int r = text.Int(tokens[0], line, "red index", 0, n - 1);
            int g = text.Int(tokens[1], line, "green index", 0, n - 1);
            int b = text.Int(tokens[2], line, "blue index", 0, n - 1);
            int node = (b * n + g) * n + r;
            if (seen[node]) throw text.Error(line, $"node {r} {g} {b} given twice");
            seen[node] = true;
            var v = text.Floats(tokens, 3, 3, line, "table row");
            v.CopyTo(lattice.Data, node * 3);
        }
        return new Lut(lattice) { Title = Path.GetFileNameWithoutExtension(text.Path) };
    }
}
