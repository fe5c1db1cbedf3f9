using System.IO.Compression;
using MessagePack;
using static LutBridge.Looks.LookMessagePack;

namespace LutBridge.Looks;

/// <summary>
/// The .look byte format (docs/look.md, "File format"): one MessagePack array
/// [magic, version, params, shaper, residual, title]. Parameters are stored sparsely as
/// {index: steps from neutral}; the shaper as uint16 knots; the residual as int8 or int16
/// with one float32 scale — raw in version 1, zlib-compressed in version 2 (which also
/// admits the parameters appended after version 1's 48) as red-axis deltas, and in version
/// 3 as coarse-to-fine details (<see cref="ResidualHierarchy"/>), optionally with an anchor
/// (slider steps relative to the parameters). Version 4 has a cubic B-spline residual
/// (<see cref="ResidualKernel"/>) whose details are range-coded (<see cref="DetailCoder"/>,
/// base level by the Lorenzo rule) and may range-code the sliders (<see cref="ParameterCoder"/>).
/// Version 5 is version 4 with a tetrahedral residual (a LUT's own lattice, interpolated as LUTs are).
/// Version 6 is version 4 plus a seventh item after the title, the camera stage (<see cref="CameraStageCoding"/>).
/// Writers emit version 4, 3 for a Look whose residual is trilinear, 5 for a tetrahedral one and 6 for
/// a Look with a camera stage (<see cref="LookWriter"/>); all six read, each by its own reader
/// (Versions/LookV1Reader … LookV6Reader) behind the frame they share.
/// </summary>
public static class LookCodec
{
    public const string Magic = "lutbridge.look";
    /// <summary>The newest version (the readers take 1 to this). C: LB_LOOK_FORMAT_VERSION.</summary>
    public const int Version = 6;

    /// <summary>The version of a cubic B-spline residual, and of a Look without a residual.</summary>
    public const int SplineVersion = 4;

    /// <summary>The newest version whose residual is trilinear.</summary>
    public const int TrilinearVersion = 3;

    /// <summary>Version 4's coding with a tetrahedral residual.</summary>
    public const int TetrahedralVersion = 5;

    /// <summary>Version 4's coding plus a camera stage (a seventh item); its residual, if any, is a cubic B-spline.</summary>
    public const int CameraStageVersion = 6;

    /// <summary>
    /// The version a Look is written as: 6 with a camera stage, else the one whose residual kernel it has
    /// (4 without a residual, so older readers take it).
    /// </summary>
    public static int VersionFor(Look look)
    {
        if (look.Stage == null) return look.Residual is { } r ? VersionOf(r.Kernel) : SplineVersion;
        if (look.Residual is { Kernel: not ResidualKernel.CubicBSpline })
            throw new InvalidOperationException("a Look with a camera stage holds a cubic B-spline residual only (.look version 6)");
        return CameraStageVersion;
    }

    /// <summary>The version whose rules a residual of this kernel follows (3 trilinear, 4 cubic B-spline, 5 tetrahedral).</summary>
    public static int VersionOf(ResidualKernel kernel) => kernel switch
    {
        ResidualKernel.Trilinear => TrilinearVersion,
        ResidualKernel.Tetrahedral => TetrahedralVersion,
        _ => SplineVersion,
    };

    /// <summary>Largest stored residual integer in versions 3 and 4 (so that a detail always fits 16 bits). C: LB_LOOK_RESIDUAL_LIMIT.</summary>
    public const int HierarchicalLimit = 16383;

