using System.Numerics;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;

namespace LutBridge.Core.Apply;

/// <summary>
/// Applies a 3D lattice (input domain 0..1) to images: tetrahedral or trilinear, 8-bit,
/// 16-bit and float samples, strength 0..1, on all cores with SIMD where available.
/// Prepare once per LUT, then apply to any number of images (thread-safe).
/// Strength s is folded into the lattice (identity + s·(lut − identity)), which is exact:
/// both interpolations reproduce the identity, so mixing after equals mixing the entries.
/// 8-bit tetrahedral runs the integer kernel of <see cref="Tetrahedral8Kernel"/> straight
/// on the rows; every other case converts bands of at most 512 pixels to planar floats.
/// A LUT with a 1D shaper, a non-unit domain or only a 1D table (<see cref="FromLut"/>) gets
/// a per-pixel pre-pass (shaper, then domain scaling) before the lattice, and its strength
/// is mixed with the original colour after it.
/// </summary>
public sealed class LutApplier
{
    private const int Chunk = 512;

    private readonly float[] lattice;
    private readonly Lazy<PackedLattice8> packed;
    private readonly Lut? prePass;

    /// <summary>The strength option (0: the original, 1: the LUT's full result).</summary>
    public static readonly NumberRange StrengthRange = new("strength", 0, 1, 1);

    public int Size { get; }
    public Interpolation Interpolation { get; }
    public float Strength { get; }

    /// <summary>Kernel instruction set (defaults to the best this CPU has; tests force others).</summary>
    public SimdLevel Level { get; init; } = SimdSupport.Best;

    /// <summary>Threads to use; 0 = all cores.</summary>
    public int MaxThreads { get; init; }

    public LutApplier(Lattice3D lut, Interpolation interpolation = Interpolation.Tetrahedral, float strength = 1f)
    {
        if (!(strength >= 0f && strength <= 1f))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must be 0..1");
        Size = lut.Size;
        Interpolation = interpolation;
        Strength = strength;
        lattice = strength == 1f ? lut.Data : Blend(lut, strength);
        packed = new Lazy<PackedLattice8>(() => new PackedLattice8(lattice, Size));
    }

    private LutApplier(Lut lut, Lattice3D lattice, Interpolation interpolation, float strength)
    {
        if (!(strength >= 0f && strength <= 1f))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must be 0..1");
        Size = lattice.Size;
        Interpolation = interpolation;
        Strength = strength;
        this.lattice = lattice.Data;
        packed = new Lazy<PackedLattice8>(() => new PackedLattice8(this.lattice, Size));
        prePass = lut;
    }

    /// <summary>An applier for any 3D or 1D LUT: plain unit-cube lattices take the fast paths, others get a pre-pass.</summary>
    /// <param name="level">kernel instruction set (default: the best this CPU has; benchmarks compare others)</param>
    /// <param name="maxThreads">threads to use; 0 = all cores</param>
    public static LutApplier FromLut(Lut lut, Interpolation interpolation = Interpolation.Tetrahedral, float strength = 1f,
        SimdLevel? level = null, int maxThreads = 0)
    {
        var chosen = level ?? SimdSupport.Best;
        if (lut.IsPlainLattice) return new LutApplier(lut.Lattice!, interpolation, strength) { Level = chosen, MaxThreads = maxThreads };
        // 1D-only LUTs: the whole transform is the pre-pass (the placeholder lattice is not used).
        return new LutApplier(lut, lut.Lattice ?? Lattice3D.Identity(2), interpolation, strength) { Level = chosen, MaxThreads = maxThreads };
    }

    /// <summary>Applies the LUT to <paramref name="image"/> in place.</summary>
    public void Apply(RgbImage image) => Apply(image, image);

