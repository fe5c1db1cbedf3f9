using System.Numerics;

namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// Cinespace .csp LUTs (read only): "CSPLUTV100", "1D" or "3D", an optional
/// BEGIN/END METADATA block (first line becomes the title, the rest comments), three
/// per-channel pre-LUTs (count, input values, output values), then either a 1D table
/// (count, then rows of R G B) or a 3D table ("NR NG NB", then rows with red fastest).
/// A two-point pre-LUT mapping [a, b] onto [0, 1] is read as the table's domain; any other
/// pre-LUT becomes an exact piecewise-linear shaper. A 3D table with unequal axis sizes is
/// resampled (trilinear, per axis) to a cube of the largest size — exact when the table is
/// linear along the axes, approximate otherwise.
/// </summary>
public static class CinespaceFormat
{
    public static Lut Read(string path) => Parse(TextLines.Load(path));

    internal static Lut Parse(TextLines text)
    {
        var lines = new Queue<(string Text, int Line)>();
        for (int i = 0; i < text.Count; i++)
        {
            var t = text.Lines[i].Trim();
            if (t.Length > 0) lines.Enqueue((t, i + 1));
        }
        (string Text, int Line) Next(string what) =>
            lines.Count > 0 ? lines.Dequeue() : throw text.Error(Math.Max(1, text.Count), $"file ends before {what}");

        var magic = Next("the CSPLUTV100 header");
        if (magic.Text != "CSPLUTV100") throw text.Error(magic.Line, "not a Cinespace LUT (first line must be CSPLUTV100)");
        var kind = Next("the 1D/3D line");
        if (kind.Text is not ("1D" or "3D")) throw text.Error(kind.Line, $"expected 1D or 3D, found '{kind.Text}'");

        string? title = null;
        var comments = new List<string>();
        if (lines.Count > 0 && lines.Peek().Text == "BEGIN METADATA")
        {
            lines.Dequeue();
            while (true)
            {
                var m = Next("END METADATA");
                if (m.Text == "END METADATA") break;
                if (title is null) title = m.Text;
                else comments.Add(m.Text);
            }
        }

        var pre = new Curve1D[3];
        for (int c = 0; c < 3; c++)
        {
            string channel = "RGB"[c] + " pre-LUT";
            var countLine = Next($"the {channel}");
            int count = text.Int(countLine.Text, countLine.Line, $"{channel} size", Curve1D.MinSize, Curve1D.MaxSize);
            var inLine = Next($"the {channel} inputs");
            var inputs = text.Floats(TextLines.Tokens(inLine.Text), 0, count, inLine.Line, $"{channel} inputs");
            var outLine = Next($"the {channel} outputs");
            var outputs = text.Floats(TextLines.Tokens(outLine.Text), 0, count, outLine.Line, $"{channel} outputs");
            for (int i = 1; i < count; i++)
                if (!(inputs[i] > inputs[i - 1]))
                    throw text.Error(inLine.Line, $"{channel} inputs must increase (value {i + 1})");
            pre[c] = Curve1D.Explicit(inputs, outputs);
        }
        bool simple = pre.All(IsRangeOnly);
        var shaper = simple ? null : new Lut1D(pre[0], pre[1], pre[2]);
        var domainMin = simple ? new Vector3(pre[0].Inputs![0], pre[1].Inputs![0], pre[2].Inputs![0]) : Vector3.Zero;
        var domainMax = simple ? new Vector3(pre[0].Inputs![1], pre[1].Inputs![1], pre[2].Inputs![1]) : Vector3.One;

        Lut lut;
        if (kind.Text == "1D")
        {
            var sizeLine = Next("the 1D table size");
            int n = text.Int(sizeLine.Text, sizeLine.Line, "1D table size", Curve1D.MinSize, Curve1D.MaxSize);
            var rows = ReadRows(text, lines, n, "1D table");
            var curves = new Curve1D[3];
            for (int c = 0; c < 3; c++)
            {
                var values = new float[n];
                for (int i = 0; i < n; i++) values[i] = rows[3 * i + c];
                curves[c] = Curve1D.Uniform(values, domainMin[c], domainMax[c]);
            }
            lut = new Lut(new Lut1D(curves[0], curves[1], curves[2]), shaper);
        }
        else
        {
            var sizeLine = Next("the 3D table sizes");
            var sizeTokens = TextLines.Tokens(sizeLine.Text);
            if (sizeTokens.Length != 3) throw text.Error(sizeLine.Line, $"3D table sizes: expected 3 integers, found {sizeTokens.Length}");
            int nr = text.Int(sizeTokens[0], sizeLine.Line, "red size", Lattice3D.MinSize, Lattice3D.MaxSize);
            int ng = text.Int(sizeTokens[1], sizeLine.Line, "green size", Lattice3D.MinSize, Lattice3D.MaxSize);
            int nb = text.Int(sizeTokens[2], sizeLine.Line, "blue size", Lattice3D.MinSize, Lattice3D.MaxSize);
            var rows = ReadRows(text, lines, nr * ng * nb, "3D table");
            var lattice = nr == ng && ng == nb ? new Lattice3D(nr, rows) : RectilinearToCube(rows, nr, ng, nb);
            lut = new Lut(lattice, shaper, domainMin, domainMax);
        }
        if (lines.Count > 0)
            throw text.Error(lines.Peek().Line, "unexpected data after the table");
        lut.Title = title;
        lut.Comments.AddRange(comments);
        return lut;
    }

