using LutBridge.Engines.Decompose;
using LutBridge.Engines.Looks;

namespace LutBridge.Engines.Tests.Looks;

/// <summary>
/// The version 3 residual order (docs/look.md): every node once, lossless, and predictions
/// that are exact where the rules are exact — linear functions everywhere (both rules) and
/// cubic polynomials at interior midpoints (the (−1, 9, 9, −1)/16 rule).
/// </summary>
public class ResidualHierarchyTests
{
    public static TheoryData<int> AllSizes()
    {
        var data = new TheoryData<int>();
        for (int s = LookResidual.MinSize; s <= LookResidual.MaxSize; s++) data.Add(s);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllSizes))]
    public void OrderVisitsEveryNodeOnceAndRoundTripsRandomIntegers(int size)
    {
        var h = ResidualHierarchy.For(size);
        Assert.Equal(size * size * size, h.Order.Distinct().Count());
        Assert.Equal(size * size * size, h.Order.Length);
        var rng = new Random(size);
        var q = Enumerable.Range(0, 3 * size * size * size).Select(_ => rng.Next(-16383, 16384)).ToArray();
        Assert.Equal(q, h.FromDetails(h.ToDetails(q)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(33)]
    public void LinearFunctionsLeaveOnlyTheBaseLevel(int size)
    {
        // q = a·r + b·g + c·b + d with even multiples of the finest spacing: every midpoint rule
        // reproduces it exactly, so only base nodes (spacing 2^K) carry non-zero details.
        int n = size - 1, top = n & -n;
        var h = ResidualHierarchy.For(size);
        var q = new int[3 * size * size * size];
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                {
                    int i = r + size * (g + size * b);
                    q[3 * i] = 40 * r - 24 * g + 8 * b + 5;
                    q[3 * i + 1] = -16 * r + 8 * g;
                    q[3 * i + 2] = 64 * b - 3;
                }
        var details = h.ToDetails(q);
        int nodes = size * size * size, baseNodes = (int)Math.Pow(n / top + 1, 3);
        for (int c = 0; c < 3; c++)
            for (int k = baseNodes; k < nodes; k++)
                Assert.True(details[c * nodes + k] == 0, $"size {size} channel {c} node {k}: detail {details[c * nodes + k]}");
    }

    [Fact]
    public void CubicMidpointRuleIsExactForCubicsAlongAnAxis()
    {
        // f(r) = r³ on a 17-node axis: at odd r with three coarse neighbours either side the
        // rule (−f(r−3) + 9 f(r−1) + 9 f(r+1) − f(r+3)) / 16 equals r³, so those details are 0;
        // next to the ends the linear rule is used and the detail is f(r) − (f(r−1) + f(r+1))/2 = −3r.
        const int size = 17;
        var h = ResidualHierarchy.For(size);
        var q = new int[3 * size * size * size];
        for (int i = 0; i < size * size * size; i++) q[3 * i] = (int)Math.Pow(i % size, 3);
        var details = h.ToDetails(q);
        for (int k = 0; k < h.Order.Length; k++)
        {
            int node = h.Order[k], r = node % size, g = node / size % size, b = node / (size * size);
            if (g % 2 == 1 || b % 2 == 1 || r % 2 == 0) continue; // level h = 1 along red only
            int expected = r - 3 >= 0 && r + 3 <= size - 1 ? 0 : -3 * r;
            Assert.Equal(expected, details[k]);
        }
    }

    [Fact]
    public void QuantiserWithoutDeadZoneRoundsEveryNodeAndAWideDeadZoneZeroesSmallDetails()
    {
        const int size = 9;
        const float step = 1f / 128;
        var rng = new Random(3);
        var data = new float[3 * size * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(0.1 * Math.Sin(0.05 * i) + 0.004 * (rng.NextDouble() - 0.5));
        var plain = ResidualQuantiser.Quantise(size, ResidualKernel.CubicBSpline, data, step, ResidualQuantiser.NoDeadZone);
        for (int i = 0; i < data.Length; i++) Assert.InRange(Math.Abs(plain.Data[i] - data[i]), 0, step / 2 + 1e-6);
        var wide = ResidualQuantiser.Quantise(size, ResidualKernel.CubicBSpline, data, step, 4);
        var h = ResidualHierarchy.For(size);
        int Zeros(LookResidual res) => h.ToDetails(res.Data.Select(v => (int)Math.Round(v / step)).ToArray()).Count(d => d == 0);
        Assert.True(Zeros(wide) > Zeros(plain), $"{Zeros(wide)} zero details with dead zone 4, {Zeros(plain)} without");
        // What the quantiser produced, the codec stores exactly.
        var back = LookCodec.RoundTrip(Look.Neutral.WithResidual(wide)).Residual!;
        Assert.Equal(wide.Data, back.Data);
    }
}
