using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Rounds a fitted residual lattice to integers × step in the coarse-to-fine order the
/// .look file stores (<see cref="ResidualHierarchy"/>), predicting each node from the
/// already-rounded coarser nodes exactly as the decoder will. A detail smaller than the
/// dead zone (in steps) becomes 0, so the node keeps the coarser lattice's interpolation:
/// a wider dead zone stores fewer non-zero details (smaller file) at some cost in error. The
/// dead zone is widest at the finest level and narrower on coarser ones.
/// Because each detail is taken against the rounded prediction, errors do not accumulate
/// from level to level.
/// </summary>
internal static class ResidualQuantiser
{
    /// <summary>Plain rounding: every detail of half a step or more is kept.</summary>
    public const double NoDeadZone = 0.5;

    /// <summary>
    /// The dead zone beyond plain rounding shrinks by this factor per level coarser than the
    /// finest: a coarse detail moves a larger region, so it is zeroed less readily (on 12 creative
    /// LUTs 0.5 stored 4.5% smaller than a uniform dead zone; 0.25 and 0.75 were in between).
    /// </summary>
    public const double CoarserLevelFactor = 0.5;

    public static LookResidual Quantise(int size, ResidualKernel kernel, float[] data, float step, double deadZone)
    {
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step));
        if (!(deadZone >= NoDeadZone)) throw new ArgumentOutOfRangeException(nameof(deadZone), deadZone, "the dead zone is at least half a step");
        var hierarchy = ResidualHierarchy.For(size, LookCodec.VersionOf(kernel));
        int nodes = size * size * size;
        var q = new int[3 * nodes];
        const int limit = LookCodec.HierarchicalLimit;
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < nodes; k++)
            {
                int node = hierarchy.Order[k];
                int predicted = hierarchy.Predict(q, c, k);
                double detail = data[3 * node + c] / step - predicted;
                double zone = NoDeadZone + (deadZone - NoDeadZone) * Math.Pow(CoarserLevelFactor, hierarchy.FinestLevel - hierarchy.Levels[k]);
                int rounded = Math.Abs(detail) < zone ? 0 : (int)Math.Round(detail, MidpointRounding.AwayFromZero);
                // Within the stored range, and (for version 3, whose predictions are not clamped) a detail
                // that fits 16 bits: the lattice measured here is exactly the one the file holds.
                int wide = LookCodec.DetailLimit(16);
                q[3 * node + c] = Math.Clamp(predicted + rounded, Math.Max(-limit, predicted - wide), Math.Min(limit, predicted + wide));
            }
        var values = new float[3 * nodes];
        for (int i = 0; i < values.Length; i++) values[i] = q[i] * step;
        return new LookResidual(size, values, step, kernel: kernel);
    }

    /// <summary>
    /// Rounds a lattice whose every value may move by up to its own <paramref name="tolerance"/>
    /// (sRGB units, per node and channel, as <paramref name="data"/>; at least half a step): each
    /// detail becomes the integer of smallest magnitude within that distance of the exact one, so
    /// a detail inside its tolerance is 0 and the others shrink (shorter codes), while no stored
    /// value is further from the wanted one than its tolerance.
    /// </summary>
    public static LookResidual QuantiseWithin(int size, ResidualKernel kernel, float[] data, float step, double[] tolerance)
    {
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step));
        var hierarchy = ResidualHierarchy.For(size, LookCodec.VersionOf(kernel));
        int nodes = size * size * size;
        var q = new int[3 * nodes];
        const int limit = LookCodec.HierarchicalLimit;
        int wide = LookCodec.DetailLimit(16);
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < nodes; k++)
            {
                int node = hierarchy.Order[k];
                int predicted = hierarchy.Predict(q, c, k);
                double detail = data[3 * node + c] / step - predicted;
                double zone = Math.Max(NoDeadZone, tolerance[3 * node + c] / step);
                int shrunk = Math.Abs(detail) <= zone ? 0 : (int)Math.Ceiling(Math.Abs(detail) - zone);
                int rounded = Math.Sign(detail) * shrunk;
                q[3 * node + c] = Math.Clamp(predicted + rounded, Math.Max(-limit, predicted - wide), Math.Min(limit, predicted + wide));
            }
        var values = new float[3 * nodes];
        for (int i = 0; i < values.Length; i++) values[i] = q[i] * step;
        return new LookResidual(size, values, step, kernel: kernel);
    }
}