    /// <summary>
    /// The one rule for a residual detail's range (docs/look.md): a detail stored in
    /// <paramref name="bits"/> (8 or 16) holds ±(2^(bits−1) − 1), symmetric — ±127 or ±32767, never
    /// −128 or −32768 (the range coder stores a sign and a magnitude). The writer picks its width
    /// by it and the readers refuse wider details by it (C: LB_LOOK_DETAIL_LIMIT in look.h).
    /// </summary>
    public static int DetailLimit(int bits) => bits switch
    {
        8 => 127,
        16 => 32767,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "residual details are 8 or 16 bits"),
    };

    /// <summary>Whether every detail fits <paramref name="bits"/> under <see cref="DetailLimit"/>.</summary>
    public static bool DetailsFit(ReadOnlySpan<int> details, int bits)
    {
        int limit = DetailLimit(bits);
        foreach (var d in details)
            if (d < -limit || d > limit) return false;
        return true;
    }

    /// <summary>Version 1 files know parameters 0..47 only (strength was the last).</summary>
    public const int Version1ParameterCount = LookParameters.Strength + 1;
    public const int MaxTitleBytes = 255;

    /// <summary>The .look bytes of <paramref name="look"/>, in the version <see cref="VersionFor"/> names.</summary>
    public static byte[] Encode(Look look) => LookWriter.Write(look);

    /// <summary>Decodes .look bytes; any problem is an InputException naming <paramref name="source"/>.</summary>
    public static Look Decode(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            return DecodeCore(bytes, source);
        }
        catch (FormatException e)
        {
            throw new Core.InputException($"{source}: not a valid .look file: {e.Message}");
        }
        catch (OverflowException e)
        {
            throw new Core.InputException($"{source}: not a valid .look file: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw new Core.InputException($"{source}: not a valid .look file: truncated: data ends at byte {bytes.Length}");
        }
        catch (MessagePackSerializationException e)
        {
            throw new Core.InputException($"{source}: not a valid .look file: {e.Message}");
        }
    }

    /// <summary>
    /// What a Look becomes after a trip through the file format. The writer only writes what the
    /// reader accepts, so a refusal here is a bug in this code, not in anyone's file: it is an
    /// InvalidOperationException (callers that know the input file name it).
    /// </summary>
    public static Look RoundTrip(Look look)
    {
        var bytes = Encode(look);
        try
        {
            return DecodeCore(bytes, "the written Look");
        }
        catch (Exception e) when (e is FormatException or OverflowException or EndOfStreamException or MessagePackSerializationException or Core.InputException)
        {
            throw new InvalidOperationException($"the .look reader refuses what the writer wrote ({e.Message})", e);
        }
    }

    /// <summary>The frame every version shares, [magic, version, …, title]; the version's own reader reads the rest.</summary>
    private static Look DecodeCore(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length == 0 || (bytes[0] & 0xf0) != 0x90) throw new FormatException("it does not start with a MessagePack array");
        var r = new MessagePackReader(bytes.ToArray());
        int count = ReadArrayHeader(ref r);
        if (count < 2) throw new FormatException($"top-level array has {count} items");
        var magic = ReadString(ref r);
        if (magic != Magic) throw new FormatException($"magic is '{magic}', expected '{Magic}'");
        long version = ReadInt(ref r);
        if (version is < 1 or > Version)
            throw new Core.InputException($"{source}: unsupported .look format version {version} (this LutBridge reads versions 1 to {Version})");
        int items = version == CameraStageVersion ? 7 : 6;
        if (count != items) throw new FormatException($"version {version} has {items} top-level items, found {count}");
        var body = ReadBody(ref r, (int)version);
        string? title = TryReadNil(ref r) ? null : ReadString(ref r);
        var stage = version == CameraStageVersion ? LookV6Reader.ReadStage(ref r) : null;
        if (!r.End) throw new FormatException($"{bytes.Length - r.Consumed} unexpected bytes after the Look");
        return new Look(body.Values, body.Shaper, body.Residual, title, stage);
    }

    /// <summary>One reader per format version: parameters, shaper and residual as that version stores them.</summary>
    private static LookBody ReadBody(ref MessagePackReader r, int version) => version switch
    {
        1 => LookV1Reader.Read(ref r),
        2 => LookV2Reader.Read(ref r),
        TrilinearVersion => LookV3Reader.Read(ref r),
        SplineVersion => LookV4Reader.Read(ref r),
        TetrahedralVersion => LookV5Reader.Read(ref r),
        CameraStageVersion => LookV6Reader.Read(ref r),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "checked by the caller"),
    };

    /// <summary>zlib at the smallest size (deterministic for a given .NET runtime).</summary>
    public static byte[] Compress(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(raw);
        return buffer.ToArray();
    }

    /// <summary>Inflates a zlib stream that must hold exactly <paramref name="expected"/> bytes (never more is read).</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> compressed, int expected)
    {
        var output = new byte[expected + 1];
        int total = 0;
        try
        {
            using var z = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
            while (total < output.Length)
            {
                int n = z.Read(output, total, output.Length - total);
                if (n == 0) break;
                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"residual data is not a valid zlib stream ({e.Message})");
        }
        if (total != expected) throw new FormatException($"residual data inflates to {(total > expected ? "more than " + expected : total.ToString())} bytes, expected {expected}");
        return output[..expected];
    }

    private const float MinScale = 1e-20f;

    /// <summary>
    /// The stored form of residual values: scale and integers q (offset = scale · q, |q| ≤
    /// <see cref="HierarchicalLimit"/>). With a <paramref name="step"/> (the fitter's choice,
    /// tied to the error target) the scale is that step, widened only when the largest offset
    /// would not fit; without one the largest offset fills the integer range.
    /// </summary>
    public static (float Scale, int[] Steps) QuantiseResidual(float[] data, float? step = null)
    {
        float max = 0;
        foreach (var v in data) max = Math.Max(max, Math.Abs(v));
        // The format holds scales in (0, 1]: offsets beyond ±16383 are clamped, and a scale too
        // small for float32 (offsets below 1e-16 or so) is raised, where they all round to 0.
        // A step is widened only when rounding would pass the limit (so integers × step, read back, keep their step).
        float scale = Math.Clamp(step is > 0 and <= 1
            ? max / step.Value > HierarchicalLimit + 0.5f ? max / HierarchicalLimit : step.Value
            : max > 0 ? max / HierarchicalLimit : 1f, MinScale, 1f);
        var q = new int[data.Length];
        for (int i = 0; i < data.Length; i++)
            q[i] = Math.Clamp((int)Math.Round(data[i] / scale, MidpointRounding.AwayFromZero), -HierarchicalLimit, HierarchicalLimit);
        return (scale, q);
    }
}
