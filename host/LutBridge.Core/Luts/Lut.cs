using System.Numerics;

namespace LutBridge.Core.Luts;

/// <summary>
/// A colour LUT as files describe it: an optional per-channel <see cref="Shaper"/> applied
/// first, then either a 3D <see cref="Lattice"/> over [<see cref="DomainMin"/>,
/// <see cref="DomainMax"/>] (per channel) or a per-channel 1D <see cref="Table1D"/> — exactly
/// one of the two. Title and comment lines are carried through reads and writes (other
/// tools store metadata in comments, e.g. "LUTBRIDGE-LOOK ...").
/// </summary>
public sealed class Lut
{
    public string? Title { get; set; }

    /// <summary>Comment lines without the comment marker (e.g. "# " in .cube).</summary>
    public List<string> Comments { get; } = [];

    /// <summary>Optional 1D curves applied before the lattice (or before <see cref="Table1D"/>).</summary>
    public Lut1D? Shaper { get; }

    /// <summary>The 3D table, or null for a 1D-only LUT.</summary>
    public Lattice3D? Lattice { get; }

    /// <summary>The 1D table of a 1D-only LUT, or null when <see cref="Lattice"/> is set.</summary>
    public Lut1D? Table1D { get; }

    /// <summary>Input value mapped to the lattice's first node, per channel.</summary>
    public Vector3 DomainMin { get; }

    /// <summary>Input value mapped to the lattice's last node, per channel.</summary>
    public Vector3 DomainMax { get; }

    /// <summary>A 3D LUT with optional shaper; the domain defaults to the unit cube.</summary>
    public Lut(Lattice3D lattice, Lut1D? shaper = null, Vector3? domainMin = null, Vector3? domainMax = null)
    {
        Lattice = lattice;
        Shaper = shaper;
        DomainMin = domainMin ?? Vector3.Zero;
        DomainMax = domainMax ?? Vector3.One;
        if (!(DomainMin.X < DomainMax.X && DomainMin.Y < DomainMax.Y && DomainMin.Z < DomainMax.Z))
            throw new ArgumentException($"3D domain must have min < max on every channel, got {DomainMin}..{DomainMax}");
    }

    /// <summary>A 1D-only LUT, optionally preceded by a shaper (Cinespace pre-LUT).</summary>
    public Lut(Lut1D table, Lut1D? shaper = null)
    {
        Table1D = table;
        Shaper = shaper;
        DomainMin = table.DomainMin;
        DomainMax = table.DomainMax;
    }

    public bool Is3D => Lattice is not null;

    /// <summary>True for a bare lattice over the unit cube: what .3dl and HaldCLUT can hold as is.</summary>
    public bool IsPlainLattice => Lattice is not null && Shaper is null && DomainMin == Vector3.Zero && DomainMax == Vector3.One;

    /// <summary>The LUT's output for one input colour (scalar reference; clamps outside the domain).</summary>
    public Vector3 Evaluate(Vector3 rgb, Interpolation interpolation = Interpolation.Tetrahedral)
    {
        var x = Shaper?.Evaluate(rgb) ?? rgb;
        if (Lattice is null) return Table1D!.Evaluate(x);
        var unit = (x - DomainMin) / (DomainMax - DomainMin);
        return LatticeSampler.Sample(Lattice, unit, interpolation);
    }

    /// <summary>
    /// A plain lattice of <paramref name="size"/>³ over the unit cube holding this LUT's
    /// output at each node (shaper, domain and 1D tables applied). Inputs outside 0..1 are
    /// no longer covered. Nodes that coincide with this LUT's own nodes are reproduced
    /// exactly, e.g. 13 → 25 (every 2nd node) or 17 → 33.
    /// </summary>
    public Lattice3D Resample(int size, Interpolation interpolation = Interpolation.Tetrahedral)
    {
        var result = new Lattice3D(size);
        var data = result.Data;
        double step = 1.0 / (size - 1);
        Parallel.For(0, size, b =>
        {
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    var v = Evaluate(new Vector3((float)(r * step), (float)(g * step), (float)(b * step)), interpolation);
                    int i = result.Index(r, g, b);
                    data[i] = v.X;
                    data[i + 1] = v.Y;
                    data[i + 2] = v.Z;
                }
        });
        return result;
    }

    /// <summary>
    /// This LUT as a plain unit-cube lattice: itself when it already is one (and no size is
    /// asked), else resampled to <paramref name="size"/> (default: its own lattice size, or 33
    /// for 1D LUTs). Title and comments are kept.
    /// </summary>
    public Lut ToPlainLattice(int? size = null, Interpolation interpolation = Interpolation.Tetrahedral)
    {
        if (IsPlainLattice && (size is null || size == Lattice!.Size)) return this;
        var lattice = Resample(size ?? Lattice?.Size ?? DefaultLatticeSize, interpolation);
        return WithMetadataOf(new Lut(lattice), this);
    }

    /// <summary>Size used when a 1D LUT has to become a lattice and none is asked for.</summary>
    public const int DefaultLatticeSize = 33;

    /// <summary>Copies title and comments from <paramref name="source"/> onto <paramref name="target"/>.</summary>
    public static Lut WithMetadataOf(Lut target, Lut source)
    {
        target.Title = source.Title;
        target.Comments.AddRange(source.Comments);
        return target;
    }

    /// <summary>Smallest and largest output value over every table entry (lattice or 1D).</summary>
    public (float Min, float Max) OutputRange()
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        IEnumerable<float> values = Lattice is not null
            ? Lattice.Data
            : Table1D!.Red.Outputs.Concat(Table1D.Green.Outputs).Concat(Table1D.Blue.Outputs);
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return (min, max);
    }
}
