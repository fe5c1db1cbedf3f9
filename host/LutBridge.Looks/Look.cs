namespace LutBridge.Looks;

/// <summary>
/// A Look: named colour operations in OKLab plus an optional input shaper and residual
/// lattice, applied to display-referred sRGB in [0, 1] (specification: docs/look.md).
/// Immutable; the With* methods return changed copies. Parameter values are indexed by
/// <see cref="LookParameter.Index"/> and always lie inside their ranges.
/// </summary>
public sealed class Look
{
    private readonly double[] _values;

    public Look(IReadOnlyList<double> values, LookShaper? shaper = null, LookResidual? residual = null, string? title = null, LookCameraStage? stage = null)
    {
        if (values.Count != LookParameters.Count)
            throw new ArgumentException($"a Look has {LookParameters.Count} parameters, got {values.Count}", nameof(values));
        _values = new double[values.Count];
        for (int i = 0; i < _values.Length; i++)
        {
            var p = LookParameters.All[i];
            if (!p.InRange(values[i]))
                throw new ArgumentOutOfRangeException(nameof(values), $"{p.Name} = {values[i]} is outside {p.Min}..{p.Max}");
            _values[i] = values[i];
        }
        Shaper = shaper;
        Residual = residual;
        Title = title;
        Stage = stage;
    }

    /// <summary>The identity Look: every slider neutral, no shaper, no residual.</summary>
    public static Look Neutral { get; } = new(LookParameters.All.Select(p => p.Neutral).ToArray());

    public IReadOnlyList<double> Values => _values;
    public LookShaper? Shaper { get; }
    public LookResidual? Residual { get; }
    public string? Title { get; }

    /// <summary>The camera-transform stage before everything else (version 6), or null: the input is display sRGB.</summary>
    public LookCameraStage? Stage { get; }

    public double this[int index] => _values[index];
    public double this[string name] => _values[LookParameters.Get(name).Index];

    public Look With(string name, double value) => With(LookParameters.Get(name).Index, value);

    public Look With(int index, double value)
    {
        var values = (double[])_values.Clone();
        values[index] = value;
        return new Look(values, Shaper, Residual, Title, Stage);
    }

    public Look WithValues(IReadOnlyList<double> values) => new(values, Shaper, Residual, Title, Stage);
    public Look WithShaper(LookShaper? shaper) => new(_values, shaper, Residual, Title, Stage);
    public Look WithResidual(LookResidual? residual) => new(_values, Shaper, residual, Title, Stage);
    public Look WithTitle(string? title) => new(_values, Shaper, Residual, title, Stage);
    public Look WithStage(LookCameraStage? stage) => new(_values, Shaper, Residual, Title, stage);

    /// <summary>Every value quantised as the .look file stores it.</summary>
    public Look Quantised() =>
        new(LookParameters.All.Select(p => p.RoundTrip(_values[p.Index])).ToArray(), Shaper, Residual, Title, Stage);

    /// <summary>The names and values of the sliders that differ from neutral.</summary>
    public IEnumerable<(LookParameter Parameter, double Value)> Changed() =>
        LookParameters.All.Where(p => _values[p.Index] != p.Neutral).Select(p => (p, _values[p.Index]));
}
