using MessagePack;

namespace LutBridge.Looks;

/// <summary>
/// .look version 4: the parameters as a map or range-coded (<see cref="ParameterCoder"/>); a cubic
/// B-spline residual whose coarse-to-fine details are range-coded (<see cref="DetailCoder"/>, version
/// 4's hierarchy, base level by the Lorenzo rule), optionally anchored.
/// </summary>
internal static class LookV4Reader
{
    public static LookBody Read(ref MessagePackReader r) => ReadRangeCoded(ref r, LookCodec.SplineVersion, ResidualKernel.CubicBSpline);

    /// <summary>Version 4's coding, whose hierarchy follows <paramref name="version"/>'s rules, for a residual of <paramref name="kernel"/> (version 5 shares it).</summary>
    internal static LookBody ReadRangeCoded(ref MessagePackReader r, int version, ResidualKernel kernel)
    {
        var steps = new long[LookParameters.Count];
        var values = LookReading.ReadMapOrCodedParameters(ref r, steps);
        var shaper = LookReading.ReadShaper(ref r);
        if (!LookReading.TryReadResidualHead(ref r, mayAnchor: true, out var head)) return new LookBody(values, shaper, null);
        // Every detail must fit the declared width.
        var hierarchy = ResidualHierarchy.For(head.Size, version);
        var q = hierarchy.FromDetails(DetailCoder.Decode(head.Stored, hierarchy, LookCodec.DetailLimit(head.Bits)));
        return new LookBody(values, shaper, LookReading.Residual(ref r, head, q, kernel, steps));
    }
}
