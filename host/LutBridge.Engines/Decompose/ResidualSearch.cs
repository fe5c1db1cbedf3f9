using LutBridge.Looks;

namespace LutBridge.Engines.Decompose;

/// <summary>
/// Finds the residual that brings a slider Look under the error targets in the fewest
/// stored bytes. Sizes are tried in increasing order until one meets the targets, then one
/// more; at each the residual is the least-squares fit of the wanted offsets
/// (<see cref="ResidualFit"/>), rounded at steps coarse to fine, and at the first step that
/// meets the targets the widest dead zone (<see cref="ResidualQuantiser"/>) that still meets
/// them is found by bisection — a wider dead zone zeroes more fine details. The smallest file
/// wins. Large LUTs are searched on a coarser sample; a would-be winner must also meet the
/// targets on the full sets, else the search goes on from that size on the full sets.
/// The anchored search also tries the LUT's own lattice (<see cref="ExactLattice"/>), which
/// reproduces the LUT between its nodes too: first on LUTs of 17³ to 33³, whose sharp ones (log
/// input, gamut clipping) no smooth lattice follows, else where the splines run out.
/// </summary>
internal sealed class ResidualSearch
{
    /// <summary>Dead zones tried, in steps; the error grows (roughly monotonically) along the ladder.</summary>
    public static readonly double[] DeadZones = [ResidualQuantiser.NoDeadZone, 0.75, 1, 1.5, 2, 3, 4, 6, 8];

    /// <summary>Sizes tried beyond the first that meets the targets (a larger lattice with a wider dead zone can store smaller).</summary>
    private const int ExtraSizesAfterSuccess = 1;

    /// <summary>
    /// The extra size is tried only when it has at most this many times the nodes of the one that
    /// met: a much larger lattice never stored smaller (the ACES proxy LUT: 38.7 KB at 45³ after
    /// 6.5 KB at 33³, 2.1 s of its 7.8 s).
    /// </summary>
    private const double MaxExtraGrowth = 2.0;

    /// <summary>Re-weighting rounds per size when the largest error misses its target.</summary>
    private const int ReweightRounds = 2;

    /// <summary>Re-weighting is tried only when the worse target is missed by at most this ratio.</summary>
    private const double MaxViolationToReweight = 1.6;

    /// <summary>
    /// The search stops once a size's plainly rounded lattice stores this many times the best Look
    /// met so far: a dead zone halves a lattice at most, and larger sizes store more.
    /// </summary>
    private const double MaxBytesOverBest = 2.0;

    /// <summary>
    /// Once the LUT's own lattice has met the targets, the splines stop when their largest error is
    /// still over this many times the max target and shrank by less than <see cref="StallShrink"/>
    /// over the last two sizes: on camera-log LUTs it stalls at 20–35 ΔE00 from 9³ to 25³ (gamut
    /// clipping within a cell), a third of the fit's time.
    /// </summary>
    private const double StallOverTarget = 3, StallShrink = 0.8;

    /// <summary>LUTs whose lattice has this many nodes per axis or more (and at most <see cref="SampleSets.MaxLatticeAxis"/>) try their own lattice first.</summary>
    public const int ExactFirstFrom = 17;

    private readonly ExactLattice? _exact;
    private bool _exactTried;

    private readonly Look _parametric;
    private readonly bool _anchored;
    private readonly SampleSet _lattice, _dense;
    private readonly DecomposeOptions _options;
    private readonly CancellationToken _ct;
    private readonly Action<string>? _debug;
    private readonly Action<double, string>? _progress;
    private SampleSet _searchLattice, _searchDense;
    private bool _strided, _escalated;
    private float[] _inputs = [];
    private double[] _offsets = [];

    /// <summary>The smallest stored Look meeting the targets on the full sets, if any.</summary>
    public Trial? Best { get; private set; }

    /// <summary>Of the candidates measured on the search sets, the one that misses the targets least.</summary>
    public Trial? Closest { get; private set; }

