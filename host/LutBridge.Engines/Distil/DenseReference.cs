using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Engines.Distil;

/// <summary>
/// The reference a distilled Look is measured against: a dense 33³ trilinear lattice fitted
/// to the same colour samples by weighted least squares (weights: pixels per sample, so it is
/// the best lattice for the pixels) with the decompose fitter's membrane smoothness, which also
/// fills the colours the pair never shows. It is not stored, only scored.
/// </summary>
internal static class DenseReference
{
    public const int Size = 33;

    public static Look Fit(ColourSamples samples, CancellationToken ct) => Fit(samples, Size, ResidualKernel.Trilinear, ct);

    /// <summary>
    /// A smooth colour model for registration: a 9³ cubic B-spline cannot bend to fit a foreign
    /// object's colours, so they stand out against it and are dropped.
    /// </summary>
    public static Look Smooth(ColourSamples samples, CancellationToken ct) => Fit(samples, 9, ResidualKernel.CubicBSpline, ct);

    public static Look Fit(ColourSamples samples, int size, ResidualKernel kernel, CancellationToken ct)
    {
        var offsets = new double[samples.Inputs.Length];
        for (int i = 0; i < offsets.Length; i++) offsets[i] = samples.Targets[i] - samples.Inputs[i];
        var weights = samples.Counts.Select(c => (double)c).ToArray();
        var data = ResidualFit.Solve(size, kernel, samples.Inputs, offsets, weights, null, ct);
        // Offsets from the input on a neutral Look: the lattice alone is the mapping.
        return Look.Neutral.WithResidual(new LookResidual(size, data, kernel: kernel));
    }
}
