namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// Sony Imageworks .spimtx (read only): 12 numbers, a 3×4 matrix row by row whose last
/// column is an offset in 16-bit code values (65535 = 1.0), as OpenColorIO reads it.
/// The affine map is stored exactly as a 2³ lattice over the unit cube (trilinear and
/// tetrahedral interpolation reproduce an affine map exactly inside the cube; inputs
/// outside 0..1 are clamped like any lattice LUT).
/// </summary>
public static class SpimtxFormat
{
    public static Lut Read(string path) => Parse(TextLines.Load(path));

    internal static Lut Parse(TextLines text)
    {
        var values = new List<(float V, int Line)>();
        for (int i = 0; i < text.Count; i++)
        {
            var t = text.Lines[i].Trim();
            if (t.Length == 0 || t[0] == '#') continue;
            foreach (var token in TextLines.Tokens(t))
            {
                if (values.Count == 12) throw text.Error(i + 1, "more than the 12 numbers of a 3×4 matrix");
                values.Add((text.Float(token, i + 1, "matrix value"), i + 1));
            }
        }
        if (values.Count != 12)
            throw text.Error(Math.Max(1, text.Count), $"expected 12 numbers (3×4 matrix), found {values.Count}");
        var m = values.Select(v => (double)v.V).ToArray();
        var lattice = new Lattice3D(2);
        for (int b = 0; b < 2; b++)
            for (int g = 0; g < 2; g++)
                for (int r = 0; r < 2; r++)
                {
                    int i = lattice.Index(r, g, b);
                    for (int c = 0; c < 3; c++)
                        lattice.Data[i + c] = (float)(m[4 * c] * r + m[4 * c + 1] * g + m[4 * c + 2] * b + m[4 * c + 3] / 65535.0);
                }
        return new Lut(lattice) { Title = Path.GetFileNameWithoutExtension(text.Path) };
    }
}
