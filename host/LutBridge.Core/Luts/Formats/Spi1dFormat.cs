namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// Sony Imageworks .spi1d (read only, as OpenColorIO reads it):
/// "Version 1", "From MIN MAX" (input range), "Length N", "Components 1|3", then "{",
/// N rows of 1 or 3 values, "}". One component applies to all three channels.
/// </summary>
public static class Spi1dFormat
{
    public static Lut Read(string path) => Parse(TextLines.Load(path));

    internal static Lut Parse(TextLines text)
    {
        float? from = null, to = null;
        int? length = null, components = null;
        int i = 0;
        int openLine = 0;
        for (; i < text.Count; i++)
        {
            int lineNo = i + 1;
            var line = text.Lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var tokens = TextLines.Tokens(line);
            switch (tokens[0])
            {
                case "Version":
                    if (tokens.Length != 2 || tokens[1] != "1") throw text.Error(lineNo, "only 'Version 1' spi1d files are supported");
                    continue;
                case "From":
                    var range = text.Floats(tokens, 1, 2, lineNo, "From (input range)");
                    if (!(range[0] < range[1])) throw text.Error(lineNo, $"From range {range[0]}..{range[1]} must increase");
                    (from, to) = (range[0], range[1]);
                    continue;
                case "Length":
                    if (tokens.Length != 2) throw text.Error(lineNo, "Length needs one integer");
                    length = text.Int(tokens[1], lineNo, "Length", Curve1D.MinSize, Curve1D.MaxSize);
                    continue;
                case "Components":
                    if (tokens.Length != 2) throw text.Error(lineNo, "Components needs one integer");
                    components = text.Int(tokens[1], lineNo, "Components", 1, 3);
                    if (components == 2) throw text.Error(lineNo, "Components must be 1 or 3");
                    continue;
                case "{":
                    openLine = lineNo;
                    break;
                default:
                    throw text.Error(lineNo, $"unexpected '{tokens[0]}' in the spi1d header");
            }
            break;
        }
        if (openLine == 0) throw text.Error(Math.Max(1, text.Count), "no '{' opening the table");
        if (length is null) throw text.Error(openLine, "Length missing before the table");
        if (components is null) throw text.Error(openLine, "Components missing before the table");
        int n = length.Value, k = components.Value;
        float min = from ?? 0f, max = to ?? 1f;

        var channels = new float[3][];
        for (int c = 0; c < 3; c++) channels[c] = new float[n];
        int row = 0;
        int closeLine = 0;
        for (i++; i < text.Count; i++)
        {
            int lineNo = i + 1;
            var line = text.Lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line == "}")
            {
                closeLine = lineNo;
                break;
            }
            if (row >= n) throw text.Error(lineNo, $"more than the {n} rows Length declares");
            var v = text.Floats(TextLines.Tokens(line), 0, k, lineNo, "table row");
            for (int c = 0; c < 3; c++) channels[c][row] = v[k == 1 ? 0 : c];
            row++;
        }
        if (row < n) throw text.Error(closeLine > 0 ? closeLine : Math.Max(1, text.Count), $"table has {row} of {n} rows");
        if (closeLine == 0) throw text.Error(Math.Max(1, text.Count), "no '}' closing the table");
        for (i++; i < text.Count; i++)
        {
            var line = text.Lines[i].Trim();
            if (line.Length > 0 && line[0] != '#') throw text.Error(i + 1, "unexpected data after '}'");
        }
        var lut = new Lut(new Lut1D(
            Curve1D.Uniform(channels[0], min, max),
            Curve1D.Uniform(channels[1], min, max),
            Curve1D.Uniform(channels[2], min, max)))
        {
            Title = Path.GetFileNameWithoutExtension(text.Path),
        };
        foreach (var line in text.Lines)
            if (line.TrimStart().StartsWith('#')) lut.Comments.Add(line.TrimStart()[1..].Trim());
        return lut;
    }
}
