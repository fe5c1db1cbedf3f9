namespace LutBridge.Engines.Distil;

/// <summary>How the "after" image is brought onto the "before" image's pixels.</summary>
public enum AlignmentMode
{
    /// <summary>Check whether the pair lines up; register it when it does not.</summary>
    Auto,
    /// <summary>Trust pixel positions (same size required): no registration.</summary>
    None,
    /// <summary>Always register (global model, local refinement, changed regions rejected).</summary>
    Register,
}

/// <summary>What distil aims for.</summary>
public sealed record DistilOptions
{
    /// <summary>The margin's range and its default for pairs (before <see cref="Default"/>, which is built from it).</summary>
    public static readonly Core.NumberRange MarginRange = new("margin", 0.01, 10, 0.3);

    /// <summary>Title stored in the Look.</summary>
    public string? Title { get; init; }

    public AlignmentMode Alignment { get; init; } = AlignmentMode.Auto;

    /// <summary>
    /// The Look's residual is the smallest whose stored Look comes within this mean CIEDE2000
    /// of the dense 33³ reference on the pair's colour samples (the reference's own error plus this).
    /// </summary>
    public double MeanDeltaEMargin { get; init; } = MarginRange.Default;

    /// <summary>
    /// When true (pairs), the target is never tighter than what a smooth 9³ fit reaches on the samples:
    /// a misregistered pair's dense reference also fits its noise. Renders of an editor's edit are clean
    /// (every sample is exact), so there the dense reference plus the margin is the target.
    /// </summary>
    public bool SmoothReachFloor { get; init; } = true;

    /// <summary>
    /// Colour samples the slider fit sees at most (<see cref="LookFit.SliderSamples"/> for pairs, whose
    /// samples are noisy; renders of an edit, exact samples, give the sliders twice as many).
    /// </summary>
    public int SliderSamples { get; init; } = LookFit.SliderSamples;

    /// <summary>When false, only the named sliders are fitted.</summary>
    public bool AllowResidual { get; init; } = true;

    /// <summary>
    /// Optional per-pixel mask over the before image (true: the pixel may be used for the fit),
    /// row-major at the before image's size. eval uses it to hold part of the frame out.
    /// </summary>
    public bool[]? FitMask { get; init; }

    /// <summary>
    /// Optional patch features (a DINOv2-class model) for misaligned pairs: their matches give a
    /// coarse homography that guides the feature matching. Null: the model-free path.
    /// </summary>
    public IPatchFeatures? PatchFeatures { get; init; }

    /// <summary>Where the fit's diagnostic lines go (null: nowhere); the CLI sends them to stderr under LUTBRIDGE_DISTIL_DEBUG=1.</summary>
    public Action<string>? Trace { get; init; }

    public static DistilOptions Default { get; } = new();

    public void Validate()
    {
        MarginRange.Check(MeanDeltaEMargin);
        if (SliderSamples < 1) throw new ArgumentOutOfRangeException(nameof(SliderSamples), SliderSamples, "the slider fit needs at least one sample");
    }
}

/// <summary>Where a running distil is: a fraction 0..1 and the stage in words.</summary>
public readonly record struct DistilProgress(double Fraction, string Stage);

/// <summary>
/// What registration found: <c>none</c> (pixel-aligned), <c>similarity</c>, <c>homography</c>
/// or <c>local</c> (a homography refined by a dense flow field), or <c>distribution</c> when too
/// few correspondences were trusted and colours were matched by their distributions instead.
/// </summary>
public sealed record AlignmentReport(
    string Kind,
    double[]? Homography,
    double? ScaleFactor,
    double? RotationDegrees,
    double[]? Shift,
    int Features,
    int Inliers,
    double MedianFlowPixels,
    int Iterations,
    double ChangedFraction)
{
    /// <summary>What patch features did, when a patch-features model was given (see <see cref="PatchReport"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PatchReport? Patches { get; init; }
}

/// <summary>What a distil achieved (the JSON report of `lutbridge distil`).</summary>
public sealed record DistilReport(
    double Seconds,
    AlignmentReport Alignment,
    double MatchedFraction,
    double Coverage,
    double De2000Mean,
    double PsnrDb,
    double DensePsnrDb,
    double DenseDe2000Mean,
    double SlidersOnlyPsnrDb,
    int SizeBytes,
    int ResidualSize,
    int ColourSamples,
    IReadOnlyDictionary<string, double> Params)
{
    /// <summary>For an editor's edit (distil --edit): the editor, what was left out and the held-out check.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public EditReport? Edit { get; init; }
}

public sealed record DistilResult(Looks.Look Look, DistilReport Report)
{
    /// <summary>The dense 33³ reference fitted to the same pixels (not stored; eval scores it on held-out pixels).</summary>
    public Looks.Look? DenseReference { get; init; }
}
