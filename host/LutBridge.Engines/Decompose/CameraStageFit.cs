using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// The camera-transform stage of a camera-log LUT (docs/look.md, step 0): detects which published
/// encoding, gamut and display clipping made the LUT's input side, so that the rest of the Look —
/// sliders and residual — is fitted in display values, where only the film look is left and a small
/// smooth residual follows it.
/// <para>
/// Detection: a LUT that is film ∘ camera transform is a smooth function of the transform's display
/// colours. Between neighbouring nodes its output cannot move much more than those colours do, so
/// for each candidate transform the jumps the colours do not explain (|ΔLUT| over
/// <see cref="Lipschitz"/>·|Δdisplay| + <see cref="Slack"/>, squared, summed over every pair of
/// neighbouring nodes) are its score; the identity (no stage) is scored alike. A candidate is
/// considered when its score is under <see cref="MaxScoreRatio"/> of the identity's, and of those
/// the one a small spline fit follows best (<see cref="FitError"/>) is taken.
/// </para>
/// </summary>
internal static class CameraStageFit
{
    /// <summary>How much faster than the display colours a film look may change (sRGB units per unit).</summary>
    public const double Lipschitz = 3;

    /// <summary>Jumps smaller than this are never counted (the LUT's own rounding, a film LUT's kinks).</summary>
    public const double Slack = 0.01;

    /// <summary>A stage is used when its score is below this share of the identity's.</summary>
    public const double MaxScoreRatio = 0.05;

    /// <summary>Smallest LUT lattice the stage is tried on: film LUTs (13³ and the like) never pay for it.</summary>
    public const int MinLatticeAxis = 17;

    /// <summary>
    /// The extended-Reinhard display shoulder of `eval camera-luts`: x(1 + x/16²)/(1 + x), scaled so
    /// that 18% grey stays 18%.
    /// </summary>
    public static readonly (float White, float Gain) Shoulder = (16f, (float)(0.18 / (0.18 * (1 + 0.18 / 256) / (1 + 0.18))));

    /// <summary>Candidate stages for a lattice of <paramref name="size"/> nodes: each published encoding with its gamut, hard clip or shoulder.</summary>
    public static IEnumerable<(string Name, LookCameraStage Stage)> Candidates(int size)
    {
        foreach (var log in CameraLog.All)
        {
            yield return ($"{log.Name} clip", StageOf(log, size, null));
            yield return ($"{log.Name} shoulder", StageOf(log, size, Shoulder));
        }
    }

    /// <summary>A stage from a published encoding: its curve at the nodes, its gamut → Rec. 709 matrix.</summary>
    public static LookCameraStage StageOf(CameraLog log, int size, (float, float)? shoulder)
    {
        var curve = new float[size];
        for (int i = 0; i < size; i++) curve[i] = (float)Math.Clamp(log.Decode(i / (size - 1.0)), -LookCameraStage.MaxLinear, LookCameraStage.MaxLinear);
        var m = log.ToLinearSrgb();
        float[] matrix = [(float)m.M11, (float)m.M12, (float)m.M13, (float)m.M21, (float)m.M22, (float)m.M23, (float)m.M31, (float)m.M32, (float)m.M33];
        return new LookCameraStage(size, curve, matrix, shoulder);
    }

    /// <summary>The stage that explains the LUT's input side, or null (no candidate pays, or the LUT is no plain lattice of 17³ or more).</summary>
    public static LookCameraStage? Detect(Lut lut, Action<string>? debug)
    {
        if (!lut.IsPlainLattice || lut.Lattice!.Size < MinLatticeAxis || lut.Lattice.Size > LookCameraStage.MaxSize) return null;
        var lattice = lut.Lattice;
        int n = lattice.Size;
        var targets = new float[lattice.Data.Length];
        for (int i = 0; i < targets.Length; i++) targets[i] = Math.Clamp(lattice.Data[i], 0f, 1f);
        double identity = Score(n, Identity(n), targets);
        LookCameraStage? best = null;
        double bestError = double.PositiveInfinity;
        foreach (var (name, stage) in Candidates(n))
        {
            var display = Display(stage);
            double score = Score(n, display, targets);
            if (!(score < MaxScoreRatio * identity))
            {
                debug?.Invoke($"camera stage {name}: jumps {score:g3} against the identity's {identity:g3}: not taken");
                continue;
            }
            // Several candidates can explain the jumps (a clip where the film clips too): the one a
            // small spline follows best wins.
            double error = FitError(n, display, targets);
            debug?.Invoke($"camera stage {name}: jumps {score:g3} against the identity's {identity:g3}, {ProbeSize}³ spline rms {error:0.00000}");
            if (error < bestError) (best, bestError) = (stage, error);
        }
        return best;
    }

