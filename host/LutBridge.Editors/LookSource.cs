using LutBridge.Core;
using LutBridge.Core.Luts;
using LutBridge.Looks;
using LutBridge.Core.LutFiles;

namespace LutBridge.Editors;

/// <summary>
/// The colour transform an editor export or a batch applies: a LutBridge Look (baked on demand
/// at whatever lattice size the target needs) or a LUT file (resampled when needed).
/// </summary>
public sealed class LookSource
{
    /// <summary>The lattice size the host pipeline bakes Looks at (fine enough that interpolation error is far below 0.1 ΔE00).</summary>
    public const int HostLatticeSize = LookFile.LutLatticeSize;

    public string Path { get; }
    public Look? Look { get; }
    public Lut? Lut { get; }

    /// <summary>A name for files and menus: the Look's or LUT's title, else the file name.</summary>
    public string Name { get; }

    private LookSource(string path, Look? look, Lut? lut, string? title)
    {
        Path = System.IO.Path.GetFullPath(path);
        Look = look;
        Lut = lut;
        Name = string.IsNullOrWhiteSpace(title) ? System.IO.Path.GetFileNameWithoutExtension(path) : title.Trim();
    }

    /// <summary>
    /// Exactly one of <paramref name="lookPath"/> and <paramref name="lutPath"/> must be given. A
    /// <c>.look</c> file given as the LUT is read as the Look it is: Looks are accepted wherever a LUT is.
    /// </summary>
    public static LookSource Open(string? lookPath, string? lutPath)
    {
        if (string.IsNullOrEmpty(lookPath) == string.IsNullOrEmpty(lutPath))
            throw new InputException("give exactly one of --look FILE and --lut FILE");
        if (IsLookFile(lutPath)) (lookPath, lutPath) = (lutPath, null);
        if (!string.IsNullOrEmpty(lookPath))
        {
            var look = LookFile.Read(lookPath);
            return new LookSource(lookPath, look, null, look.Title);
        }
        var lut = LutFile.Read(lutPath!);
        if (!lut.Is3D && lut.Table1D is null)
            throw new InputException($"{lutPath}: holds no LUT");
        return new LookSource(lutPath!, null, lut, lut.Title);
    }

    /// <summary>A LUT file, or a .look file baked (<see cref="LookFile.ReadAsLut"/>), for commands that take any LUT.</summary>
    public static Lut ReadLut(string path) => LookFile.ReadAsLut(path);

    /// <summary>Opens a LUT file or a .look file (for the commands' --lut).</summary>
    public static LookSource OpenLut(string path) => Open(null, path);

    /// <summary>True for a path whose extension is .look.</summary>
    public static bool IsLookFile(string? path) => LookFile.IsLookPath(path);

    public static LookSource FromLook(Look look, string path) => new(path, look, null, look.Title);

    public static LookSource FromLut(Lut lut, string path) => new(path, null, lut, lut.Title);

    /// <summary>The transform as a LUT with a plain <paramref name="size"/>³ lattice.</summary>
    public Lut ToLut(int size) => new(Lattice(size)) { Title = Name };

    /// <summary>The transform sampled on a <paramref name="size"/>³ lattice over 0..1 sRGB.</summary>
    public Lattice3D Lattice(int size)
    {
        if (Look is not null) return LookBaker.Bake(Look, size);
        if (Lut!.IsPlainLattice && Lut.Lattice!.Size == size) return Lut.Lattice;
        return Lut.ToPlainLattice(size).Lattice!;
    }

    /// <summary>The lattice for the host's own apply: a LUT's own lattice when it is plain, else a fine bake.</summary>
    public Lattice3D HostLattice() =>
        Lut is { IsPlainLattice: true } ? Lut.Lattice! : Lattice(HostLatticeSize);

    /// <summary>When the Look/LUT file last changed (part of batch's "finished output" test).</summary>
    public DateTime LastWriteTimeUtc => File.GetLastWriteTimeUtc(Path);
}
