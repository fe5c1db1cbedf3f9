using System.Buffers.Binary;
using LutBridge.Looks;
using LutBridge.Testing;

namespace LutBridge.Looks.Tests;

/// <summary>
/// One rule for a residual detail's range (docs/look.md: a detail in 8 or 16 bits holds
/// ±127 or ±32767): the writer picks its width by it, both readers refuse wider, and whatever
/// the writer makes of any residual — random, extreme, or with details exactly at the edges — its
/// own reader accepts (the "residual detail −128 does not fit the file's 127" bug; the fitter's
/// side is Engines.Tests' ResidualQuantiserTests).
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
                var residual = TestResiduals.FromDetails(size, kernel, details, 1f / 256);
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheWriterNeverWritesWhatItsReaderRefuses(int seed)
    {
        foreach (var (kind, residual) in TestResiduals.Seeded(seed))
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
