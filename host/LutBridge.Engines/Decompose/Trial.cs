using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>A candidate Look, its stored size and its CIEDE2000 errors on the two sample sets.</summary>
internal sealed record Trial(Look Look, ErrorStats Lattice, ErrorStats Dense, ErrorStats Combined, double[] LatticeErrors, double[] DenseErrors, DecomposeOptions Options)
{
    public bool MeanMeets => Lattice.Mean <= Options.MeanDeltaE && Dense.Mean <= Options.MeanDeltaE;
    public bool Meets => MeanMeets && Lattice.Max <= Options.MaxDeltaE && Dense.Max <= Options.MaxDeltaE;

    /// <summary>How far the worse of the two targets is missed (ratio; ≤ 1 when met).</summary>
    public double Violation => Math.Max(Math.Max(Lattice.Mean, Dense.Mean) / Options.MeanDeltaE, Math.Max(Lattice.Max, Dense.Max) / Options.MaxDeltaE);

    /// <summary>Stored size (computed on demand, so a copy made with <c>with</c> never carries a stale size).</summary>
    public int Bytes => LookCodec.Encode(Look).Length;

    /// <summary>
    /// Like <see cref="Measure"/>, but returns null without measuring the dense sample when the
    /// lattice alone already misses a target (for searches that only keep Looks that meet them).
    /// </summary>
    public static Trial? MeasureIfMeets(Look look, SampleSet lattice, SampleSet dense, DecomposeOptions options)
    {
        var le = lattice.DeltaE2000(look);
        var ls = lattice.StatsOf(le);
        if (ls.Mean > options.MeanDeltaE || ls.Max > options.MaxDeltaE) return null;
        var de = dense.DeltaE2000(look);
        return new Trial(look, ls, dense.StatsOf(de), SampleSet.Combined(lattice, le, dense, de), le, de, options);
    }

    /// <summary>Measures a Look as stored (callers pass it through the codec).</summary>
    public static Trial Measure(Look look, SampleSet lattice, SampleSet dense, DecomposeOptions options)
    {
        var le = lattice.DeltaE2000(look);
        var de = dense.DeltaE2000(look);
        return new Trial(look, lattice.StatsOf(le), dense.StatsOf(de), SampleSet.Combined(lattice, le, dense, de), le, de, options);
    }
}
