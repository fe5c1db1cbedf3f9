using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// .look version 3: every parameter as a map; the residual zlib-compressed as signed coarse-to-fine
/// details (<see cref="ResidualHierarchy"/>, version 3's rules), trilinear, optionally anchored.
/// </summary>
internal static class LookV3Reader
{
    public static LookBody Read(ref MessagePackReader r)
    {
        var steps = new long[LookParameters.Count];
        var values = LookReading.ReadParameters(ref r, LookParameters.Count, steps);
        var shaper = LookReading.ReadShaper(ref r);
        if (!LookReading.TryReadResidualHead(ref r, mayAnchor: true, out var head)) return new LookBody(values, shaper, null);
        var q = ResidualHierarchy.For(head.Size, LookCodec.TrilinearVersion).FromDetails(LookReading.InflateIntegers(head, signed: true));
        return new LookBody(values, shaper, LookReading.Residual(ref r, head, q, ResidualKernel.Trilinear, steps));
    }
}
