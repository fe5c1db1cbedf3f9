using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// Writes a Look as the version whose residual kernel it has (<see cref="LookCodec.VersionFor"/>):
/// 3 for a trilinear residual, 4 for a cubic B-spline one or none, 5 for a tetrahedral one.
/// </summary>
internal static class LookWriter
{
    public static byte[] Write(Look look)
    {
        int version = LookCodec.VersionFor(look);
        var output = new ArrayBufferWriter<byte>(256);
        var w = new MessagePackWriter(output);
        w.WriteArrayHeader(version == LookCodec.CameraStageVersion ? 7 : 6);
        w.Write(LookCodec.Magic);
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

    private static void WriteResidual(ref MessagePackWriter w, LookResidual? residual, IReadOnlyList<double> values)
    {
        if (residual == null) { w.WriteNil(); return; }
        int version = LookCodec.VersionOf(residual.Kernel);
        var hierarchy = ResidualHierarchy.For(residual.Size, version);
        var (scale, details) = StoredDetails(residual, hierarchy);
        int bits = LookCodec.DetailsFit(details, 8) ? 8 : 16;
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
            w.Write(LookCodec.Compress(bytes).AsSpan());
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
    /// <see cref="LookCodec.DetailLimit"/>(16). Version 4 clamps its predictions, so its details always fit;
    /// version 3's cubic midpoint rule can overshoot (up to (20/16)³ on a lattice of extreme
    /// alternating integers), leaving a detail past ±32767: the scale is then doubled until every
    /// detail fits (offsets that large lie far outside the sRGB range). At scale 1, the largest the
    /// format holds, any detail still too wide is clamped in coding order, each node against the
    /// prediction the reader will make.
    /// </summary>
    private static (float Scale, int[] Details) StoredDetails(LookResidual residual, ResidualHierarchy hierarchy)
    {
        var (scale, q) = LookCodec.QuantiseResidual(residual.Data, residual.Step);
        var details = hierarchy.ToDetails(q);
        while (!LookCodec.DetailsFit(details, 16) && scale < 1)
        {
            (scale, q) = LookCodec.QuantiseResidual(residual.Data, Math.Min(1f, 2 * scale));
            details = hierarchy.ToDetails(q);
        }
        if (!LookCodec.DetailsFit(details, 16))
        {
            int nodes = hierarchy.Order.Length, limit = LookCodec.DetailLimit(16);
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < nodes; k++)
                {
                    int p = hierarchy.Predict(q, c, k), at = 3 * hierarchy.Order[k] + c;
                    q[at] = Math.Clamp(q[at], Math.Max(p - limit, -LookCodec.HierarchicalLimit), Math.Min(p + limit, LookCodec.HierarchicalLimit));
                }
            details = hierarchy.ToDetails(q);
        }
        return (scale, details);
    }

    private static string TrimTitle(string title)
    {
        var t = title.Length > LookCodec.MaxTitleBytes ? title[..LookCodec.MaxTitleBytes] : title;
        while (System.Text.Encoding.UTF8.GetByteCount(t) > LookCodec.MaxTitleBytes) t = t[..^1];
        return t;
    }
}
