using LutBridge.Engines.Distil;
using OpenCvSharp;

namespace LutBridge.Engines.Tests.Distil;

/// <summary>
/// The two checks that drop wrong matches after registration, against hand-made cases whose answer
/// follows from the definitions: the robust spread (1.4826 × the median distance) and the
/// forward-backward round trip of two flow fields.
/// </summary>
public class RobustMatchTests
{
    [Fact]
    public void ColoursFarOutsideTheRobustSpreadAreDropped()
    {
        // 100 kept pixels: 90 off the model by 0.02 (Euclidean, along red), 10 by 0.3; one more not kept.
        int n = 101;
        var predicted = new float[3 * n];
        var after = new float[3 * n];
        var keep = new bool[n];
        for (int i = 0; i < 100; i++)
        {
            keep[i] = true;
            predicted[3 * i] = 0.4f;
            after[3 * i] = 0.4f + (i % 10 == 0 ? 0.3f : 0.02f);
        }
        var result = Registration.Consistent(predicted, after, keep, out double spread);
        Assert.Equal(1.4826 * 0.02, spread, 4);
        for (int i = 0; i < 100; i++) Assert.Equal(i % 10 != 0, result[i]);
        Assert.False(result[100]);
    }

    [Fact]
    public void NothingIsDroppedBelowTheFloor()
    {
        // All within rounding of the model: the spread is tiny, but the floor keeps them.
        var predicted = new float[] { 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f };
        var after = new float[] { 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.505f, 0.5f, 0.5f };
        var result = Registration.Consistent(predicted, after, [true, true, true], out _);
        Assert.All(result, Assert.True);
    }

    private static Mat Field(int w, int h, Func<int, int, (float X, float Y)> f)
    {
        var data = new float[w * h * 2];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                (data[2 * (y * w + x)], data[2 * (y * w + x) + 1]) = f(x, y);
        var mat = new Mat(h, w, MatType.CV_32FC2);
        System.Runtime.InteropServices.Marshal.Copy(data, 0, mat.Data, data.Length);
        return mat;
    }

    [Fact]
    public void AMatchThatComesBackIsKeptAndOneThatDoesNotIsDropped()
    {
        const int w = 40, h = 20;
        // Forward: everything moves 3 px right. Backward: where the left half lands (x + 3 < 20) it moves
        // 3 px back; elsewhere only 2 (a pixel short: those matches are wrong).
        using var forward = Field(w, h, (_, _) => (3f, 0f));
        using var backward = Field(w, h, (x, _) => (x < 20 ? -3f : -2f, 0f));
        var ok = Registration.RoundTrip(forward, backward, 0.5);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                // The forward flow lands at x + 3; the backward field there is -3 when x + 3 < 19 (both
                // neighbours read by the bilinear lookup on the left), -2 when x + 3 ≥ 20.
                if (x + 3 <= 18) Assert.True(ok[y * w + x], $"({x},{y}) comes back");
                else if (x + 3 >= 20) Assert.False(ok[y * w + x], $"({x},{y}) is a pixel short");
            }
    }
}
