using System.Numerics;
using System.Text;

namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// .cube LUTs, both dialects:
/// IRIDAS/Adobe (TITLE, DOMAIN_MIN/MAX, LUT_1D_SIZE or LUT_3D_SIZE) and Resolve
/// (LUT_1D_INPUT_RANGE / LUT_3D_INPUT_RANGE, and a 1D shaper followed by a 3D table in one
/// file when both sizes are given). Lines starting with '#' are comments and are kept;
/// text after '#' on a table row is ignored. Table rows are "R G B", red varying fastest.
/// A 3D-only file that gives LUT_1D_INPUT_RANGE (as colour-science 0.3.11 wrote them) has
/// that range applied to its 3D table: the fixtures' data confirm this reading.
/// </summary>
public static class CubeFormat
{
    public static Lut Read(string path) => Parse(TextLines.Load(path));

    internal static Lut Parse(TextLines text)
    {
        string? title = null;
        var comments = new List<string>();
        int? size1 = null, size3 = null;
        (float Min, float Max, int Line)? range1 = null, range3 = null;
        (Vector3 V, int Line)? domainMin = null, domainMax = null;
        var data = new List<float>();
        int expected = 0;
        int lastDataLine = 0;

        for (int i = 0; i < text.Count; i++)
        {
            int lineNo = i + 1;
            var line = text.Lines[i].Trim();
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                comments.Add(line[1..].Trim());
                continue;
            }
            if (IsNumberStart(line[0]) || IsNumberWord(line))
            {
                if (size1 is null && size3 is null)
                    throw text.Error(lineNo, "table data before LUT_1D_SIZE or LUT_3D_SIZE");
                int hash = line.IndexOf('#');
                if (hash >= 0) line = line[..hash];
                if (data.Count / 3 >= expected)
                    throw text.Error(lineNo, $"more table rows than the {expected} the sizes declare");
                data.AddRange(text.Floats(TextLines.Tokens(line), 0, 3, lineNo, "table row"));
                lastDataLine = lineNo;
                continue;
            }

            var tokens = TextLines.Tokens(line);
            var keyword = tokens[0];
            if (data.Count > 0)
                throw text.Error(lineNo, $"keyword {keyword} after table data");
            switch (keyword)
            {
                case "TITLE":
                    title = Unquote(line["TITLE".Length..].Trim());
                    break;
                case "LUT_1D_SIZE":
                    if (size1 is not null) throw text.Error(lineNo, "LUT_1D_SIZE given twice");
                    if (tokens.Length != 2) throw text.Error(lineNo, "LUT_1D_SIZE needs one integer");
                    size1 = text.Int(tokens[1], lineNo, "LUT_1D_SIZE", Curve1D.MinSize, Curve1D.MaxSize);
                    break;
                case "LUT_3D_SIZE":
                    if (size3 is not null) throw text.Error(lineNo, "LUT_3D_SIZE given twice");
                    if (tokens.Length != 2) throw text.Error(lineNo, "LUT_3D_SIZE needs one integer");
                    size3 = text.Int(tokens[1], lineNo, "LUT_3D_SIZE", Lattice3D.MinSize, Lattice3D.MaxSize);
                    break;
                case "DOMAIN_MIN":
                    domainMin = (ToVector(text.Floats(tokens, 1, 3, lineNo, "DOMAIN_MIN")), lineNo);
                    break;
                case "DOMAIN_MAX":
                    domainMax = (ToVector(text.Floats(tokens, 1, 3, lineNo, "DOMAIN_MAX")), lineNo);
                    break;
                case "LUT_1D_INPUT_RANGE":
                    var r1 = text.Floats(tokens, 1, 2, lineNo, "LUT_1D_INPUT_RANGE");
                    range1 = CheckRange(text, r1[0], r1[1], lineNo, keyword);
                    break;
                case "LUT_3D_INPUT_RANGE":
                    var r3 = text.Floats(tokens, 1, 2, lineNo, "LUT_3D_INPUT_RANGE");
                    range3 = CheckRange(text, r3[0], r3[1], lineNo, keyword);
                    break;
                case "LUT_IN_VIDEO_RANGE":
                case "LUT_OUT_VIDEO_RANGE":
                    throw text.Error(lineNo, $"{keyword} (video-range scaling) is not supported");
                default:
                    throw text.Error(lineNo, $"unknown keyword '{keyword}'");
            }
            expected = (size1 ?? 0) + (size3 is int n ? n * n * n : 0);
        }

        if (size1 is null && size3 is null)
            throw text.Error(Math.Max(1, text.Count), "no LUT_1D_SIZE or LUT_3D_SIZE line");
        if (data.Count / 3 < expected)
            throw text.Error(Math.Max(lastDataLine, text.Count), $"file ends after {data.Count / 3} of {expected} table rows");

