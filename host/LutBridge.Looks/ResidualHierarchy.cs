namespace LutBridge.Looks;

/// <summary>
/// The coarse-to-fine order of a residual lattice (docs/look.md, "Version 3"): the base level
/// (nodes on the grid of spacing T, the largest power of two dividing size − 1, each predicted
/// by its red-axis predecessor), then for h = T/2 … 1 every node whose coordinates are all
/// multiples of h but not all of 2h, predicted in integers from the coarser level by the cubic
/// midpoint rule (−1, 9, 9, −1)/16 per axis, or the linear one next to the edges. A smooth
/// lattice leaves small details and a detail of 0 means "as the coarser lattice says". The
/// .look codec stores the details; the fitter quantises in this order so that it can zero
/// details where the error allows.
/// </summary>
public sealed class ResidualHierarchy
{
    /// <summary>Node indices (red fastest) in coding order.</summary>
    public int[] Order { get; }

    /// <summary>For the node at Order[k]: how many halvings finer than the base level it is (0 = base).</summary>
    public int[] Levels { get; }

    /// <summary>The finest level (0 when the base level is everything).</summary>
    public int FinestLevel { get; }

    /// <summary>For the node at Order[k]: its coarse neighbours are Neighbours[NeighbourStart[k] .. NeighbourStart[k+1]).</summary>
    private readonly int[] _neighbourStart;
    private readonly int[] _neighbours;
    private readonly int[] _weights;

    /// <summary>
    /// One axis of a prediction, weights in sixteenths: the node itself on an even coordinate;
    /// on an odd one the cubic midpoint rule (−1, 9, 9, −1)/16 when both outer coarse nodes
    /// exist, else the linear (8, 8)/16.
    /// </summary>
    private static (int Position, int Weight)[] Taps(int x, int h, int n, bool odd)
    {
        if (!odd) return [(x, 16)];
        if (x - 3 * h >= 0 && x + 3 * h <= n) return [(x - 3 * h, -1), (x - h, 9), (x + h, 9), (x + 3 * h, -1)];
        return [(x - h, 8), (x + h, 8)];
    }

    public int Size { get; }

    private static readonly ResidualHierarchy?[] Cache = new ResidualHierarchy?[2 * (LookResidual.MaxSize + 1)];

    /// <summary>
    /// The file version whose rules this order follows. Version 3: a base-level node is predicted
    /// by its red-axis predecessor. Version 4: by the 3D Lorenzo rule over its coded neighbours at
    /// −T along each axis (Σ over the non-empty sets S of axes it can step back along of
    /// (−1)^(|S|+1)·q(node − T·S); exact on trilinear data), and every prediction is clamped to
    /// ±<see cref="LookCodec.HierarchicalLimit"/> so that a detail always fits 16 bits.
    /// </summary>
    public int Version { get; }

    /// <summary>Every residual size has an order (odd size − 1 means a base level only).</summary>
    public static bool Supports(int size) => size >= LookResidual.MinSize && size <= LookResidual.MaxSize;

    /// <summary>The (shared, immutable) order for a size under the rules of file version 3 or 4.</summary>
    public static ResidualHierarchy For(int size, int version)
    {
        if (!Supports(size)) throw new ArgumentOutOfRangeException(nameof(size), size, $"residual size must be {LookResidual.MinSize}..{LookResidual.MaxSize}");
        if (version is not (3 or 4 or 5 or 6)) throw new ArgumentOutOfRangeException(nameof(version), version, "coarse-to-fine residuals are versions 3 to 6");
        version = Math.Min(version, 4); // versions 5 and 6 code their residuals as version 4 does
        int slot = 2 * size + version - 3;
        return Volatile.Read(ref Cache[slot]) ?? (Cache[slot] = new ResidualHierarchy(size, version));
    }