    /// <summary>
    /// Where each size's least-squares solve starts (size, kernel, anchored → Size³·3 node values, or
    /// null for zeros). Decompose leaves it null; distil starts from its dense reference, already
    /// solved, so conjugate gradients need not spread values from zero into the many colours the
    /// samples never reach.
    /// </summary>
    public Func<int, ResidualKernel, bool, float[]?>? Start { get; init; }

    /// <summary>Relative residual at which each size's solve stops (<see cref="ResidualFit.Solve"/>'s default unless set).</summary>
    public double SolveTolerance { get; init; } = ResidualFit.DefaultTolerance;

    /// <summary>
    /// Lattices of at least this many nodes multiply on all cores in each solve (bit-identical either
    /// way). Distil lowers it: its additive search often runs alone once the anchored one is done.
    /// </summary>
    public int SolveParallelNodes { get; init; } = ResidualFit.ParallelNodes;

    /// <summary>
    /// When set, each size first measures its finest step (plain rounding, the step closest to the
    /// unquantised fit) and skips the coarser steps when that misses the mean target by more than this
    /// ratio: coarser rounding adds error, so they miss too, and most sizes a search passes through
    /// miss. Null (decompose): every step is measured, coarse to fine.
    /// </summary>
    public double? SkipSizeMissingBy { get; init; }

    /// <summary>Normal matrices shared with another search over the same samples (<see cref="ResidualFit.StencilCache"/>), or null.</summary>
    public ResidualFit.StencilCache? Stencils { get; init; }

    /// <param name="anchored">
    /// True: the residual is anchored at the sliders (it approximates the LUT itself, as offsets
    /// from the input, which is smooth where the LUT is); false: it is added to the sliders' output.
    /// </param>
    public ResidualSearch(Look parametric, bool anchored, SampleSet lattice, SampleSet dense, SampleSet searchLattice, SampleSet searchDense,
        DecomposeOptions options, Action<string>? debug, CancellationToken ct, Action<double, string>? progress = null, ExactLattice? exact = null)
    {
        _progress = progress;
        if (exact != null && !anchored) throw new ArgumentException("the LUT's own lattice is an anchored residual", nameof(exact));
        _exact = exact;
        _anchored = anchored;
        (_parametric, _lattice, _dense, _searchLattice, _searchDense) = (parametric, lattice, dense, searchLattice, searchDense);
        _strided = !ReferenceEquals(lattice, searchLattice);
        (_options, _debug, _ct) = (options, debug, ct);
    }

