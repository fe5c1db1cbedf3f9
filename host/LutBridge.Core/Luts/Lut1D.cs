using System.Numerics;

namespace LutBridge.Core.Luts;

/// <summary>
/// A per-channel 1D LUT ("3×1D"): one <see cref="Curve1D"/> for each of R, G, B.
/// Used both as a whole LUT and as the shaper in front of a 3D lattice.
/// </summary>
public sealed class Lut1D
{
    public Curve1D Red { get; }
    public Curve1D Green { get; }
    public Curve1D Blue { get; }

    public Lut1D(Curve1D red, Curve1D green, Curve1D blue)
    {
        Red = red;
        Green = green;
        Blue = blue;
    }

    /// <summary>The same curve on all three channels.</summary>
    public Lut1D(Curve1D all) : this(all, all, all) { }

    public Curve1D this[int channel] => channel switch
    {
        0 => Red,
        1 => Green,
        2 => Blue,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public Vector3 Evaluate(Vector3 rgb) => new(Red.Evaluate(rgb.X), Green.Evaluate(rgb.Y), Blue.Evaluate(rgb.Z));

    /// <summary>
    /// True when all channels are uniform with the same size and domain, which is what
    /// .cube files can store (with DOMAIN_MIN/MAX per channel, or one INPUT_RANGE if equal).
    /// </summary>
    public bool IsUniformGrid =>
        Red.IsUniform && Green.IsUniform && Blue.IsUniform && Red.Size == Green.Size && Red.Size == Blue.Size;

    /// <summary>True when all three channels share one domain (min and max).</summary>
    public bool HasSharedDomain =>
        Red.DomainMin == Green.DomainMin && Red.DomainMin == Blue.DomainMin &&
        Red.DomainMax == Green.DomainMax && Red.DomainMax == Blue.DomainMax;

    public int MaxSize => Math.Max(Red.Size, Math.Max(Green.Size, Blue.Size));

    public Vector3 DomainMin => new(Red.DomainMin, Green.DomainMin, Blue.DomainMin);
    public Vector3 DomainMax => new(Red.DomainMax, Green.DomainMax, Blue.DomainMax);

    /// <summary>Each channel resampled uniformly to <paramref name="size"/> samples over its own input range.</summary>
    public Lut1D ToUniform(int size) => new(Red.ToUniform(size), Green.ToUniform(size), Blue.ToUniform(size));
}