        (Vector3 Min, Vector3 Max)? domain = null;
        if (domainMin is not null || domainMax is not null)
        {
            var min = domainMin?.V ?? Vector3.Zero;
            var max = domainMax?.V ?? Vector3.One;
            if (!(min.X < max.X && min.Y < max.Y && min.Z < max.Z))
                throw text.Error(domainMax?.Line ?? domainMin!.Value.Line, $"DOMAIN_MIN {min} must be below DOMAIN_MAX {max} on every channel");
            domain = (min, max);
        }
        var values = data.ToArray();
        Lut lut;
        if (size3 is int n3)
        {
            var lattice3 = new Lattice3D(n3, values[((size1 ?? 0) * 3)..]);
            if (size1 is int n1)
            {
                var shaperDomain = AsDomain(range1) ?? domain ?? (Vector3.Zero, Vector3.One);
                var cubeDomain = AsDomain(range3) ?? (Vector3.Zero, Vector3.One);
                lut = new Lut(lattice3, Split1D(values, n1, shaperDomain), cubeDomain.Min, cubeDomain.Max);
            }
            else
            {
                var cubeDomain = AsDomain(range3) ?? domain ?? AsDomain(range1) ?? (Vector3.Zero, Vector3.One);
                lut = new Lut(lattice3, null, cubeDomain.Min, cubeDomain.Max);
            }
        }
        else
        {
            var d = AsDomain(range1) ?? domain ?? AsDomain(range3) ?? (Vector3.Zero, Vector3.One);
            lut = new Lut(Split1D(values, size1!.Value, d));
        }
        lut.Title = title;
        lut.Comments.AddRange(comments);
        return lut;
    }

    /// <summary>The .cube text for <paramref name="lut"/>; notes what had to be adapted in <paramref name="report"/>.</summary>
    public static string Format(Lut lut, LutWriteOptions options, LutWriteReport report)
    {
        lut = Prepare(lut, options, report);
        var sb = new StringBuilder();
        var title = options.Title ?? lut.Title;
        if (title is not null) sb.Append("TITLE \"").Append(title.Replace('"', '\'').ReplaceLineEndings(" ")).Append("\"\n");
        foreach (var comment in lut.Comments)
            foreach (var line in comment.ReplaceLineEndings("\n").Split('\n'))
                sb.Append("# ").Append(line).Append('\n');

        if (lut.Lattice is { } lattice)
        {
            if (lut.Shaper is { } shaper)
            {
                sb.Append("LUT_1D_SIZE ").Append(shaper.Red.Size).Append('\n');
                AppendRange(sb, "LUT_1D_INPUT_RANGE", shaper.DomainMin.X, shaper.DomainMax.X);
                sb.Append("LUT_3D_SIZE ").Append(lattice.Size).Append('\n');
                AppendRange(sb, "LUT_3D_INPUT_RANGE", lut.DomainMin.X, lut.DomainMax.X);
                Append1D(sb, shaper);
            }
            else
            {
                sb.Append("LUT_3D_SIZE ").Append(lattice.Size).Append('\n');
                AppendDomain(sb, "LUT_3D_INPUT_RANGE", lut.DomainMin, lut.DomainMax);
            }
            AppendRows(sb, lattice.Data);
            report.WrittenSize = lattice.Size;
        }
        else
        {
            var table = lut.Table1D!;
            sb.Append("LUT_1D_SIZE ").Append(table.Red.Size).Append('\n');
            AppendDomain(sb, "LUT_1D_INPUT_RANGE", table.DomainMin, table.DomainMax);
            Append1D(sb, table);
        }
        return sb.ToString();
    }

    /// <summary>Reduces a LUT to what .cube can express, noting every change.</summary>
    private static Lut Prepare(Lut lut, LutWriteOptions options, LutWriteReport report)
    {
        if (options.Size is int size)
        {
            if (!(lut.IsPlainLattice && lut.Lattice!.Size == size))
                report.Add($"resampled to a plain {size}³ lattice");
            return lut.ToPlainLattice(size, options.Interpolation);
        }
        if (lut.Lattice is not null)
        {
            if (lut.Shaper is null) return lut;
            bool cubeShared = lut.DomainMin.X == lut.DomainMin.Y && lut.DomainMin.X == lut.DomainMin.Z
                              && lut.DomainMax.X == lut.DomainMax.Y && lut.DomainMax.X == lut.DomainMax.Z;
            if (!lut.Shaper.HasSharedDomain || !cubeShared)
            {
                report.Add("shaper with per-channel ranges cannot be stored in .cube: baked into a plain lattice");
                return lut.ToPlainLattice(null, options.Interpolation);
            }
            if (lut.Shaper.IsUniformGrid) return lut;
            report.Add("non-uniform shaper resampled to 4096 uniform entries");
            return Lut.WithMetadataOf(new Lut(lut.Lattice, lut.Shaper.ToUniform(4096), lut.DomainMin, lut.DomainMax), lut);
        }
        var table = lut.Table1D!;
        if (lut.Shaper is { } pre)
        {
            report.Add("pre-LUT and 1D table composed into one 4096-entry 1D table");
            var curves = new Curve1D[3];
            for (int c = 0; c < 3; c++)
            {
                var s = pre[c];
                var t = table[c];
                var outputs = new float[4096];
                for (int i = 0; i < outputs.Length; i++)
                    outputs[i] = t.Evaluate(s.Evaluate((float)(s.DomainMin + (s.DomainMax - (double)s.DomainMin) * i / 4095)));
                curves[c] = Curve1D.Uniform(outputs, s.DomainMin, s.DomainMax);
            }
            return Lut.WithMetadataOf(new Lut(new Lut1D(curves[0], curves[1], curves[2])), lut);
        }
        if (table.IsUniformGrid) return lut;
        int n = table.Red.IsUniform && table.Green.IsUniform && table.Blue.IsUniform ? table.MaxSize : 4096;
        report.Add($"1D table resampled to {n} uniform entries per channel");
        return Lut.WithMetadataOf(new Lut(table.ToUniform(n)), lut);
    }

    private static void Append1D(StringBuilder sb, Lut1D table)
    {
        for (int i = 0; i < table.Red.Size; i++)
            AppendRow(sb, table.Red.Outputs[i], table.Green.Outputs[i], table.Blue.Outputs[i]);
    }

    /// <summary>
    /// The lattice's rows ("r g b\n", red fastest) without a string per number: a 33³ lattice is
    /// 10⁵ numbers, and the darktable panel writes one per slider move.
    /// </summary>
    private static void AppendRows(StringBuilder sb, float[] data)
    {
        Span<char> row = stackalloc char[3 * NumberText.MaxFloatChars + 3];
        for (int i = 0; i < data.Length; i += 3)
        {
            int at = NumberText.WriteFloat(data[i], row);
            row[at++] = ' ';
            at += NumberText.WriteFloat(data[i + 1], row[at..]);
            row[at++] = ' ';
            at += NumberText.WriteFloat(data[i + 2], row[at..]);
            row[at++] = '\n';
            sb.Append(row[..at]);
        }
    }

    private static void AppendRow(StringBuilder sb, float r, float g, float b) =>
        sb.Append(NumberText.Float(r)).Append(' ').Append(NumberText.Float(g)).Append(' ').Append(NumberText.Float(b)).Append('\n');

    private static void AppendRange(StringBuilder sb, string keyword, float min, float max)
    {
        if (min == 0 && max == 1) return;
        sb.Append(keyword).Append(' ').Append(NumberText.Float(min)).Append(' ').Append(NumberText.Float(max)).Append('\n');
    }

    /// <summary>One shared range as Resolve's INPUT_RANGE keyword, per-channel ranges as IRIDAS DOMAIN_MIN/MAX.</summary>
    private static void AppendDomain(StringBuilder sb, string rangeKeyword, Vector3 min, Vector3 max)
    {
        if (min == Vector3.Zero && max == Vector3.One) return;
        if (min.X == min.Y && min.X == min.Z && max.X == max.Y && max.X == max.Z)
        {
            AppendRange(sb, rangeKeyword, min.X, max.X);
            return;
        }
        sb.Append("DOMAIN_MIN ").Append(NumberText.Float(min.X)).Append(' ').Append(NumberText.Float(min.Y)).Append(' ').Append(NumberText.Float(min.Z)).Append('\n');
        sb.Append("DOMAIN_MAX ").Append(NumberText.Float(max.X)).Append(' ').Append(NumberText.Float(max.Y)).Append(' ').Append(NumberText.Float(max.Z)).Append('\n');
    }

    private static Lut1D Split1D(float[] values, int size, (Vector3 Min, Vector3 Max) domain)
    {
        var r = new float[size];
        var g = new float[size];
        var b = new float[size];
        for (int i = 0; i < size; i++)
        {
            r[i] = values[3 * i];
            g[i] = values[3 * i + 1];
            b[i] = values[3 * i + 2];
        }
        return new Lut1D(
            Curve1D.Uniform(r, domain.Min.X, domain.Max.X),
            Curve1D.Uniform(g, domain.Min.Y, domain.Max.Y),
            Curve1D.Uniform(b, domain.Min.Z, domain.Max.Z));
    }

    private static (float, float, int) CheckRange(TextLines text, float min, float max, int lineNo, string keyword)
    {
        if (!(min < max)) throw text.Error(lineNo, $"{keyword} minimum {min} must be below maximum {max}");
        return (min, max, lineNo);
    }

    private static (Vector3 Min, Vector3 Max)? AsDomain((float Min, float Max, int Line)? range) =>
        range is { } r ? (new Vector3(r.Min), new Vector3(r.Max)) : null;

    private static Vector3 ToVector(float[] v) => new(v[0], v[1], v[2]);

    // "nan", "inf"... start a (bad) table row, not a keyword: report them as numbers.
    private static bool IsNumberWord(string line) =>
        float.TryParse(TextLines.Tokens(line)[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static bool IsNumberStart(char c) => char.IsAsciiDigit(c) || c is '-' or '+' or '.';

    private static string Unquote(string s) =>
        s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
}
