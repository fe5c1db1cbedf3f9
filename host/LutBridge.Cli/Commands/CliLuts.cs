using System.Globalization;
using LutBridge.Core;
using LutBridge.Core.Luts;

namespace LutBridge.Cli.Commands;

/// <summary>
/// TEMPORARY: a minimal .cube reader until LutFile.Read (color-luts) is in main; then this
/// becomes a thin call to it.
/// </summary>
internal static class CliLuts
{
    public static Lattice3D ReadLattice(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: LUT file not found");
        int size = 0, line = 0;
        var values = new List<float>();
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var text = raw.Trim();
            if (text.Length == 0 || text[0] == '#' || text.StartsWith("TITLE") || text.StartsWith("DOMAIN_")) continue;
            var parts = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "LUT_3D_SIZE" && parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out size)) continue;
            if (parts.Length != 3) throw InputException.At(path, line, $"unexpected line '{text}'");
            foreach (var p in parts)
                values.Add(float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw InputException.At(path, line, $"not a number: '{p}'"));
        }
        if (size < Lattice3D.MinSize || size > Lattice3D.MaxSize) throw InputException.At(path, line, "missing or invalid LUT_3D_SIZE");
        if (values.Count != size * size * size * 3) throw InputException.At(path, line, $"expected {size * size * size} entries, found {values.Count / 3}");
        return new Lattice3D(size, values.ToArray());
    }
}
