using System.Text;
using LutBridge.Core;
using LutBridge.Core.IO;
using LutBridge.Core.LutFiles;
using LutBridge.Core.Luts;
using LutBridge.Core.Luts.Formats;

namespace LutBridge.Looks;

/// <summary>
/// Reads and writes Looks: `.look` files (the MessagePack bytes of <see cref="LookCodec"/>)
/// and `.cube` files written by LutBridge, which carry the Look in one comment line
/// (<see cref="CubeCommentPrefix"/> + base64) that other tools ignore.
/// </summary>
public static class LookFile
{
    public const string CubeCommentPrefix = "# LUTBRIDGE-LOOK v1 ";

    /// <summary>Largest .look file accepted (a 65³ 16-bit residual is about 1.7 MB).</summary>
    public const long MaxBytes = 4 << 20;

    /// <summary>The lattice a Look is baked at where a LUT is needed (interpolation error far below 0.1 ΔE00).</summary>
    public const int LutLatticeSize = 65;

    /// <summary>True for a path whose extension is .look.</summary>
    public static bool IsLookPath(string? path) =>
        path is not null && Path.GetExtension(path).Equals(".look", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A LUT file read as is, or a .look file baked at <see cref="LutLatticeSize"/>³ and titled like the
    /// Look (else the file name): Looks are accepted wherever a LUT is.
    /// </summary>
    public static Core.Luts.Lut ReadAsLut(string path)
    {
        if (!IsLookPath(path)) return Core.LutFiles.LutFile.Read(path);
        var look = Read(path);
        return new Core.Luts.Lut(LookBaker.Bake(look, LutLatticeSize))
        {
            Title = string.IsNullOrWhiteSpace(look.Title) ? Path.GetFileNameWithoutExtension(path) : look.Title.Trim(),
        };
    }

    public static Look Read(string path)
    {
        InputFile.Require(path, "Look file");
        var info = new FileInfo(path);
        if (Path.GetExtension(path).Equals(".cube", StringComparison.OrdinalIgnoreCase))
            return ReadCube(path);
        if (info.Length > MaxBytes) throw new InputException($"{path}: {info.Length} bytes is too large for a .look file");
        return LookCodec.Decode(File.ReadAllBytes(path), path);
    }

    public static void Write(string path, Look look) => AtomicFile.WriteAllBytes(path, LookCodec.Encode(look));

    /// <summary>The comment line that embeds <paramref name="look"/> in a .cube file.</summary>
    public static string CubeComment(Look look) => CubeCommentPrefix + Convert.ToBase64String(LookCodec.Encode(look));

    /// <summary>
    /// <paramref name="look"/> baked to a <paramref name="size"/>³ LUT titled as the Look; with
    /// <paramref name="carryLook"/> the LUT also carries the Look in its LUTBRIDGE-LOOK comment,
    /// so that the .cube it becomes reopens as its Look (the CLI, the studio and look.bake all bake here).
    /// </summary>
    public static Lut Baked(Look look, int size, bool carryLook)
    {
        var lut = new Lut(LookBaker.Bake(look, size)) { Title = look.Title };
        if (carryLook) lut.Comments.Add(CubeComment(look)[2..]); // the comment without its "# "
        return lut;
    }

    /// <summary>The text of a baked .cube that carries the Look.</summary>
    public static string BakedCubeText(Look look, int size) =>
        CubeFormat.Format(Baked(look, size, carryLook: true), LutWriteOptions.Default, new LutWriteReport());

    /// <summary>Bakes and writes a LUT file of the format its extension names; a .cube carries the Look.</summary>
    public static LutWriteReport WriteBaked(string path, Look look, int size) =>
        LutFile.Write(path, Baked(look, size, carryLook: Path.GetExtension(path).Equals(".cube", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The Look embedded in .cube text, or null when the text carries none.</summary>
    public static Look? FromCubeText(IEnumerable<string> lines, string source)
    {
        int number = 0;
        foreach (var line in lines)
        {
            number++;
            if (!line.StartsWith(CubeCommentPrefix, StringComparison.Ordinal)) continue;
            byte[] bytes;
            try { bytes = Convert.FromBase64String(line[CubeCommentPrefix.Length..].Trim()); }
            catch (FormatException) { throw InputException.At(source, number, "the LUTBRIDGE-LOOK comment is not valid base64"); }
            return LookCodec.Decode(bytes, $"{source}:{number}");
        }
        return null;
    }

    private static Look ReadCube(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return FromCubeText(ReadLines(reader), path)
            ?? throw new InputException($"{path}: this .cube carries no LutBridge Look (no '{CubeCommentPrefix.Trim()}' line); use 'lutbridge decompose' to make one");
    }

    private static IEnumerable<string> ReadLines(StreamReader reader)
    {
        while (reader.ReadLine() is { } line) yield return line;
    }
}
