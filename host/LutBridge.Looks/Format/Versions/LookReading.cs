using System.Buffers.Binary;
using MessagePack;
using static LutBridge.Looks.LookMessagePack;

namespace LutBridge.Looks;

/// <summary>What a version's reader reads between the version number and the title.</summary>
internal sealed record LookBody(double[] Values, LookShaper? Shaper, LookResidual? Residual);

/// <summary>The residual's common head, [size, scale, bits, data(, anchor)], checked; the data is left as stored.</summary>
internal readonly ref struct ResidualHead(int size, float scale, int bits, ReadOnlySpan<byte> stored, bool anchored)
{
    public int Size { get; } = size;
    public float Scale { get; } = scale;
    public int Bits { get; } = bits;
    public ReadOnlySpan<byte> Stored { get; } = stored;
    /// <summary>Whether an anchor follows the data (versions 3 to 5 only).</summary>
    public bool Anchored { get; } = anchored;
    /// <summary>Lattice values: size³ nodes × 3 channels.</summary>
    public int Count => Size * Size * Size * 3;
}

/// <summary>The parts of a .look that several versions' readers share: sliders, shaper, the residual's head, the anchor.</summary>
internal static class LookReading
{
    /// <summary>The sliders as a map {index: steps}; parameters past <paramref name="known"/> are refused.</summary>
    public static double[] ReadParameters(ref MessagePackReader r, int known, long[] steps) =>
        ReadSliders(ref r, known, steps, "parameter");

    /// <summary>Versions 4 and 5: the sliders as a map, or range-coded (<see cref="ParameterCoder"/>) when the next item is binary.</summary>
    public static double[] ReadMapOrCodedParameters(ref MessagePackReader r, long[] steps) =>
        NextIsBinary(ref r)
            ? SliderValues(ParameterCoder.Decode(ReadBinary(ref r), LookParameters.Count), steps, "parameter")
            : ReadSliders(ref r, LookParameters.Count, steps, "parameter");

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

    public static LookShaper? ReadShaper(ref MessagePackReader r)
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

    /// <summary>
    /// The residual's head, or false for nil (no residual). <paramref name="mayAnchor"/>: the
    /// version admits a fifth item, the anchor (versions 3 to 5).
    /// </summary>
    public static bool TryReadResidualHead(ref MessagePackReader r, bool mayAnchor, out ResidualHead head)
    {
        head = default;
        if (TryReadNil(ref r)) return false;
        int items = ReadArrayHeader(ref r);
        if (items != 4 && !(items == 5 && mayAnchor))
            throw new FormatException(mayAnchor ? "residual must be [size, scale, bits, data] or [size, scale, bits, data, anchor]" : "residual must be [size, scale, bits, data]");
        long size = ReadInt(ref r);
        if (size < LookResidual.MinSize || size > LookResidual.MaxSize) throw new FormatException($"residual size {size} (allowed {LookResidual.MinSize}..{LookResidual.MaxSize})");
        float scale = ReadFloat32(ref r);
        if (!float.IsFinite(scale) || scale <= 0 || scale > 1) throw new FormatException($"residual scale {scale} is not in (0, 1]");
        long bits = ReadInt(ref r);
        if (bits != 8 && bits != 16) throw new FormatException($"residual has {bits} bits per value (allowed 8 or 16)");
        head = new ResidualHead((int)size, scale, (int)bits, ReadBinary(ref r), items == 5);
        return true;
    }

    /// <summary>Zlib-compressed stored integers (versions 2 and 3), <paramref name="signed"/> or not, in the head's width.</summary>
    public static int[] InflateIntegers(ResidualHead head, bool signed)
    {
        int count = head.Count, bits = head.Bits;
        ReadOnlySpan<byte> data = LookCodec.Decompress(head.Stored, count * bits / 8);
        var raw = new int[count];
        for (int i = 0; i < count; i++)
            raw[i] = signed
                ? (bits == 8 ? (sbyte)data[i] : BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]))
                : (bits == 8 ? data[i] : BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]));
        return raw;
    }

    /// <summary>
    /// The residual from its stored integers (offset = scale · q), reading the anchor when the
    /// head says one follows: slider steps relative to <paramref name="parameterSteps"/>, never strength.
    /// </summary>
    public static LookResidual Residual(ref MessagePackReader r, scoped ResidualHead head, int[] q, ResidualKernel kernel, long[] parameterSteps)
    {
        var offsets = new float[q.Length];
        for (int i = 0; i < q.Length; i++) offsets[i] = head.Scale * q[i];
        if (!head.Anchored) return new LookResidual(head.Size, offsets, head.Scale, kernel: kernel);
        var anchorSteps = (long[])parameterSteps.Clone();
        var anchor = ReadSliders(ref r, LookParameters.Count, anchorSteps, "anchor");
        if (anchorSteps[LookParameters.Strength] != parameterSteps[LookParameters.Strength]) throw new FormatException("the anchor cannot move strength");
        return new LookResidual(head.Size, offsets, head.Scale, anchor, kernel);
    }
}
