using LutBridge.Looks;

namespace LutBridge.Looks.Tests;

/// <summary>The version 4 residual details' range coding (docs/look.md): lossless, strict about its stream, near the entropy.</summary>
public class DetailCoderTests
{
    private static int[] Details(int size, Func<int, int, int> value)
    {
        int nodes = size * size * size;
        var d = new int[3 * nodes];
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < nodes; k++) d[c * nodes + k] = value(c, k);
        return d;
    }

    public static TheoryData<string> Cases() => new() { "zero", "small", "equal channels", "extremes", "mixed" };

    private static int[] Case(string name, int size)
    {
        var rng = new Random(name.Length * 31 + size);
        return name switch
        {
            "zero" => Details(size, (_, _) => 0),
            "small" => Details(size, (_, _) => rng.Next(-3, 4) * (rng.Next(3) == 0 ? 1 : 0)),
            "equal channels" => Details(size, (_, k) => (int)(20 * Math.Sin(k * 0.3))),
            "extremes" => Details(size, (c, k) => (k + c) % 3 == 0 ? 32767 : (k + c) % 3 == 1 ? -32767 : rng.Next(-40000, 40000) / 2),
            _ => Details(size, (c, k) => k < 8 ? rng.Next(-16383, 16384) : rng.Next(-2, 3) * rng.Next(0, 2)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryDetailComesBackAndTheStreamIsReadToItsLastByte(string name)
    {
        foreach (int size in new[] { 2, 5, 9, 17 })
        {
            var hierarchy = ResidualHierarchy.For(size, 4);
            var details = Case(name, size);
            var stream = DetailCoder.Encode(details, hierarchy);
            Assert.Equal(details, DetailCoder.Decode(stream, hierarchy, short.MaxValue));
            Assert.Throws<FormatException>(() => DetailCoder.Decode([.. stream, 0], hierarchy, short.MaxValue));
            Assert.Throws<FormatException>(() => DetailCoder.Decode(stream[..^1], hierarchy, short.MaxValue));
            if (details.Any(d => Math.Abs(d) > sbyte.MaxValue))
                Assert.Throws<FormatException>(() => DetailCoder.Decode(stream, hierarchy, sbyte.MaxValue));
        }
    }

    [Fact]
    public void CodedSizeIsNearTheEntropyOfTheDetails()
    {
        // Independent measure: i.i.d. details with P(0) = 0.6 and P(±v) ∝ 0.5^v for v = 1…6 have a
        // known entropy per detail; an adaptive coder must come within a few per cent of it.
        var rng = new Random(5);
        double[] p = new double[13];
        p[6] = 0.6;
        double tail = Enumerable.Range(1, 6).Sum(v => Math.Pow(0.5, v));
        for (int v = 1; v <= 6; v++) p[6 + v] = p[6 - v] = 0.2 * Math.Pow(0.5, v) / tail;
        double entropyBits = -p.Sum(x => x * Math.Log2(x));
        int size = 17, count = 3 * size * size * size;
        var details = new int[count];
        for (int i = 0; i < count; i++)
        {
            double u = rng.NextDouble(), acc = 0;
            int j = 0;
            while (j < 12 && (acc += p[j]) < u) j++;
            details[i] = j - 6;
        }
        var bytes = DetailCoder.Encode(details, ResidualHierarchy.For(size, 4)).Length;
        double ideal = entropyBits * count / 8;
        Assert.InRange(bytes, ideal * 0.97, ideal * 1.05);
    }

    [Fact]
    public void EqualChannelsCostLittleMoreThanOne()
    {
        // Black-and-white LUTs: green and blue coded as differences from the channel before.
        int size = 9, nodes = size * size * size;
        var rng = new Random(9);
        var one = Enumerable.Range(0, nodes).Select(_ => rng.Next(-5, 6)).ToArray();
        var hierarchy = ResidualHierarchy.For(size, 4);
        var alone = DetailCoder.Encode([.. one, .. new int[2 * nodes]], hierarchy).Length;
        var grey = DetailCoder.Encode([.. one, .. one, .. one], hierarchy).Length;
        Assert.InRange(grey, alone - 8, alone + 16);
    }
}
