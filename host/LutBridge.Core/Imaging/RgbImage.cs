using System.Runtime.InteropServices;

namespace LutBridge.Core.Imaging;

/// <summary>The sample type of an <see cref="RgbImage"/>; files keep their depth through a round trip.</summary>
public enum SampleType
{
    /// <summary>8-bit unsigned, 0..255.</summary>
    UInt8,
    /// <summary>16-bit unsigned, 0..65535, native byte order in memory.</summary>
    UInt16,
    /// <summary>32-bit float, nominal range 0..1.</summary>
    Float32,
}

/// <summary>
/// An interleaved RGB image, rows top to bottom with no padding. Alpha is not carried:
/// readers drop it (LutBridge transforms colour only).
/// </summary>
public sealed class RgbImage
{
    public int Width { get; }
    public int Height { get; }
    public SampleType Type { get; }

    /// <summary>Raw samples: Width × Height × 3 samples of <see cref="Type"/>.</summary>
    public byte[] Data { get; }

    public RgbImage(int width, int height, SampleType type)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}×{height}");
        long bytes = (long)width * height * 3 * BytesPerSample(type);
        if (bytes > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width), $"image {width}×{height} is too large");
        Width = width;
        Height = height;
        Type = type;
        Data = new byte[bytes];
    }

    /// <summary>An image over <paramref name="data"/> (exactly Width × Height × 3 samples), not copied.</summary>
    public RgbImage(int width, int height, SampleType type, byte[] data)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}×{height}");
        if (data.LongLength != (long)width * height * 3 * BytesPerSample(type))
            throw new ArgumentException($"{data.Length} bytes do not hold a {width}×{height} {type} image", nameof(data));
        Width = width;
        Height = height;
        Type = type;
        Data = data;
    }

    public static int BytesPerSample(SampleType type) => type switch
    {
        SampleType.UInt8 => 1,
        SampleType.UInt16 => 2,
        SampleType.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>True when the file had an alpha channel that was not fully opaque (readers drop it; callers say so).</summary>
    public bool DroppedAlpha { get; set; }

    public int BytesPerRow => Width * 3 * BytesPerSample(Type);

    public long PixelCount => (long)Width * Height;

    /// <summary>All samples as T (byte, ushort or float, matching <see cref="Type"/>).</summary>
    public Span<T> Samples<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(Data.AsSpan());

    /// <summary>The samples of row y as T.</summary>
    public Span<T> Row<T>(int y) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(Data.AsSpan(y * BytesPerRow, BytesPerRow));
}
