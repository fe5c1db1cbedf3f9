using System.Numerics;
using LutBridge.Core.Color;
using LutBridge.Core.Luts;
using LutBridge.Looks;

namespace LutBridge.Looks.Tests;

/// <summary>
/// The camera stage (docs/look.md, step 0) against independent definitions: the published log
/// curves and gamut matrices (<see cref="CameraLog"/>, checked elsewhere against their makers'
/// values) with sRGB's encoding for a node, and Core's tetrahedral LUT interpolation between nodes.
/// </summary>
public class CameraStageTests
{
    private static LookCameraStage Stage(CameraLog log, int size, (float, float)? shoulder)
    {
        var curve = new float[size];
        for (int i = 0; i < size; i++) curve[i] = (float)log.Decode(i / (size - 1.0));
        var m = log.ToLinearSrgb();
        return new LookCameraStage(size, curve,
            [(float)m.M11, (float)m.M12, (float)m.M13, (float)m.M21, (float)m.M22, (float)m.M23, (float)m.M31, (float)m.M32, (float)m.M33], shoulder);
    }

    /// <summary>The published transform at code values (r, g, b): decode, gamut matrix, clip (or shoulder then clip), sRGB.</summary>
    private static Vector3 Published(CameraLog log, double r, double g, double b, bool shoulder)
    {
        var (x, y, z) = log.ToLinearSrgb().Transform(log.Decode(r), log.Decode(g), log.Decode(b));
        float Display(double v)
        {
            v = Math.Max(v, 0);
            if (shoulder) v = 1.17 * v * (1 + v / 256) / (1 + v);
            return Srgb.Encode((float)Math.Min(v, 1));
        }
        return new Vector3(Display(x), Display(y), Display(z));
    }

    [Theory]
    [InlineData("acescct", false)]
    [InlineData("slog3", true)]
    [InlineData("applelog", false)]
    [InlineData("logc3", true)]
    public void AtItsNodesTheStageIsThePublishedTransform(string name, bool shoulder)
    {
        var log = CameraLog.All.Single(l => l.Name == name);
        const int n = 9;
        var look = Look.Neutral.WithStage(Stage(log, n, shoulder ? (16f, 1.17f) : null));
        var p = new LookProcessor(look);
        double worst = 0;
        for (int b = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    var (R, G, B) = p.Apply(r / (n - 1.0), g / (n - 1.0), b / (n - 1.0));
                    var want = Published(log, r / (n - 1.0), g / (n - 1.0), b / (n - 1.0), shoulder);
                    worst = Math.Max(worst, Math.Max(Math.Abs(R - want.X), Math.Max(Math.Abs(G - want.Y), Math.Abs(B - want.Z))));
                }
        // The stage stores its curve and matrix as float32; the reference computes in double and encodes in float.
        Assert.InRange(worst, 0, 2e-5);
    }

    [Fact]
    public void BetweenNodesTheLookIsTheTetrahedralInterpolationOfItsNodes()
    {
        const int n = 7;
        var look = Look.Neutral.With("exposure", 0.4).With("saturation", 0.3).With("blue_hue", -12).With("curve_red_50", 0.04)
            .WithStage(Stage(CameraLog.SLog3, n, (16f, 1.17f)));
        // The nodes' outputs as a LUT, interpolated by Core's own tetrahedral code.
        var lut = new Lut(LookBaker.Bake(look, n));
        var p = new LookProcessor(look);
        var rng = new Random(5);
        double worst = 0, spread = 0;
        for (int k = 0; k < 500; k++)
        {
            var x = new Vector3(rng.NextSingle(), rng.NextSingle(), rng.NextSingle());
            var want = lut.Evaluate(x, Interpolation.Tetrahedral);
            var (R, G, B) = p.Apply(x.X, x.Y, x.Z);
            worst = Math.Max(worst, Math.Max(Math.Abs(R - want.X), Math.Max(Math.Abs(G - want.Y), Math.Abs(B - want.Z))));
            spread = Math.Max(spread, Math.Abs(R - x.X));
        }
        Assert.InRange(worst, 0, 1e-5);
        Assert.True(spread > 0.1, "the Look changes the colours");
    }

    [Fact]
    public void SlidersActOnTheStagesDisplayColours()
    {
        const int n = 5;
        var sliders = Look.Neutral.With("exposure", 0.5).With("temperature", -0.3).With("strength", 0.6);
        var staged = new LookProcessor(sliders.WithStage(Stage(CameraLog.AcesCct, n, null)));
        var plain = new LookProcessor(sliders);
        for (int i = 0; i < n; i++)
        {
            double r = i / (n - 1.0), g = (n - 1 - i) / (n - 1.0), b = 0.5;
            var display = Published(CameraLog.AcesCct, r, g, b, false);
            var want = plain.Apply(display.X, display.Y, display.Z);
            var got = staged.Apply(r, g, b);
            Assert.Equal(want.R, got.R, 4);
            Assert.Equal(want.G, got.G, 4);
            Assert.Equal(want.B, got.B, 4);
        }
    }

    [Fact]
    public void Version6KeepsTheStageExactly()
    {
        var stage = new LookCameraStage(3, [0f, 0.25f, 1f, 0f, 0.5f, 2f, -0.01f, 0.3f, 7f], [1.5f, -0.3f, -0.2f, -0.1f, 1.2f, -0.1f, 0f, -0.2f, 1.2f], (16f, 1.17f));
        var look = Look.Neutral.With("exposure", 0.3).WithStage(stage);
        var bytes = LookCodec.Encode(look);
        Assert.Equal(0x97, bytes[0]); // seven items
        Assert.Equal(LookCodec.CameraStageVersion, bytes[1 + 1 + LookCodec.Magic.Length]);
        var back = LookCodec.Decode(bytes, "test").Stage!;
        Assert.Equal(stage.Size, back.Size);
        Assert.Equal(stage.Curves, back.Curves);
        Assert.Equal(stage.Matrix, back.Matrix);
        Assert.Equal(stage.Shoulder, back.Shoulder);
        Assert.Equal(bytes, LookCodec.Encode(LookCodec.Decode(bytes, "test")));
        // Without a stage nothing changes: version 4, six items.
        Assert.Equal(0x96, LookCodec.Encode(look.WithStage(null))[0]);
    }

    [Fact]
    public void AStageHoldsASplineResidualOnly()
    {
        var stage = new LookCameraStage(2, [0f, 1f], [1, 0, 0, 0, 1, 0, 0, 0, 1], null);
        var tetrahedral = new LookResidual(2, new float[24], kernel: ResidualKernel.Tetrahedral);
        Assert.Throws<InvalidOperationException>(() => LookCodec.Encode(Look.Neutral.WithResidual(tetrahedral).WithStage(stage)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookCameraStage(2, [0f, float.NaN], [1, 0, 0, 0, 1, 0, 0, 0, 1], null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookCameraStage(2, [0f, 1f], [17, 0, 0, 0, 1, 0, 0, 0, 1], null));
    }
}
