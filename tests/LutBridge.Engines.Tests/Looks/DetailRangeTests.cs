using System.Buffers.Binary;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Looks;

/// <summary>
/// One rule for a residual detail's range (docs/look.md: a detail in 8 or 16 bits holds
/// ±127 or ±32767): the writer picks its width by it, both readers refuse wider, and whatever
/// the writer or the fitter makes of any residual — random, extreme, or with details exactly at
/// the edges — its own reader accepts (the "residual detail −128 does not fit the file's 127" bug).
/// </summary>
public class DetailRangeTests
{
    // A Look with neutral sliders, no shaper and a residual is laid out as
    // [fixarray 6, fixstr "lutbridge.look", version, {} , nil, [size, float32 scale, bits, bin(, anchor)], title]:
    // 1 + 15 + 1 + 1 + 1 bytes, then the residual's array header (19), size (20), 0xca + scale (21..25), bits (26).
    private const int ScaleOffset = 22, BitsOffset = 26;

    private static int Bits(byte[] file) => file[BitsOffset];

    private static float Scale(byte[] file)
    {
        Assert.Equal(0xca, file[ScaleOffset - 1]);
        return BinaryPrimitives.ReadSingleBigEndian(file.AsSpan(ScaleOffset));
    }

    /// <summary>A residual whose stored details are exactly <paramref name="details"/> at step <paramref name="step"/>.</summary>
    private static LookResidual FromDetails(int size, ResidualKernel kernel, int[] details, float step)
    {
        var q = ResidualHierarchy.For(size, LookCodec.VersionOf(kernel)).FromDetails(details);
        return new LookResidual(size, q.Select(v => v * step).ToArray(), step, kernel: kernel);
    }

    private static int[] DetailsOf(LookResidual r, float scale)
    {
        var q = r.Data.Select(v => (int)Math.Round(v / scale)).ToArray();
        return ResidualHierarchy.For(r.Size, LookCodec.VersionOf(r.Kernel)).ToDetails(q);
    }

    [Theory]
    [InlineData(-128, 16)]
    [InlineData(128, 16)]
    [InlineData(-127, 8)]
    [InlineData(127, 8)]
    public void ADetailAtTheEdgeOfAWidthIsStoredInTheWidthThatHoldsIt(int edge, int expectedBits)
    {
        foreach (var kernel in new[] { ResidualKernel.CubicBSpline, ResidualKernel.Trilinear })
            foreach (int size in new[] { 2, 5, 9 })
            {
                int nodes = size * size * size;
                // One detail at the edge (the first node's red: predicted 0, so the detail is its value), the rest small.
                var rng = new Random(size * 7 + edge);
                var details = Enumerable.Range(0, 3 * nodes).Select(_ => rng.Next(-3, 4)).ToArray();
                details[0] = edge;
                var residual = FromDetails(size, kernel, details, 1f / 256);
                var file = LookCodec.Encode(Look.Neutral.WithResidual(residual));
                Assert.Equal(expectedBits, Bits(file));
                var back = LookCodec.Decode(file, "edge.look").Residual!;
                Assert.Equal(residual.Data, back.Data);
            }
    }

    [Fact]
    public void BothReadersRefuseMinus128InEightBits()
    {
        // The invalid vector residual_v4_detail_minus_128 holds this for C; here C#.
        var hierarchy = ResidualHierarchy.For(2, 4);
        var stream = DetailCoder.Encode([-128, .. new int[23]], hierarchy);
        Assert.Throws<FormatException>(() => DetailCoder.Decode(stream, hierarchy, LookCodec.DetailLimit(8)));
        Assert.Equal(-128, DetailCoder.Decode(stream, hierarchy, LookCodec.DetailLimit(16))[0]);
        Assert.Equal(127, LookCodec.DetailLimit(8));
        Assert.Equal(32767, LookCodec.DetailLimit(16));
    }

