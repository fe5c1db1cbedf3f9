namespace LutBridge.Core.Luts;

/// <summary>
/// A 3D colour lattice of Size³ RGB entries over the unit cube, red varying fastest
/// (the order of .cube files): entry (r, g, b) starts at ((b * Size + g) * Size + r) * 3.
/// </summary>
public sealed class Lattice3D
{
    public const int MinSize = 2;
    public const int MaxSize = 256;

    /// <summary>The lattice size option (bake, convert); 33 is the common size of film LUTs.</summary>
    public static readonly IntRange SizeRange = new("size", MinSize, MaxSize, 33);

    public int Size { get; }

    /// <summary>Interleaved RGB, length Size³ × 3.</summary>
    public float[] Data { get; }

    public Lattice3D(int size)
    {
        if (size < MinSize || size > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"lattice size must be {MinSize}..{MaxSize}");
        Size = size;
        Data = new float[size * size * size * 3];
    }

    public Lattice3D(int size, float[] data) : this(size)
    {
        if (data.Length != Data.Length)
            throw new ArgumentException($"expected {Data.Length} floats for a {size}³ lattice, got {data.Length}", nameof(data));
        Data = data;
    }

    public int Index(int r, int g, int b) => ((b * Size + g) * Size + r) * 3;

    /// <summary>The identity lattice: entry (r, g, b) holds (r, g, b) / (Size − 1).</summary>
    public static Lattice3D Identity(int size)
    {
        var lattice = new Lattice3D(size);
        float step = 1f / (size - 1);
        int i = 0;
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    lattice.Data[i++] = r * step;
                    lattice.Data[i++] = g * step;
                    lattice.Data[i++] = b * step;
                }
        return lattice;
    }
}