    /// <summary>A two-point pre-LUT mapping [a, b] linearly onto [0, 1]: just a domain.</summary>
    private static bool IsRangeOnly(Curve1D c) => c.Size == 2 && c.Outputs[0] == 0 && c.Outputs[1] == 1;

    private static float[] ReadRows(TextLines text, Queue<(string Text, int Line)> lines, int count, string what)
    {
        var values = new float[count * 3];
        for (int i = 0; i < count; i++)
        {
            if (lines.Count == 0)
                throw text.Error(Math.Max(1, text.Count), $"file ends after {i} of {count} {what} rows");
            var (t, line) = lines.Dequeue();
            var v = text.Floats(TextLines.Tokens(t), 0, 3, line, $"{what} row");
            v.CopyTo(values, 3 * i);
        }
        return values;
    }

    /// <summary>An nr×ng×nb table (red fastest) resampled to a cube of the largest size, trilinearly.</summary>
    private static Lattice3D RectilinearToCube(float[] rows, int nr, int ng, int nb)
    {
        int n = Math.Max(nr, Math.Max(ng, nb));
        var lattice = new Lattice3D(n);
        for (int b = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    var (r0, fr) = Axis(r, n, nr);
                    var (g0, fg) = Axis(g, n, ng);
                    var (b0, fb) = Axis(b, n, nb);
                    int dst = lattice.Index(r, g, b);
                    for (int c = 0; c < 3; c++)
                    {
                        double sum = 0;
                        for (int corner = 0; corner < 8; corner++)
                        {
                            int dr = corner & 1, dg = (corner >> 1) & 1, db = corner >> 2;
                            double w = (dr == 1 ? fr : 1 - fr) * (dg == 1 ? fg : 1 - fg) * (db == 1 ? fb : 1 - fb);
                            if (w == 0) continue;
                            int src = (((b0 + db) * ng + g0 + dg) * nr + r0 + dr) * 3 + c;
                            sum += w * rows[src];
                        }
                        lattice.Data[dst + c] = (float)sum;
                    }
                }
        return lattice;
    }

    private static (int Index, double Fraction) Axis(int i, int n, int size)
    {
        double t = (double)i / (n - 1) * (size - 1);
        int k = Math.Min((int)t, size - 2);
        return (k, t - k);
    }
}