    /// <summary>
    /// Residual lattices tried in increasing order (until one meets the targets, and one more):
    /// cubic B-splines up to 25³, then trilinear lattices for LUTs that sharp (log curves, clipping),
    /// where a cubic spline rings and needs more nodes than trilinear interpolation (a 33³ cubic
    /// stored 10.7 KB for the ACES proxy LUT against 6.5 KB trilinear, and took 10× longer).
    /// </summary>
    public static readonly (int Size, ResidualKernel Kernel)[] Lattices =
    [
        .. new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 21, 25 }.Select(n => (n, ResidualKernel.CubicBSpline)),
        (33, ResidualKernel.Trilinear), (45, ResidualKernel.Trilinear), (65, ResidualKernel.Trilinear),
    ];

    /// <summary>
    /// Quantisation steps, coarse to fine, tied to the mean target (1/64 of the sRGB range at 0.45):
    /// √2 × that, then halving by √2 down to half of it, then a quarter. The first step that meets
    /// the targets ends a size, so the in-between steps let a lattice that misses at one step
    /// store at the next finer one instead of twice as fine (on the 60 creative LUTs, with the
    /// error weights: 2.6% fewer bytes than 1, ½, ¼).
    /// </summary>
    public static float[] Steps(DecomposeOptions options)
    {
        double baseStep = options.MeanDeltaE / 0.45 / 64;
        return [.. new[] { Math.Sqrt(2), 1, Math.Sqrt(0.5), 0.5, 0.25 }.Select(m => (float)Math.Min(1.0 / 16, baseStep * m)).Distinct()];
    }

    /// <summary>
    /// The planned cost of trying a size, for progress: one unit per trial plus its share of the
    /// lattice work (a 65³ trilinear lattice costs tens of 5³ splines).
    /// </summary>
    private static double TrialWeight(int size) => 1 + size * size * size / 4096.0;

    /// <summary>
    /// Reports the fraction of the planned trials done: sizes tried (and the part of the current one)
    /// over those tried plus those still planned (every size of the current kernel left until one meets
    /// the targets, then one more at most). The plan shrinks as sizes meet, so the fraction grows; the
    /// trilinear sizes joining it after the splines, or escalating a large LUT to its full sets, may
    /// add trials (the caller keeps the fraction monotone).
    /// </summary>
    private void ReportProgress(IReadOnlyList<(int Size, ResidualKernel Kernel)> sizes, int current, double within, int stopAfter, string stage)
    {
        if (_progress == null) return;
        double done = _done + within * TrialWeight(sizes[current].Size), planned = _done;
        // The trilinear lattices after the splines join the plan only when the splines run out: few LUTs need them.
        for (int i = current; i <= stopAfter && sizes[i].Kernel == sizes[current].Kernel; i++) planned += TrialWeight(sizes[i].Size);
        _progress(Math.Clamp(done / planned, 0, 1), stage);
    }

    private double _done;

    /// <summary>One per sample of the search sets (as <see cref="ResidualTargets"/> lays them out): each set's weights, or 1.</summary>
    public void Run(IReadOnlyList<(int Size, ResidualKernel Kernel)> sizes)
    {
        if (_exact is { Size: >= ExactFirstFrom and <= SampleSets.MaxLatticeAxis }) TryExact();
        int from = 0;
        while (true)
        {
            (_inputs, _offsets) = ResidualTargets(_parametric, _anchored, _searchLattice, _searchDense);
            Closest = null;
            int escalatedAt = SearchSizes(sizes, from);
            if (escalatedAt < 0)
            {
                _progress?.Invoke(1, "residual search done");
                return;
            }
            // The coarse sample missed detail the full sets see: go on from that size on the full
            // sets (smaller sizes already missed on the coarse sample). Best was checked on the full sets.
            (_strided, _escalated, _searchLattice, _searchDense, from) = (false, true, _lattice, _dense, escalatedAt);
        }
    }

    /// <summary>
    /// Tries sizes from index <paramref name="from"/>; returns −1 when done, or the index of the size
    /// whose winner on the coarse sample failed on the full sets (the caller escalates).
    /// </summary>
    private int SearchSizes(IReadOnlyList<(int Size, ResidualKernel Kernel)> sizes, int from)
    {
        var steps = Steps(_options);
        int stopAfter = sizes.Count - 1;
        for (int i = from; i <= stopAfter; _done += TrialWeight(sizes[i].Size), i++)
        {
            var (size, kernel) = sizes[i];
            if (_exact != null && kernel == ResidualKernel.Trilinear)
            {
                // Where the splines run out: the LUT's own lattice, then only trilinear lattices smaller than it.
                if (!_exactTried) TryExact();
                if (size >= _exact.Size) continue;
            }
            string stage = $"fitting the residual: {size}³ {(kernel == ResidualKernel.Trilinear ? "trilinear" : "spline")}";
            ReportProgress(sizes, i, 0, stopAfter, stage);
            var weights = InitialWeights(_searchLattice, _searchDense);
            float[]? data = Start?.Invoke(size, kernel, _anchored);
            for (int round = 0; round <= ReweightRounds; round++)
            {
                _ct.ThrowIfCancellationRequested();
                if (round > 0) ReportProgress(sizes, i, round / (ReweightRounds + 1.0), stopAfter, stage);
                data = ResidualFit.Solve(size, kernel, _inputs, _offsets, weights, data, _ct, SolveTolerance, SolveParallelNodes, Stencils);
                Trial? finest = null, finestFirst = null;
                bool met = false;
                if (SkipSizeMissingBy is { } skipRatio)
                {
                    finestFirst = Trial.Measure(Stored(size, kernel, data, steps[^1], 0), _searchLattice, _searchDense, _options);
                    Report(size, kernel, steps[^1], 0, finestFirst);
                    if (MeanViolation(finestFirst) > skipRatio)
                    {
                        if (Closest == null || finestFirst.Violation < Closest.Violation) Closest = finestFirst;
                        _debug?.Invoke($"{size}³: the finest step misses the mean target by over {skipRatio}×: coarser steps skipped");
                        break;
                    }
                }
                foreach (var step in steps)
                {
                    var (winner, first) = WidestDeadZone(size, kernel, data, step, _searchLattice, _searchDense, step == steps[^1] ? finestFirst : null);
                    finest = first;
                    if (step == steps[0] && round == 0)
                    {
                        _maxErrors.Add(Math.Max(first.Lattice.Max, first.Dense.Max));
                        _lastSize = size;
                    }
                    if (winner == null && Stalled())
                    {
                        _debug?.Invoke($"{size}³: largest error {_maxErrors[^1]:0.0} stalls and the LUT's own lattice met: search ends");
                        return -1;
                    }
                    if (winner == null && Best != null && step == steps[0] && first.Bytes >= MaxBytesOverBest * Best.Bytes)
                    {
                        _debug?.Invoke($"{size}³ stores {first.Bytes} bytes before its dead zone, best {Best.Bytes}: search ends");
                        return -1;
                    }
                    if (winner == null)
                    {
                        if (!first.MeanMeets && first.Violation > 3) break; // finer steps cannot rescue a lattice this coarse
                        continue;
                    }
                    met = true;
                    // After an escalation every trial is on the full sets of a large LUT: no extra size there.
                    bool extra = !_escalated && i + 1 < sizes.Count && Math.Pow((double)sizes[i + 1].Size / size, 3) <= MaxExtraGrowth;
                    stopAfter = Math.Min(stopAfter, i + (extra ? ExtraSizesAfterSuccess : 0));
                    if (Best == null || winner.Bytes < Best.Bytes)
                    {
                        if (_strided)
                        {
                            // Only a candidate that would win is checked on the full sets (the costly part on large LUTs).
                            var verdict = Trial.Measure(winner.Look, _lattice, _dense, _options);
                            if (!verdict.Meets) return i;
                            winner = verdict;
                        }
                        Best = winner;
                    }
                    break; // the first step that meets ends the size: a finer step with a wider dead zone rarely stores smaller
                }
                if (met || finest == null) break;
                if (Closest == null || finest.Violation < Closest.Violation) Closest = finest;
                // Re-weighting moves error between samples; it cannot rescue a lattice far off the max target.
                if (!finest.MeanMeets || finest.Violation > MaxViolationToReweight) break;
                Reweight(weights, finest, _options.MaxDeltaE);
            }
        }
        return -1;
    }

    /// <summary>
    /// The widest dead zone at this size and step whose stored Look meets the targets on the
    /// search sets (null if even plain rounding misses), and the plain-rounding trial.
    /// </summary>
    private (Trial? Winner, Trial First) WidestDeadZone(int size, ResidualKernel kernel, float[] data, float step, SampleSet lattice, SampleSet dense, Trial? measuredFirst = null)
    {
        Look Stored(int z) => this.Stored(size, kernel, data, step, z);
        void Report(int z, Trial? trial) => this.Report(size, kernel, step, z, trial);
        var first = measuredFirst;
        if (first == null)
        {
            first = Trial.Measure(Stored(0), lattice, dense, _options);
            Report(0, first);
        }
        if (!first.Meets) return (null, first);
        // Invariant: DeadZones[lo] meets, DeadZones[hi] does not (or is past the end).
        int lo = 0, hi = DeadZones.Length;
        Trial winner = first;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            var trial = Trial.MeasureIfMeets(Stored(mid), lattice, dense, _options);
            Report(mid, trial);
            if (trial is { Meets: true }) (lo, winner) = (mid, trial);
            else hi = mid;
        }
        return (winner, first);
    }

    /// <summary>The stored Look of the lattice <paramref name="data"/> rounded at <paramref name="step"/> with dead zone number <paramref name="z"/>.</summary>
    private Look Stored(int size, ResidualKernel kernel, float[] data, float step, int z)
    {
        _ct.ThrowIfCancellationRequested();
        var residual = ResidualQuantiser.Quantise(size, kernel, data, step, DeadZones[z]);
        if (_anchored) residual = residual.WithAnchor(_parametric.Values);
        return LookCodec.RoundTrip(_parametric.WithResidual(residual));
    }

    private void Report(int size, ResidualKernel kernel, float step, int z, Trial? trial) => _debug?.Invoke(trial == null
        ? $"{(_anchored ? "anchored" : "additive")} {kernel} {size} step 1/{1 / step:0} dead zone {DeadZones[z]}: misses on the lattice"
        : $"{(_anchored ? "anchored" : "additive")} {kernel} {size} step 1/{1 / step:0} dead zone {DeadZones[z]}: lattice {trial.Lattice.Mean:0.000}/{trial.Lattice.Max:0.000} dense {trial.Dense.Mean:0.000}/{trial.Dense.Max:0.000} bytes {trial.Bytes}");

    /// <summary>How far the worse of the two mean errors is over the mean target (ratio).</summary>
    private double MeanViolation(Trial trial) => Math.Max(trial.Lattice.Mean, trial.Dense.Mean) / _options.MeanDeltaE;

    private readonly List<double> _maxErrors = [];
    private int _lastSize;

    /// <summary>Whether the spline search may stop (see <see cref="StallOverTarget"/>).</summary>
    private bool Stalled() =>
        _exactTried && Best != null && _maxErrors.Count >= 3 && _lastSize >= 9
        && _maxErrors[^1] > StallOverTarget * _options.MaxDeltaE && _maxErrors[^1] > StallShrink * _maxErrors[^3];

    /// <summary>
    /// The LUT's own lattice as a tetrahedral residual, at the steps coarse to fine, measured on the
    /// full sets (there is nothing to solve: only rounding and the dead zone move it off the LUT).
    /// </summary>
    private void TryExact()
    {
        _exactTried = true;
        var exact = _exact!;
        _progress?.Invoke(0, $"trying the LUT's own {exact.Size}³ lattice");
        var sensitivity = exact.Sensitivity();
        Look Stored(float step, double budget)
        {
            _ct.ThrowIfCancellationRequested();
            var tolerance = new double[sensitivity.Length];
            for (int i = 0; i < tolerance.Length; i++) tolerance[i] = budget / Math.Max(sensitivity[i], 1e-3);
            var residual = ResidualQuantiser.QuantiseWithin(exact.Size, ResidualKernel.Tetrahedral, exact.Data, step, tolerance).WithAnchor(_parametric.Values);
            return LookCodec.RoundTrip(_parametric.WithResidual(residual));
        }
        foreach (var step in Steps(_options))
        {
            var first = Trial.Measure(Stored(step, 0), _lattice, _dense, _options);
            _debug?.Invoke($"own lattice {exact.Size}³ step 1/{1 / step:0}: lattice {first.Lattice.Mean:0.000}/{first.Lattice.Max:0.000} dense {first.Dense.Mean:0.000}/{first.Dense.Max:0.000} bytes {first.Bytes}");
            if (!first.Meets)
            {
                if (Closest == null || first.Violation < Closest.Violation) Closest = first;
                continue;
            }
            // Invariant: ErrorBudgets[lo] meets, ErrorBudgets[hi] does not (or is past the end).
            int lo = 0, hi = ErrorBudgets.Length;
            var winner = first;
            while (hi - lo > 1)
            {
                int mid = (lo + hi) / 2;
                var trial = Trial.MeasureIfMeets(Stored(step, ErrorBudgets[mid]), _lattice, _dense, _options);
                _debug?.Invoke($"own lattice {exact.Size}³ step 1/{1 / step:0} budget {ErrorBudgets[mid]}: {(trial == null ? "misses on the lattice" : $"lattice {trial.Lattice.Mean:0.000}/{trial.Lattice.Max:0.000} dense {trial.Dense.Mean:0.000}/{trial.Dense.Max:0.000} bytes {trial.Bytes}")}");
                if (trial is { Meets: true }) (lo, winner) = (mid, trial);
                else hi = mid;
            }
            if (Best == null || winner.Bytes < Best.Bytes) Best = winner;
            return;
        }
    }

    /// <summary>
    /// How far (ΔE00 per channel, through each node's own sensitivity) the LUT's own lattice may move
    /// a node, widest last; 0 is plain rounding. Searched by bisection like the dead zones.
    /// </summary>
    public static readonly double[] ErrorBudgets = [0, 0.125, 0.25, 0.3125, 0.375, 0.4375, 0.5, 0.625, 0.75, 1];

    /// <summary>
    /// The offsets the residual must add at every lattice and dense sample: to the shaped
    /// input (anchored), or to the unclipped parametric output (additive). Where the LUT sits
    /// on the gamut boundary and the sliders already overshoot it, clipping does the work and
    /// the offset only reaches the boundary.
    /// </summary>
    private static (float[] Inputs, double[] Offsets) ResidualTargets(Look look, bool anchored, SampleSet lattice, SampleSet dense)
    {
        var inputs = new float[lattice.Inputs.Length + dense.Inputs.Length];
        lattice.Inputs.CopyTo(inputs, 0);
        dense.Inputs.CopyTo(inputs, lattice.Inputs.Length);
        var targets = new float[inputs.Length];
        lattice.Targets.CopyTo(targets, 0);
        dense.Targets.CopyTo(targets, lattice.Targets.Length);
        var processor = new LookProcessor(look);
        var offsets = new double[inputs.Length];
        int count = inputs.Length / 3;
        Parallel.For(0, (count + 1023) / 1024, chunk =>
        {
            int end = Math.Min(count, (chunk + 1) * 1024);
            for (int i = chunk * 1024; i < end; i++)
            {
                var (sr, sg, sb) = processor.Shape(inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]);
                (inputs[3 * i], inputs[3 * i + 1], inputs[3 * i + 2]) = ((float)sr, (float)sg, (float)sb);
                var (r, g, b) = anchored ? (sr, sg, sb) : processor.ApplyParametric(sr, sg, sb);
                offsets[3 * i] = Offset(targets[3 * i], r);
                offsets[3 * i + 1] = Offset(targets[3 * i + 1], g);
                offsets[3 * i + 2] = Offset(targets[3 * i + 2], b);
            }
        });
        return (inputs, offsets);
    }

    private static double Offset(double target, double value)
    {
        const double edge = 1e-4;
        if (target >= 1 - edge && value > 1) return target - 1;
        if (target <= edge && value < 0) return target;
        return target - value;
    }

    /// <summary>
    /// Each lattice and dense sample's weight: its own (<see cref="SampleSet.Weights"/>, how many
    /// pixels a distilled colour stands for; 1 for a LUT's samples) times its squared ΔE00
    /// sensitivity (<see cref="SampleSet.ResidualWeights"/>), scaled so that their mean is the own
    /// weights' mean (the fit's regularisation keeps its strength against the data).
    /// </summary>
    private static double[] InitialWeights(SampleSet lattice, SampleSet dense)
    {
        var own = new double[lattice.Count + dense.Count];
        Array.Fill(own, 1.0);
        lattice.Weights?.CopyTo(own, 0);
        dense.Weights?.CopyTo(own, lattice.Count);
        double[] sensitivity = [.. lattice.ResidualWeights, .. dense.ResidualWeights];
        var weights = new double[own.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = own[i] * sensitivity[i];
        double scale = own.Average() / weights.Average();
        if (!double.IsFinite(scale) || !(scale > 0)) return own;
        for (int i = 0; i < weights.Length; i++) weights[i] *= scale;
        return weights;
    }

    /// <summary>Raises the weight of samples whose error is large compared with the max target.</summary>
    private static void Reweight(double[] weights, Trial trial, double maxDe)
    {
        int n = trial.LatticeErrors.Length;
        for (int i = 0; i < weights.Length; i++)
        {
            double e = i < n ? trial.LatticeErrors[i] : trial.DenseErrors[i - n];
            double ratio = e / (0.6 * maxDe);
            if (ratio > 1) weights[i] *= 1 + 4 * ratio * ratio;
        }
    }
}
