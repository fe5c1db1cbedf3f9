using System.Numerics;
using System.Text;

namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// .3dl LUTs in the Autodesk Lustre / Flame integer style:
/// <code>
/// # comments (anywhere)
/// 3DMESH            (optional)
/// Mesh 4 12         (optional: mesh bits, output bits)
/// 0 64 128 ... 1023 (input mesh: N values on the 10/12/16-bit input scale)
/// R G B             (N³ integer rows, BLUE varying fastest, red slowest)
/// </code>
/// Supported: any N in 2..256; a uniform mesh (each value within ½ code of i·max/(N−1))
/// is a plain lattice, any other increasing mesh is read exactly as a shaper. The input
/// scale is the smallest of 1023/4095/65535 holding the last mesh value. Output depth
/// comes from the "Mesh" line when present, else from the largest value (≤1023: 10 bit,
/// ≤4095: 12 bit, ≤65535: 16 bit) — so a very dark 16-bit LUT without a Mesh line reads as
/// 10/12 bit. Trailing "LUT8" / "gamma" lines of Lustre files are accepted and ignored.
/// Written files: 10-bit uniform mesh, 10/12/16-bit outputs (default 16), values clipped
/// to 0..1 (reported), title and comments as '#' lines.
/// </summary>
public static class ThreeDlFormat
{
    private const string TitlePrefix = "TITLE ";

    public static Lut Read(string path) => Parse(TextLines.Load(path));

    internal static Lut Parse(TextLines text)
    {
        string? title = null;
        var comments = new List<string>();
        int? headerOutputBits = null;
        float[]? mesh = null;
        var rows = new List<(float R, float G, float B, int Line)>();
        int expected = 0;
        bool trailer = false;

        for (int i = 0; i < text.Count; i++)
        {
            int lineNo = i + 1;
            var line = text.Lines[i].Trim();
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                var c = line[1..].Trim();
                if (c.StartsWith(TitlePrefix, StringComparison.Ordinal)) title = c[TitlePrefix.Length..].Trim().Trim('"');
                else comments.Add(c);
                continue;
            }
            var tokens = TextLines.Tokens(line);
            if (tokens[0] is "3DMESH" || (!char.IsAsciiDigit(tokens[0][0]) && tokens[0][0] is not '-' and not '+' and not '.'))
            {
                switch (tokens[0])
                {
                    case "3DMESH" when mesh is null:
                        continue;
                    case "Mesh" when mesh is null:
                        if (tokens.Length != 3) throw text.Error(lineNo, "Mesh line needs two integers (mesh bits, output bits)");
                        text.Int(tokens[1], lineNo, "mesh bits", 1, 8);
                        headerOutputBits = text.Int(tokens[2], lineNo, "output bits", 8, 16);
                        continue;
                    case "LUT8" or "gamma" when mesh is not null && rows.Count == expected:
                        trailer = true;
                        continue;
                    default:
                        throw text.Error(lineNo, $"unexpected '{tokens[0]}' (expected the input mesh or integer RGB rows)");
                }
            }
            if (trailer) throw text.Error(lineNo, "table data after the LUT8/gamma trailer");
            if (mesh is null)
            {
                if (tokens.Length < Lattice3D.MinSize || tokens.Length > Lattice3D.MaxSize)
                    throw text.Error(lineNo, $"input mesh has {tokens.Length} values; expected {Lattice3D.MinSize}..{Lattice3D.MaxSize}");
                mesh = new float[tokens.Length];
                for (int k = 0; k < tokens.Length; k++)
                {
                    mesh[k] = text.Float(tokens[k], lineNo, "mesh value");
                    if (k > 0 && !(mesh[k] > mesh[k - 1]))
                        throw text.Error(lineNo, $"input mesh must increase (value {k + 1}: {tokens[k]} after {tokens[k - 1]})");
                }
                if (mesh[0] < 0) throw text.Error(lineNo, "input mesh starts below 0");
                if (mesh[^1] > 65535) throw text.Error(lineNo, $"input mesh value {mesh[^1]} exceeds 16 bit");
                expected = mesh.Length * mesh.Length * mesh.Length;
                continue;
            }
            if (rows.Count >= expected)
                throw text.Error(lineNo, $"more than the {expected} rows a {mesh.Length}-point mesh needs");
            var v = text.Floats(tokens, 0, 3, lineNo, "table row");
            foreach (var x in v)
                if (x < 0) throw text.Error(lineNo, $"negative output {x} in an integer .3dl table");
            rows.Add((v[0], v[1], v[2], lineNo));
        }

        if (mesh is null) throw text.Error(Math.Max(1, text.Count), "no input mesh line (the list of N input values)");
        if (rows.Count < expected)
            throw text.Error(Math.Max(1, text.Count), $"file ends after {rows.Count} of {expected} table rows");