    /// <summary>Random residuals of every kind the writer may meet, seeded.</summary>
    private static IEnumerable<(string Kind, LookResidual Residual)> RandomResiduals(int seed)
    {
        var rng = new Random(seed);
        int[] sizes = [2, 3, 4, 5, 6, 7, 9, 12, 17];
        for (int t = 0; t < 40; t++)
        {
            int size = sizes[rng.Next(sizes.Length)];
            var kernel = rng.Next(2) == 0 ? ResidualKernel.CubicBSpline : ResidualKernel.Trilinear;
            int n = 3 * size * size * size;
            float step = (float)Math.Pow(2, -rng.Next(4, 13));
            string kind = (t % 8) switch
            {
                0 => "noise",
                1 => "huge noise",
                2 => "alternating extremes",
                3 => "near rounding edges",
                4 => "tiny",
                5 => "details at ±127/128",
                6 => "details at ±32767",
                _ => "smooth",
            };
            float[] data = new float[n];
            switch (kind)
            {
                case "noise":
                    for (int i = 0; i < n; i++) data[i] = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-4, 1)));
                    break;
                case "huge noise":
                    for (int i = 0; i < n; i++) data[i] = (float)((rng.NextDouble() * 2 - 1) * 1e6);
                    break;
                case "alternating extremes":
                    // Neighbours at opposite extremes: the cubic midpoint rule overshoots most here.
                    for (int i = 0; i < n; i++)
                    {
                        int node = i / 3, r = node % size, g = node / size % size, b = node / (size * size);
                        data[i] = ((r + g + b) % 2 == 0 ? 1 : -1) * (rng.Next(3) == 0 ? 1e4f : 1f);
                    }
                    break;
                case "near rounding edges":
                    for (int i = 0; i < n; i++) data[i] = (rng.Next(-300, 300) + 0.5f) * step;
                    break;
                case "tiny":
                    for (int i = 0; i < n; i++) data[i] = (float)(rng.NextDouble() * 1e-30);
                    break;
                case "details at ±127/128":
                {
                    // Mostly small, one in twenty at the edges of 8 bits (sparse, so the integers stay within ±16383).
                    var d = Enumerable.Range(0, n).Select(_ => rng.Next(20) == 0 ? rng.Next(2) == 0 ? -128 : 127 : rng.Next(-3, 4)).ToArray();
                    yield return (kind, FromDetails(size, kernel, d, step));
                    continue;
                }
                case "details at ±32767":
                    // Integers at ±16383 at random: details reach ±32766 (version 4 clamps its predictions; version 3 overshoots).
                    for (int i = 0; i < n; i++) data[i] = (rng.Next(2) == 0 ? -16383 : 16383) * step;
                    break;
                default:
                    for (int i = 0; i < n; i++) data[i] = (float)(0.1 * Math.Sin(0.1 * i + seed));
                    break;
            }
            yield return (kind, new LookResidual(size, data, rng.Next(3) == 0 ? null : step, kernel: kernel));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheWriterNeverWritesWhatItsReaderRefuses(int seed)
    {
        foreach (var (kind, residual) in RandomResiduals(seed))
        {
            var look = Look.Neutral.WithResidual(residual);
            var file = LookCodec.Encode(look);
            var back = LookCodec.Decode(file, $"{kind}.look").Residual!;
            float scale = Scale(file);
            Assert.InRange(scale, float.Epsilon, 1f);
            // The declared width holds every detail (recomputed from what was read, by the rule).
            var details = DetailsOf(back, scale);
            Assert.Equal(details.All(d => Math.Abs(d) <= 127) ? 8 : 16, Bits(file));
            Assert.All(details, d => Assert.InRange(d, -32767, 32767));
            // What was read is the residual to half the stored step wherever that step can hold it (below
            // scale 1, the largest, where a version 3 detail too wide even there is clamped instead).
            if (scale < 1)
                for (int i = 0; i < residual.Data.Length; i++)
                    if (Math.Abs(residual.Data[i]) <= 16383 * scale)
                        Assert.InRange(Math.Abs(back.Data[i] - residual.Data[i]), 0, scale * 0.5001 + 2.4e-7 * Math.Abs(residual.Data[i]) + 1e-30); // + float32 rounding
            // And writing it again gives the same bytes (a fixed point).
            Assert.Equal(file, LookCodec.Encode(look.WithResidual(back)));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void TheFittersQuantisedResidualsAlwaysReadBack(int seed)
    {
        // ResidualQuantiser is what the fitter stores: at any step and dead zone, on any offsets
        // (including ones at the edges of 8 bits and far beyond the sRGB range), the stored Look
        // reads back as exactly the lattice the fitter measured.
        var rng = new Random(seed);
        foreach (var (kind, residual) in RandomResiduals(seed))
        {
            float step = ResidualSearch.Steps(DecomposeOptions.Default)[rng.Next(3)];
            double zone = ResidualSearch.DeadZones[rng.Next(ResidualSearch.DeadZones.Length)];
            var quantised = ResidualQuantiser.Quantise(residual.Size, residual.Kernel, residual.Data, step, zone);
            foreach (var anchored in new[] { false, true })
            {
                var look = Look.Neutral.WithResidual(anchored ? quantised.WithAnchor(Look.Neutral.Values) : quantised);
                var back = LookCodec.RoundTrip(look).Residual!;
                Assert.True(quantised.Data.SequenceEqual(back.Data), $"{kind}: the stored residual differs from the fitter's");
            }
        }
    }

    [Fact]
    public void CAndCSharpShareTheRule()
    {
        // plugin-c/include/lutbridge/look.h declares the same limits the C# codec uses.
        var header = File.ReadAllText(TestEnvironment.RepoFile("plugin-c", "include", "lutbridge", "look.h"));
        int Define(string name)
        {
            var m = System.Text.RegularExpressions.Regex.Match(header, $@"#define {name} (\d+)");
            Assert.True(m.Success, $"look.h has no #define {name}");
            return int.Parse(m.Groups[1].Value);
        }
        Assert.Equal(LookCodec.DetailLimit(8), Define("LB_LOOK_DETAIL_LIMIT_8"));
        Assert.Equal(LookCodec.DetailLimit(16), Define("LB_LOOK_DETAIL_LIMIT_16"));
        Assert.Equal(LookCodec.HierarchicalLimit, Define("LB_LOOK_RESIDUAL_LIMIT"));
        Assert.Equal(LookCodec.Version, Define("LB_LOOK_FORMAT_VERSION"));
        Assert.Equal(LookResidual.MaxSize, Define("LB_LOOK_RESIDUAL_MAX_SIZE"));
    }
}
