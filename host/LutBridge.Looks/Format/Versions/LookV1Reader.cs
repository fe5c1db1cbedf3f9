using System.Buffers.Binary;
using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// .look version 1: the first 48 parameters (up to strength) as a map; the residual raw, int8 or
/// int16 interleaved per node, trilinear, no anchor.
/// </summary>
internal static class LookV1Reader
{
    public static LookBody Read(ref MessagePackReader r)
    {
        var steps = new long[LookParameters.Count];
        var values = LookReading.ReadParameters(ref r, LookCodec.Version1ParameterCount, steps);
        var shaper = LookReading.ReadShaper(ref r);
        return new LookBody(values, shaper, ReadResidual(ref r));
    }

    private static LookResidual? ReadResidual(ref MessagePackReader r)
    {
        if (!LookReading.TryReadResidualHead(ref r, mayAnchor: false, out var head)) return null;
        int count = head.Count, bits = head.Bits;
        var data = head.Stored;
        if (data.Length != count * bits / 8) throw new FormatException($"residual data has {data.Length} bytes, expected {count * bits / 8}");
        var offsets = new float[count];
        for (int i = 0; i < count; i++)
            offsets[i] = head.Scale * (bits == 8 ? (sbyte)data[i] : BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]));
        return new LookResidual(head.Size, offsets, head.Scale, kernel: ResidualKernel.Trilinear);
    }
}
