using System.Buffers;
using System.Buffers.Binary;
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
/// Version 6 is version 4 with a seventh item, the camera stage (<see cref="CameraStageCoding"/>).
/// Writers emit version 4, 3 for a Look whose residual is trilinear, 5 for a tetrahedral one and 6
/// for a Look with a camera stage; all six read.
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

    /// <summary>The version a Look is written as: the one whose residual kernel it has (4 without a residual, so older readers take it).</summary>
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

    /// <summary>The kernel a file version's residual has.</summary>
    private static ResidualKernel KernelOf(int version) => version switch
    {
        TetrahedralVersion => ResidualKernel.Tetrahedral,
        SplineVersion or CameraStageVersion => ResidualKernel.CubicBSpline,
        _ => ResidualKernel.Trilinear,
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

    public static byte[] Encode(Look look)
    {
        var output = new ArrayBufferWriter<byte>(256);
        var w = new MessagePackWriter(output);
        int version = VersionFor(look);
        w.WriteArrayHeader(version == CameraStageVersion ? 7 : 6);
        w.Write(Magic);
        w.Write(version);
        var steps = LookParameters.All.Select(p => p.Quantise(p.Clamp(look[p.Index]))).ToArray();
        // Version 4 may range-code the sliders instead; the shorter form is written (a map for few moved sliders).
        var mapBytes = SliderMap(steps);
        var coded = version >= 4 ? ParameterCoder.Encode(steps) : null;
        if (coded != null && coded.Length + 2 < mapBytes.Length) w.Write(coded.AsSpan());
        else w.WriteRaw(mapBytes);
        WriteShaper(ref w, look.Shaper);
        WriteResidual(ref w, look.Residual, look.Values);
        if (look.Title == null) w.WriteNil();
        else LookMessagePack.WriteString(ref w, TrimTitle(look.Title));
        if (look.Stage is { } stage) CameraStageCoding.Write(ref w, stage);
        w.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The sliders as a map {index: steps} of the moved ones.</summary>
    private static byte[] SliderMap(long[] steps)
    {
        var output = new ArrayBufferWriter<byte>(64);
        var map = new MessagePackWriter(output);
        map.WriteMapHeader(steps.Count(s => s != 0));
        for (int index = 0; index < steps.Length; index++)
        {
            if (steps[index] == 0) continue;
            map.Write(index);
            map.Write(steps[index]);
        }
        map.Flush();
        return output.WrittenSpan.ToArray();
    }

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

    private static Look DecodeCore(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length == 0 || (bytes[0] & 0xf0) != 0x90) throw new FormatException("it does not start with a MessagePack array");
        var r = new MessagePackReader(bytes.ToArray());
        int count = ReadArrayHeader(ref r);
        if (count < 2) throw new FormatException($"top-level array has {count} items");
        var magic = ReadString(ref r);
        if (magic != Magic) throw new FormatException($"magic is '{magic}', expected '{Magic}'");
        long version = ReadInt(ref r);
        if (version is not (1 or 2 or TrilinearVersion or SplineVersion or TetrahedralVersion or CameraStageVersion))
            throw new Core.InputException($"{source}: unsupported .look format version {version} (this LutBridge reads versions 1 to {Version})");
        int items = version == CameraStageVersion ? 7 : 6;
        if (count != items) throw new FormatException($"version {version} has {items} top-level items, found {count}");
        int known = version == 1 ? Version1ParameterCount : LookParameters.Count;

        var steps = new long[LookParameters.Count];
        var values = version >= 4 && NextIsBinary(ref r)
            ? SliderValues(ParameterCoder.Decode(ReadBinary(ref r), LookParameters.Count), steps, "parameter")
            : ReadSliders(ref r, known, steps, "parameter");
        var shaper = ReadShaper(ref r);
        var residual = ReadResidual(ref r, (int)version, steps, values);
        string? title = TryReadNil(ref r) ? null : ReadString(ref r);
        var stage = version == CameraStageVersion ? CameraStageCoding.Read(ref r) : null;
        if (!r.End) throw new FormatException($"{bytes.Length - r.Consumed} unexpected bytes after the Look");
        return new Look(values, shaper, residual, title, stage);
    }

    /// <summary>
    /// A map {index: steps} of slider values: each value is neutral + (base + steps)·step, where
    /// <paramref name="steps"/> holds the base on entry (0 for the parameters, the parameters'
    /// steps for an anchor) and the result on return; absent indices keep their base.
    /// </summary>
    private static double[] ReadSliders(ref MessagePackReader r, int known, long[] steps, string what)
    {
        int n = ReadMapHeader(ref r);
        var seen = new HashSet<long>();
        for (int i = 0; i < n; i++)
        {
            long index = ReadInt(ref r);
            long delta = ReadInt(ref r);
            if (index < 0 || index >= known) throw new FormatException($"unknown {what} index {index}");
            if (!seen.Add(index)) throw new FormatException($"{what} index {index} appears twice");
            steps[index] += delta;
        }
        return SliderValues(null, steps, what);
    }

    /// <summary>Values of the slider <paramref name="steps"/> (plus <paramref name="coded"/> when given), each checked against its range.</summary>
    private static double[] SliderValues(long[]? coded, long[] steps, string what)
    {
        if (coded != null)
            for (int i = 0; i < steps.Length; i++) steps[i] += coded[i];
        var values = new double[LookParameters.Count];
        foreach (var p in LookParameters.All)
        {
            double v = p.Dequantise(steps[p.Index]);
            if (!(v >= p.Min - p.Step && v <= p.Max + p.Step))
                throw new FormatException($"{(what == "parameter" ? "" : what + " ")}{p.Name} = {v} is outside {p.Min}..{p.Max}");
            values[p.Index] = p.Clamp(v);
        }
        return values;
    }

    private static void WriteShaper(ref MessagePackWriter w, LookShaper? shaper)
    {
        if (shaper == null) { w.WriteNil(); return; }
        w.WriteArrayHeader(2);
        w.Write(shaper.Knots);
        var bytes = new byte[shaper.Values.Length * 2];
        ushort previous = 0;
        for (int i = 0; i < shaper.Values.Length; i++)
        {
            var q = (ushort)Math.Round(Math.Clamp(shaper.Values[i], 0f, 1f) * 65535.0);
            if (i % shaper.Knots != 0 && q < previous) q = previous; // keep monotone after rounding
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), q);
            previous = q;
        }
        w.Write(bytes.AsSpan());
    }

    private static LookShaper? ReadShaper(ref MessagePackReader r)
    {
        if (TryReadNil(ref r)) return null;
        if (ReadArrayHeader(ref r) != 2) throw new FormatException("shaper must be [knots, data]");
        long knots = ReadInt(ref r);
        if (knots < LookShaper.MinKnots || knots > LookShaper.MaxKnots) throw new FormatException($"shaper has {knots} knots (allowed {LookShaper.MinKnots}..{LookShaper.MaxKnots})");
        var data = ReadBinary(ref r);
        if (data.Length != knots * 6) throw new FormatException($"shaper data has {data.Length} bytes, expected {knots * 6}");
        var values = new float[knots * 3];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) / 65535.0);
        for (int c = 0; c < 3; c++)
            for (int i = 1; i < knots; i++)
                if (values[c * knots + i] < values[c * knots + i - 1]) throw new FormatException("shaper curve decreases");
        return new LookShaper((int)knots, values);
    }

    private static void WriteResidual(ref MessagePackWriter w, LookResidual? residual, IReadOnlyList<double> values)
    {
        if (residual == null) { w.WriteNil(); return; }
        int version = VersionOf(residual.Kernel);
        var hierarchy = ResidualHierarchy.For(residual.Size, version);
        var (scale, details) = StoredDetails(residual, hierarchy);
        int bits = DetailsFit(details, 8) ? 8 : 16;
        w.WriteArrayHeader(residual.Anchor == null ? 4 : 5);
        w.Write(residual.Size);
        w.Write(scale);
        w.Write(bits);
        if (version >= 4) w.Write(DetailCoder.Encode(details, hierarchy).AsSpan());
        else
        {
            var bytes = new byte[details.Length * bits / 8];
            for (int i = 0; i < details.Length; i++)
            {
                if (bits == 8) bytes[i] = (byte)details[i];
                else BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)details[i]);
            }
            w.Write(Compress(bytes).AsSpan());
        }
        if (residual.Anchor is { } anchor)
        {
            // Anchor minus parameters, in steps: an empty map when the sliders sit at the anchor.
            var moved = LookParameters.All
                .Where(p => p.Index != LookParameters.Strength)
                .Select(p => (p.Index, Delta: p.Quantise(p.Clamp(anchor[p.Index])) - p.Quantise(p.Clamp(values[p.Index]))))
                .Where(x => x.Delta != 0).ToList();
            w.WriteMapHeader(moved.Count);
            foreach (var (index, delta) in moved)
            {
                w.Write(index);
                w.Write(delta);
            }
        }
    }

    /// <summary>
    /// The scale and coarse-to-fine details a residual is stored as, every detail within
    /// <see cref="DetailLimit"/>(16). Version 4 clamps its predictions, so its details always fit;
    /// version 3's cubic midpoint rule can overshoot (up to (20/16)³ on a lattice of extreme
    /// alternating integers), leaving a detail past ±32767: the scale is then doubled until every
    /// detail fits (offsets that large lie far outside the sRGB range). At scale 1, the largest the
    /// format holds, any detail still too wide is clamped in coding order, each node against the
    /// prediction the reader will make.
    /// </summary>
    private static (float Scale, int[] Details) StoredDetails(LookResidual residual, ResidualHierarchy hierarchy)
    {
        var (scale, q) = QuantiseResidual(residual.Data, residual.Step);
        var details = hierarchy.ToDetails(q);
        while (!DetailsFit(details, 16) && scale < 1)
        {
            (scale, q) = QuantiseResidual(residual.Data, Math.Min(1f, 2 * scale));
            details = hierarchy.ToDetails(q);
        }
        if (!DetailsFit(details, 16))
        {
            int nodes = hierarchy.Order.Length, limit = DetailLimit(16);
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < nodes; k++)
                {
                    int p = hierarchy.Predict(q, c, k), at = 3 * hierarchy.Order[k] + c;
                    q[at] = Math.Clamp(q[at], Math.Max(p - limit, -HierarchicalLimit), Math.Min(p + limit, HierarchicalLimit));
                }
            details = hierarchy.ToDetails(q);
        }
        return (scale, details);
    }

    /// <summary>
    /// Version 2's residual layout before zlib (read for old files; tests write it): channel-planar (all red offsets, then green,
    /// then blue; nodes red fastest), each value minus its neighbour at red index − 1 (the
    /// first of each row as is), modulo 2^bits. Smooth lattices become runs of small numbers.
    /// </summary>
    public static int[] ToPlanarDeltas(int size, int[] interleaved, int bits)
    {
        int nodes = interleaved.Length / 3, mask = (1 << bits) - 1;
        var result = new int[interleaved.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < nodes; i++)
            {
                int v = interleaved[3 * i + c];
                int left = i % size == 0 ? 0 : interleaved[3 * (i - 1) + c];
                result[c * nodes + i] = (v - left) & mask;
            }
        return result;
    }

    /// <summary>The inverse of <see cref="ToPlanarDeltas"/>: unsigned stored values → interleaved signed integers.</summary>
    public static int[] FromPlanarDeltas(int size, int[] planar, int bits)
    {
        int nodes = planar.Length / 3, mask = (1 << bits) - 1, sign = 1 << (bits - 1);
        var result = new int[planar.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < nodes; i++)
            {
                int left = i % size == 0 ? 0 : result[3 * (i - 1) + c];
                int v = (left + planar[c * nodes + i]) & mask;
                result[3 * i + c] = v >= sign ? v - (mask + 1) : v;
            }
        return result;
    }

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

    /// <summary>
    /// The stored form of residual values: scale and integers q (offset = scale · q, |q| ≤
    /// <see cref="HierarchicalLimit"/>). With a <paramref name="step"/> (the fitter's choice,
    /// tied to the error target) the scale is that step, widened only when the largest offset
    /// would not fit; without one the largest offset fills the integer range.
    /// </summary>
    private const float MinScale = 1e-20f;

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

    private static LookResidual? ReadResidual(ref MessagePackReader r, int version, long[] parameterSteps, double[] values)
    {
        if (TryReadNil(ref r)) return null;
        int items = ReadArrayHeader(ref r);
        if (items != 4 && !(items == 5 && version >= 3))
            throw new FormatException(version >= 3 ? "residual must be [size, scale, bits, data] or [size, scale, bits, data, anchor]" : "residual must be [size, scale, bits, data]");
        long size = ReadInt(ref r);
        if (size < LookResidual.MinSize || size > LookResidual.MaxSize) throw new FormatException($"residual size {size} (allowed {LookResidual.MinSize}..{LookResidual.MaxSize})");
        float scale = ReadFloat32(ref r);
        if (!float.IsFinite(scale) || scale <= 0 || scale > 1) throw new FormatException($"residual scale {scale} is not in (0, 1]");
        long bits = ReadInt(ref r);
        if (bits != 8 && bits != 16) throw new FormatException($"residual has {bits} bits per value (allowed 8 or 16)");
        var stored = ReadBinary(ref r);
        long count = size * size * size * 3;
        var offsets = new float[count];
        int[] q;
        if (version >= 4)
        {
            // Range-coded details (DetailCoder); every detail must fit the declared width.
            var hierarchy = ResidualHierarchy.For((int)size, version);
            q = hierarchy.FromDetails(DetailCoder.Decode(stored, hierarchy, DetailLimit((int)bits)));
        }
        else
        {
            bool compressed = version >= 2;
            ReadOnlySpan<byte> data = compressed ? Decompress(stored, (int)(count * bits / 8)) : stored;
            if (data.Length != count * bits / 8) throw new FormatException($"residual data has {data.Length} bytes, expected {count * bits / 8}");
            if (!compressed)
            {
                for (int i = 0; i < count; i++)
                    offsets[i] = scale * (bits == 8 ? (sbyte)data[i] : BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]));
                return new LookResidual((int)size, offsets, scale, kernel: ResidualKernel.Trilinear);
            }
            var raw = new int[count];
            for (int i = 0; i < count; i++)
                raw[i] = version >= 3
                    ? (bits == 8 ? (sbyte)data[i] : BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]))
                    : (bits == 8 ? data[i] : BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]));
            q = version >= 3 ? ResidualHierarchy.For((int)size, 3).FromDetails(raw) : FromPlanarDeltas((int)size, raw, (int)bits);
        }
        for (int i = 0; i < count; i++) offsets[i] = scale * q[i];
        var kernel = KernelOf(version);
        if (items == 4) return new LookResidual((int)size, offsets, scale, kernel: kernel);
        var anchorSteps = (long[])parameterSteps.Clone();
        var anchor = ReadSliders(ref r, LookParameters.Count, anchorSteps, "anchor");
        if (anchorSteps[LookParameters.Strength] != parameterSteps[LookParameters.Strength]) throw new FormatException("the anchor cannot move strength");
        return new LookResidual((int)size, offsets, scale, anchor, kernel);
    }

    private static string TrimTitle(string title)
    {
        var t = title.Length > MaxTitleBytes ? title[..MaxTitleBytes] : title;
        while (System.Text.Encoding.UTF8.GetByteCount(t) > MaxTitleBytes) t = t[..^1];
        return t;
    }
}