        float outMax;
        if (headerOutputBits is int bits) outMax = (1 << bits) - 1;
        else
        {
            var peak = rows.MaxBy(r => Math.Max(r.R, Math.Max(r.G, r.B)));
            float top = Math.Max(peak.R, Math.Max(peak.G, peak.B));
            outMax = top <= 1023 ? 1023 : top <= 4095 ? 4095 : top <= 65535 ? 65535
                : throw text.Error(peak.Line, $"output value {top} exceeds 16 bit");
        }
        foreach (var r in rows)
            if (Math.Max(r.R, Math.Max(r.G, r.B)) > outMax)
                throw text.Error(r.Line, $"output value exceeds the {Math.Log2(outMax + 1)}-bit range of the Mesh line");

        int n = mesh.Length;
        var lattice = new Lattice3D(n);
        int row = 0;
        for (int r = 0; r < n; r++)
            for (int g = 0; g < n; g++)
                for (int b = 0; b < n; b++)
                {
                    var e = rows[row++];
                    int i = lattice.Index(r, g, b);
                    lattice.Data[i] = e.R / outMax;
                    lattice.Data[i + 1] = e.G / outMax;
                    lattice.Data[i + 2] = e.B / outMax;
                }

        float inMax = mesh[^1] <= 1023 ? 1023 : mesh[^1] <= 4095 ? 4095 : 65535;
        var lut = new Lut(lattice, IsUniform(mesh, inMax) ? null : MeshShaper(mesh, inMax));
        lut.Title = title;
        lut.Comments.AddRange(comments);
        return lut;
    }

    public static string Format(Lut lut, LutWriteOptions options, LutWriteReport report)
    {
        int bits = options.ThreeDlOutputBits;
        if (bits is not (10 or 12 or 16))
            throw new InputException($".3dl output depth must be 10, 12 or 16 bit, not {bits}");
        var plain = LutConversion.ToPlain(lut, options, report, ".3dl");
        var lattice = plain.Lattice!;
        int n = lattice.Size;
        float outMax = (1 << bits) - 1;
        var sb = new StringBuilder();
        var title = options.Title ?? lut.Title;
        if (title is not null) sb.Append("# ").Append(TitlePrefix).Append('"').Append(title.ReplaceLineEndings(" ")).Append("\"\n");
        foreach (var comment in lut.Comments)
            foreach (var line in comment.ReplaceLineEndings("\n").Split('\n'))
                sb.Append("# ").Append(line).Append('\n');
        if (n >= 3 && int.IsPow2(n - 1))
            sb.Append("3DMESH\nMesh ").Append(int.Log2(n - 1)).Append(' ').Append(bits).Append('\n');
        for (int i = 0; i < n; i++)
            sb.Append(i == 0 ? "" : " ").Append((int)Math.Round(i * 1023.0 / (n - 1)));
        sb.Append('\n');
        int clipped = 0;
        for (int r = 0; r < n; r++)
            for (int g = 0; g < n; g++)
                for (int b = 0; b < n; b++)
                {
                    int i = lattice.Index(r, g, b);
                    sb.Append(Code(lattice.Data[i], outMax, ref clipped)).Append(' ')
                      .Append(Code(lattice.Data[i + 1], outMax, ref clipped)).Append(' ')
                      .Append(Code(lattice.Data[i + 2], outMax, ref clipped)).Append('\n');
                }
        if (clipped > 0) report.Add($"{clipped} values outside 0..1 clipped (integer .3dl holds 0..1 only)");
        report.WrittenSize = n;
        return sb.ToString();
    }

    private static int Code(float v, float max, ref int clipped)
    {
        if (!(v >= 0 && v <= 1)) clipped++;
        return (int)Math.Round(Math.Clamp(float.IsNaN(v) ? 0 : v, 0, 1) * max);
    }

    private static bool IsUniform(float[] mesh, float inMax)
    {
        int n = mesh.Length;
        if (mesh[0] != 0 || mesh[^1] != inMax) return false;
        for (int i = 0; i < n; i++)
            if (Math.Abs(mesh[i] - i * (double)inMax / (n - 1)) > 0.5 + 1e-6) return false;
        return true;
    }

    /// <summary>The mesh as a shaper: input value → lattice coordinate i/(N−1), exactly at each mesh point.</summary>
    private static Lut1D MeshShaper(float[] mesh, float inMax)
    {
        int n = mesh.Length;
        var inputs = new float[n];
        var outputs = new float[n];
        for (int i = 0; i < n; i++)
        {
            inputs[i] = mesh[i] / inMax;
            outputs[i] = (float)i / (n - 1);
        }
        return new Lut1D(Curve1D.Explicit(inputs, outputs));
    }
}
