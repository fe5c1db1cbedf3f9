namespace LutBridge.Engines.Decompose;

/// <summary>What the fitter aims for. The defaults are G'MIC's targets for its compressed LUT collection.</summary>
public sealed record DecomposeOptions
{
    // The ranges come first: Default below is built from them (static fields initialise in text order).
    public static readonly Core.NumberRange MaxDeltaERange = new("max_de", 0.01, 100, 2.5);
    public static readonly Core.NumberRange MeanDeltaERange = new("mean_de", 0.01, 100, 0.45);

    /// <summary>Largest CIEDE2000 allowed on the lattice and on the dense sample.</summary>
    public double MaxDeltaE { get; init; } = MaxDeltaERange.Default;

    /// <summary>Mean CIEDE2000 allowed on the lattice and on the dense sample.</summary>
    public double MeanDeltaE { get; init; } = MeanDeltaERange.Default;

    /// <summary>Title stored in the Look (null: the LUT's own title).</summary>
    public string? Title { get; init; }

    /// <summary>The input's name (its path) for messages: a failure of the fit names it.</summary>
    public string? Source { get; init; }

    /// <summary>When false, the fit stops after the named sliders (no residual lattice).</summary>
    public bool AllowResidual { get; init; } = true;

    /// <summary>
    /// The additive residual is searched beside the anchored one when the sliders alone come within
    /// this mean ΔE00 (<see cref="Decomposer.AdditiveWithinDeltaE"/>); `bench decompose` compares values.
    /// </summary>
    public double AdditiveWithinDeltaE { get; init; } = Decomposer.AdditiveWithinDeltaE;

    /// <summary>Where the fitter's diagnostic lines go (null: nowhere); the CLI sends them to stderr under LUTBRIDGE_DECOMPOSE_DEBUG=1.</summary>
    public Action<string>? Trace { get; init; }

    public static DecomposeOptions Default { get; } = new();

    public void Validate()
    {
        MaxDeltaERange.Check(MaxDeltaE);
        MeanDeltaERange.Check(MeanDeltaE);
    }
}

/// <summary>Where a running decomposition is: a fraction 0..1 and the stage in words.</summary>
public readonly record struct DecomposeProgress(double Fraction, string Stage);

/// <summary>CIEDE2000 statistics of one sample set.</summary>
public sealed record ErrorStats(double Mean, double Max, double P99, int Count);

/// <summary>What a decomposition achieved (the JSON report of `lutbridge decompose`).</summary>
public sealed record DecomposeReport(
    int SizeBytes,
    double De2000Mean,
    double De2000Max,
    double De2000P99,
    ErrorStats Lattice,
    ErrorStats Dense,
    double ParametricOnlyDe2000Mean,
    double ParametricOnlyDe2000Max,
    int ResidualSize,
    bool MeetsTarget,
    double Seconds,
    IReadOnlyDictionary<string, double> Params);

public sealed record DecomposeResult(Looks.Look Look, DecomposeReport Report);
