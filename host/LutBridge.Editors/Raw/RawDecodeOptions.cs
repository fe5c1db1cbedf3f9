namespace LutBridge.Editors.Raw;

/// <summary>The transfer curve of a decoded raw image.</summary>
public enum RawOutput
{
    /// <summary>sRGB primaries and sRGB curve (LibRaw gamma 2.4 / toe slope 12.92), auto-brightened like dcraw.</summary>
    Srgb,

    /// <summary>sRGB primaries, linear light, no auto-brightening (dcraw's -4).</summary>
    Linear,
}

/// <summary>How <see cref="RawDecoder"/> develops a raw file: camera white balance, 16-bit, sRGB primaries.</summary>
public sealed record RawDecodeOptions
{
    public RawOutput Output { get; init; } = RawOutput.Srgb;

    public static RawDecodeOptions Default { get; } = new();
}
