using LutBridge.Looks;

namespace LutBridge.Looks.Tests;

/// <summary>
/// The version 3 and 4 residual orders (docs/look.md): every node once, lossless, and
/// predictions that are exact where the rules are exact — linear functions everywhere (both
/// midpoint rules), cubic polynomials at interior midpoints (the (−1, 9, 9, −1)/16 rule) and
/// trilinear functions on version 4's base level (the Lorenzo rule).
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
        foreach (int version in new[] { 3, 4 })
        {
            var h = ResidualHierarchy.For(size, version);
            Assert.Equal(size * size * size, h.Order.Distinct().Count());
            Assert.Equal(size * size * size, h.Order.Length);
            var rng = new Random(size);
            var q = Enumerable.Range(0, 3 * size * size * size).Select(_ => rng.Next(-16383, 16384)).ToArray();
            var details = h.ToDetails(q);
            Assert.Equal(q, h.FromDetails(details));
            // Version 4 clamps predictions to ±16383, so even random integers leave 16-bit details.
            if (version == 4) Assert.All(details, d => Assert.InRange(d, -32766, 32766));
        }
    }

    [Fact]
    public void VersionFourRejectsIntegersOutsideTheLimit()
    {
        var h = ResidualHierarchy.For(3, 4);
        var details = new int[3 * 27];
        details[5] = 16384; // base level, the sixth node: its prediction is 0
        Assert.Throws<FormatException>(() => h.FromDetails(details));
        details[5] = 16383;
        Assert.Equal(16383, h.FromDetails(details)[3 * h.Order[5]]);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(12)]
    public void LorenzoDetailsAreTheMixedDifferences(int size)
    {
        // Sizes whose base level is every node (T = 1). The 3D Lorenzo rule leaves the mixed
        // difference Δr·Δg·Δb q inside the cube, Δr·Δg (and so on) on the faces, Δ on the edges:
        // for q = 3rg − 2gb + 5rb + 7r − 4 that is 0 inside, 3 / −2 / 5 on the faces b = 0 / r = 0 /
        // g = 0, 7 along the red edge, 0 along the others and −4 at the origin.
        var q = new int[3 * size * size * size];
        for (int b = 0; b < size; b++)
            for (int g = 0; g < size; g++)
                for (int r = 0; r < size; r++)
                    q[3 * (r + size * (g + size * b))] = 3 * r * g - 2 * g * b + 5 * r * b + 7 * r - 4;
        var h = ResidualHierarchy.For(size, 4);
        var details = h.ToDetails(q);
        for (int k = 0; k < h.Order.Length; k++)
        {
            int node = h.Order[k], r = node % size, g = node / size % size, b = node / (size * size);
            int expected = (r > 0, g > 0, b > 0) switch
            {
                (true, true, true) => 0,
                (true, true, false) => 3,
                (false, true, true) => -2,
                (true, false, true) => 5,
                (true, false, false) => 7,
                (false, false, false) => -4,
                _ => 0,
            };
            Assert.Equal(expected, details[k]);
        }
        // Version 3's red-axis predecessor leaves Δr q = 3g + 5b + 7 inside instead.
        var v3 = ResidualHierarchy.For(size, 3);
        var old = v3.ToDetails(q);
        int inner = Array.FindIndex(v3.Order, n => n == 1 + size * (1 + size));
        Assert.Equal(3 + 5 + 7, old[inner]);
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
        var h = ResidualHierarchy.For(size, 3);
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
        var h = ResidualHierarchy.For(size, 4);
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
}