    private ResidualHierarchy(int size, int version)
    {
        Size = size;
        Version = version;
        bool lorenzo = version >= 4;
        int n = size - 1, nodes = size * size * size;
        var order = new List<int>(nodes);
        var start = new List<int>(nodes + 1) { 0 };
        var neighbours = new List<int>(nodes * 8);
        var weights = new List<int>(nodes * 8);
        var levels = new List<int>(nodes);
        int Index(int r, int g, int b) => r + size * (g + size * b);
        // Base level: every node on the coarsest grid (spacing 2^K, the largest power of two
        // dividing size − 1), raster order, each predicted by its red-axis predecessor.
        int top = n & -n;
        for (int b = 0; b <= n; b += top)
            for (int g = 0; g <= n; g += top)
                for (int r = 0; r <= n; r += top)
                {
                    order.Add(Index(r, g, b));
                    if (lorenzo)
                    {
                        // Σ over the non-empty subsets of the axes that can step back: (−1)^(|S|+1)·q(node − T·S).
                        for (int mask = 1; mask < 8; mask++)
                        {
                            int dr = mask & 1, dg = (mask >> 1) & 1, db = (mask >> 2) & 1;
                            if ((dr == 1 && r == 0) || (dg == 1 && g == 0) || (db == 1 && b == 0)) continue;
                            neighbours.Add(Index(r - dr * top, g - dg * top, b - db * top));
                            weights.Add((dr + dg + db) % 2 == 1 ? 1 : -1);
                        }
                    }
                    else if (r > 0)
                    {
                        neighbours.Add(Index(r - top, g, b));
                        weights.Add(1);
                    }
                    start.Add(neighbours.Count);
                    levels.Add(0);
                }
        int level = 0;
        for (int h = top / 2; h >= 1; h /= 2)
        {
            level++;
            for (int b = 0; b <= n; b += h)
                for (int g = 0; g <= n; g += h)
                    for (int r = 0; r <= n; r += h)
                    {
                        bool oddR = r / h % 2 == 1, oddG = g / h % 2 == 1, oddB = b / h % 2 == 1;
                        if (!oddR && !oddG && !oddB) continue; // on the coarser level already
                        order.Add(Index(r, g, b));
                        var tr = Taps(r, h, n, oddR);
                        var tg = Taps(g, h, n, oddG);
                        var tb = Taps(b, h, n, oddB);
                        foreach (var (pb, wb) in tb)
                            foreach (var (pg, wg) in tg)
                                foreach (var (pr, wr) in tr)
                                {
                                    neighbours.Add(Index(pr, pg, pb));
                                    weights.Add(wr * wg * wb);
                                }
                        start.Add(neighbours.Count);
                        levels.Add(level);
                    }
        }
        Order = [.. order];
        _neighbourStart = [.. start];
        _neighbours = [.. neighbours];
        _weights = [.. weights];
        Levels = [.. levels];
        FinestLevel = level;
        if (Order.Length != nodes) throw new InvalidOperationException($"hierarchy of size {size} covers {Order.Length} of {nodes} nodes");
    }

    /// <summary>
    /// The integer prediction of the k-th node in coding order from the channel's integers
    /// <paramref name="q"/> (interleaved RGB, channel <paramref name="channel"/>): on the base
    /// level the ±1-weighted sum of its coded neighbours (<see cref="Version"/>: the red-axis
    /// predecessor or the Lorenzo rule; 0 at the origin), above it ⌊(S + 2048) / 4096⌋ for the sum S
    /// of its coarse neighbours times their weights in sixteenths per axis (three axes: 4096);
    /// under version 4 clamped to ±<see cref="LookCodec.HierarchicalLimit"/>.
    /// </summary>
    public int Predict(ReadOnlySpan<int> q, int channel, int k)
    {
        int from = _neighbourStart[k], to = _neighbourStart[k + 1];
        if (from == to) return 0;
        long sum = 0;
        for (int j = from; j < to; j++) sum += (long)_weights[j] * q[3 * _neighbours[j] + channel];
        long predicted = Levels[k] == 0 ? sum : (sum + 2048) >> 12; // weights ±1 on the base level; round half up (>> on long is a floor)
        return Version >= 4 ? (int)Math.Clamp(predicted, -LookCodec.HierarchicalLimit, LookCodec.HierarchicalLimit) : (int)predicted;
    }

    /// <summary>Interleaved integers → channel-planar details in coding order (lossless).</summary>
    public int[] ToDetails(ReadOnlySpan<int> q)
    {
        int nodes = Order.Length;
        if (q.Length != 3 * nodes) throw new ArgumentException($"expected {3 * nodes} integers, got {q.Length}", nameof(q));
        var details = new int[3 * nodes];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < nodes; k++)
                details[c * nodes + k] = q[3 * Order[k] + c] - Predict(q, c, k);
        return details;
    }

    /// <summary>
    /// The inverse of <see cref="ToDetails"/>: channel-planar details → interleaved integers. Under
    /// version 4 every integer must be within ±<see cref="LookCodec.HierarchicalLimit"/> (FormatException).
    /// </summary>
    public int[] FromDetails(ReadOnlySpan<int> details)
    {
        int nodes = Order.Length;
        if (details.Length != 3 * nodes) throw new ArgumentException($"expected {3 * nodes} details, got {details.Length}", nameof(details));
        var q = new int[3 * nodes];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < nodes; k++)
            {
                int value = details[c * nodes + k] + Predict(q, c, k);
                if (Version >= 4 && Math.Abs(value) > LookCodec.HierarchicalLimit)
                    throw new FormatException($"residual integer {value} is outside ±{LookCodec.HierarchicalLimit}");
                q[3 * Order[k] + c] = value;
            }
        return q;
    }
}