    /// <summary>Spline size of the probe fit that ranks the candidates.</summary>
    public const int ProbeSize = 6;

    /// <summary>
    /// RMS error (sRGB units) of a <see cref="ProbeSize"/>³ cubic B-spline least-squares fit of the
    /// LUT as a function of the display colours, on at most 17³ nodes.
    /// </summary>
    public static double FitError(int n, float[] display, float[] targets)
    {
        int stride = Math.Max(1, (int)Math.Ceiling((n - 1) / 16.0));
        var inputs = new List<float>();
        var offsets = new List<double>();
        for (int b = 0; b < n; b += stride)
            for (int g = 0; g < n; g += stride)
                for (int r = 0; r < n; r += stride)
                {
                    int i = 3 * (r + n * (g + n * b));
                    for (int c = 0; c < 3; c++)
                    {
                        inputs.Add(display[i + c]);
                        offsets.Add(targets[i + c] - display[i + c]);
                    }
                }
        var x = inputs.ToArray();
        var y = offsets.ToArray();
        var weights = Enumerable.Repeat(1.0, y.Length / 3).ToArray();
        var residual = new LookResidual(ProbeSize, ResidualFit.Solve(ProbeSize, ResidualKernel.CubicBSpline, x, y, weights, null, CancellationToken.None));
        double sum = 0;
        Span<double> rgb = stackalloc double[3];
        for (int k = 0; k < weights.Length; k++)
        {
            rgb.Clear();
            residual.AddTo(x[3 * k], x[3 * k + 1], x[3 * k + 2], rgb);
            for (int c = 0; c < 3; c++) sum += (rgb[c] - y[3 * k + c]) * (rgb[c] - y[3 * k + c]);
        }
        return Math.Sqrt(sum / y.Length);
    }

    /// <summary>The display colour of every node of the stage, red fastest.</summary>
    public static float[] Display(LookCameraStage stage)
    {
        int n = stage.Size;
        var c = new float[n * n * n * 3];
        Parallel.For(0, n, b =>
        {
            int i = 3 * n * n * b;
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    var (x, y, z) = stage.Node(r, g, b);
                    c[i++] = (float)x;
                    c[i++] = (float)y;
                    c[i++] = (float)z;
                }
        });
        return c;
    }

    private static float[] Identity(int n) => Lattice3D.Identity(n).Data;

    /// <summary>Σ over neighbouring nodes of max(0, |ΔLUT|∞ − <see cref="Lipschitz"/>·|Δdisplay|∞ − <see cref="Slack"/>)², per pair.</summary>
    public static double Score(int n, float[] display, float[] targets)
    {
        var sums = new double[n];
        Parallel.For(0, n, b =>
        {
            double sum = 0;
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    int i = r + n * (g + n * b);
                    if (r + 1 < n) sum += Jump(display, targets, i, i + 1);
                    if (g + 1 < n) sum += Jump(display, targets, i, i + n);
                    if (b + 1 < n) sum += Jump(display, targets, i, i + n * n);
                }
            sums[b] = sum;
        });
        return sums.Sum() / (3.0 * n * n * (n - 1));
    }

    private static double Jump(float[] display, float[] targets, int i, int j)
    {
        double dc = 0, dl = 0;
        for (int c = 0; c < 3; c++)
        {
            dc = Math.Max(dc, Math.Abs(display[3 * j + c] - display[3 * i + c]));
            dl = Math.Max(dl, Math.Abs(targets[3 * j + c] - targets[3 * i + c]));
        }
        double excess = dl - Lipschitz * dc - Slack;
        return excess > 0 ? excess * excess : 0;
    }
}
