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

    /// <summary>
    /// Relative residuals at which the coarse (9³, 17³) and the final 33³ solves stop. From zero the
    /// 33³ solve took 0.7–0.8 CPU s to 1e-6; coarse to fine, to 1e-5, 0.25–0.38 s, and on a2803, a3102,
    /// a4857 the Looks and dense PSNRs came out within 0.15 dB (1e-4 was quicker still but stopped early
    /// enough to smooth the reference: +0.5 dB held out, and looser Look targets).
    /// </summary>
    public const double CoarseTolerance = 1e-4, FineTolerance = 1e-5;

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
        float[]? start = null;
        double tolerance = 1e-6;
        if (kernel == ResidualKernel.Trilinear && size == Size)
        {
            // Coarse to fine: the membrane is weak (it only pins nodes few samples reach), so conjugate
            // gradients from zero spend most of their iterations spreading values into empty regions;
            // from the 17³ solution (itself from 9³), upsampled, a few dozen iterations finish the job.
            foreach (int coarse in new[] { 9, 17 })
            {
                var prev = start == null ? null : Upsample(start, (coarse + 1) / 2);
                start = ResidualFit.Solve(coarse, kernel, samples.Inputs, offsets, weights, prev, ct, CoarseTolerance);
            }
            start = Upsample(start!, 17);
            tolerance = FineTolerance;
        }
        var data = ResidualFit.Solve(size, kernel, samples.Inputs, offsets, weights, start, ct, tolerance);
        // Offsets from the input on a neutral Look: the lattice alone is the mapping.
        return Look.Neutral.WithResidual(new LookResidual(size, data, kernel: kernel));
    }

    /// <summary>A trilinear lattice of <paramref name="size"/>³ nodes (3 channels, red fastest) at 2·size − 1 per axis: even nodes copied, odd ones interpolated.</summary>
    internal static float[] Upsample(float[] lattice, int size)
    {
        int fine = 2 * size - 1;
        var result = new float[fine * fine * fine * 3];
        for (int b = 0; b < fine; b++)
            for (int g = 0; g < fine; g++)
                for (int r = 0; r < fine; r++)
                {
                    int o = ((b * fine + g) * fine + r) * 3;
                    for (int c = 0; c < 3; c++)
                    {
                        double sum = 0;
                        int n = 0;
                        foreach (int cb in Around(b))
                            foreach (int cg in Around(g))
                                foreach (int cr in Around(r))
                                {
                                    sum += lattice[((cb * size + cg) * size + cr) * 3 + c];
                                    n++;
                                }
                        result[o + c] = (float)(sum / n);
                    }
                }
        return result;

        static int[] Around(int i) => i % 2 == 0 ? [i / 2] : [i / 2, i / 2 + 1];
    }
}
