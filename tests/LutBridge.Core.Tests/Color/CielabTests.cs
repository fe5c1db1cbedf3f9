using System.Numerics;
using LutBridge.Core.Color;

namespace LutBridge.Core.Tests.Color;

public class CielabTests
{
    [Theory]
    // sRGB primaries in CIELAB D65 as widely published (e.g. Bruce Lindbloom's calculator
    // with sRGB/D65): red 53.24 80.09 67.20, green 87.73 −86.18 83.18, blue 32.30 79.19 −107.86.
    [InlineData(1f, 0f, 0f, 53.24, 80.09, 67.20)]
    [InlineData(0f, 1f, 0f, 87.73, -86.18, 83.18)]
    [InlineData(0f, 0f, 1f, 32.30, 79.19, -107.86)]
    [InlineData(1f, 1f, 1f, 100.0, 0.0, 0.0)]
    public void sRGB_primaries_match_published_Lab(float r, float g, float b, double l, double a, double bb)
    {
        var lab = Cielab.FromSrgb(new Vector3(r, g, b));
        Assert.Equal(l, lab.X, 0.02);
        Assert.Equal(a, lab.Y, 0.05);
        Assert.Equal(bb, lab.Z, 0.05);
    }

    [Fact]
    public void Round_trips_across_both_segments_and_negative_input()
    {
        foreach (var xyz in new[] { new Vector3(0.4f, 0.5f, 0.6f), new Vector3(0.001f, 0.002f, 0.0005f), new Vector3(-0.01f, 0.2f, 1.5f) })
        {
            var back = Cielab.ToXyz(Cielab.FromXyz(xyz));
            Assert.True(Vector3.Distance(xyz, back) < 1e-6, $"{xyz} -> {back}");
        }
    }

    [Fact]
    public void Y_of_0_18_gives_L_49_5()
    {
        // CIE L* = 116·(0.18)^(1/3) − 16 = 49.496.
        Assert.Equal(49.496, Cielab.FromXyz(new Vector3(0.18f * 0.9505f, 0.18f, 0.18f * 1.089f)).X, 1e-2);
    }
}