    /// <summary>Applies the LUT to <paramref name="source"/>, writing <paramref name="destination"/> (same size and type, may be the source).</summary>
    public unsafe void Apply(RgbImage source, RgbImage destination)
    {
        if (source.Width != destination.Width || source.Height != destination.Height || source.Type != destination.Type)
            throw new ArgumentException("destination must have the source's size and sample type", nameof(destination));
        fixed (byte* src = source.Data)
        fixed (byte* dst = destination.Data)
        {
            var band = new Band(this, src, dst, source.Width, source.BytesPerRow, source.Type);
            ParallelRows.For(source.Height, source.Width, band, MaxThreads);
        }
    }

    /// <summary>Applies the LUT to one run of interleaved pixels (same for every row and band).</summary>
    internal unsafe void ApplyPixels(byte* src, byte* dst, int pixels, SampleType type)
    {
        if (type == SampleType.UInt8 && Interpolation == Interpolation.Tetrahedral && prePass is null)
        {
            Tetrahedral8Kernel.Run(packed.Value, src, dst, pixels, Level);
            return;
        }
        float* r = stackalloc float[Chunk], g = stackalloc float[Chunk], b = stackalloc float[Chunk];
        float* r0 = stackalloc float[prePass is null ? 0 : Chunk], g0 = stackalloc float[prePass is null ? 0 : Chunk], b0 = stackalloc float[prePass is null ? 0 : Chunk];
        int bytesPerPixel = 3 * RgbImage.BytesPerSample(type);
        fixed (float* lut = lattice)
        {
            for (int start = 0; start < pixels; start += Chunk)
            {
                int n = Math.Min(Chunk, pixels - start);
                byte* s = src + (long)start * bytesPerPixel, d = dst + (long)start * bytesPerPixel;
                PlanarRows.Load(s, type, r, g, b, n);
                if (prePass is null)
                {
                    FloatKernel.Run(lut, Size, Interpolation, r, g, b, n, Level);
                }
                else
                {
                    for (int i = 0; i < n; i++) { r0[i] = r[i]; g0[i] = g[i]; b0[i] = b[i]; }
                    ApplyPrePass(prePass, r, g, b, n);
                    if (prePass.Lattice is not null) FloatKernel.Run(lut, Size, Interpolation, r, g, b, n, Level);
                    for (int i = 0; i < n; i++)
                    {
                        r[i] = r0[i] + Strength * (r[i] - r0[i]);
                        g[i] = g0[i] + Strength * (g[i] - g0[i]);
                        b[i] = b0[i] + Strength * (b[i] - b0[i]);
                    }
                }
                PlanarRows.Store(d, type, r, g, b, n);
            }
        }
    }

    /// <summary>Shaper, then (for 3D LUTs) the domain mapped to 0..1, or (for 1D LUTs) the 1D table.</summary>
    private static unsafe void ApplyPrePass(Lut lut, float* r, float* g, float* b, int n)
    {
        var scale = Vector3.One / (lut.DomainMax - lut.DomainMin);
        for (int i = 0; i < n; i++)
        {
            var x = new Vector3(r[i], g[i], b[i]);
            if (lut.Shaper is { } shaper) x = shaper.Evaluate(x);
            x = lut.Lattice is null ? lut.Table1D!.Evaluate(x) : (x - lut.DomainMin) * scale;
            r[i] = x.X; g[i] = x.Y; b[i] = x.Z;
        }
    }

    private static float[] Blend(Lattice3D lut, float strength)
    {
        var identity = Lattice3D.Identity(lut.Size).Data;
        var result = new float[identity.Length];
        for (int i = 0; i < result.Length; i++) result[i] = identity[i] + strength * (lut.Data[i] - identity[i]);
        return result;
    }

    private readonly unsafe struct Band(LutApplier owner, byte* src, byte* dst, int width, int bytesPerRow, SampleType type) : IRowBand
    {
        public void Run(int start, int end)
        {
            // Rows have no padding, so a band is one run of pixels.
            long offset = (long)start * bytesPerRow;
            long pixels = (long)(end - start) * width;
            while (pixels > 0)
            {
                int n = (int)Math.Min(pixels, 1 << 20);
                owner.ApplyPixels(src + offset, dst + offset, n, type);
                offset += (long)n * (bytesPerRow / width);
                pixels -= n;
            }
        }
    }
}
