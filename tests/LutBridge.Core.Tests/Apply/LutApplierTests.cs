using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.Tests.Imaging;

namespace LutBridge.Core.Tests.Apply;

/// <summary>The kernels against the double-precision reference, and every SIMD path against the scalar one.</summary>
public class LutApplierTests
{
    private static RgbImage Apply(LutApplier applier, RgbImage source)
    {
        var result = new RgbImage(source.Width, source.Height, source.Type);
        applier.Apply(source, result);
        return result;
    }

    private static double Reference(Lattice3D lut, Interpolation interp, float strength, double r, double g, double b, int channel)
    {
        var c = interp == Interpolation.Tetrahedral ? ReferenceInterpolation.Tetrahedral(lut, r, g, b) : ReferenceInterpolation.Trilinear(lut, r, g, b);
        double v = channel == 0 ? c.R : channel == 1 ? c.G : c.B;
        double input = channel == 0 ? r : channel == 1 ? g : b;
        return input + strength * (v - input);
    }

    [Theory]
    [InlineData(2, Interpolation.Tetrahedral, 1f)]
    [InlineData(13, Interpolation.Tetrahedral, 1f)]
    [InlineData(33, Interpolation.Tetrahedral, 1f)]
    [InlineData(33, Interpolation.Tetrahedral, 0.6f)]
    [InlineData(64, Interpolation.Tetrahedral, 1f)]
    [InlineData(17, Interpolation.Trilinear, 1f)]
    [InlineData(33, Interpolation.Trilinear, 0.3f)]
    public void EightBitMatchesReferenceWithinHalfACodeValue(int size, Interpolation interp, float strength)
    {
        var lut = TestCube.Synthetic(size);
        var source = Patterns.Noise(257, 129, SampleType.UInt8, seed: size);
        foreach (var level in SimdSupport.Available)
        {
            var result = Apply(new LutApplier(lut, interp, strength) { Level = level }, source);
            double worst = 0;
            for (int i = 0; i < source.Data.Length; i += 3)
                for (int c = 0; c < 3; c++)
                {
                    double exact = Math.Clamp(255 * Reference(lut, interp, strength, source.Data[i] / 255.0, source.Data[i + 1] / 255.0, source.Data[i + 2] / 255.0, c), 0, 255);
                    worst = Math.Max(worst, Math.Abs(result.Data[i + c] - exact));
                }
            // Correct rounding is within 0.5; the packed lattice adds at most 0.06 of a code value.
            Assert.True(worst <= 0.56, $"{level}: worst |ours − exact| = {worst:F3} code values");
        }
    }

    [Theory]
    [InlineData(Interpolation.Tetrahedral)]
    [InlineData(Interpolation.Trilinear)]
    public void SixteenBitAndFloatMatchReference(Interpolation interp)
    {
        var lut = TestCube.Synthetic(33, seed: 4);
        var s16 = Patterns.Noise(203, 67, SampleType.UInt16, seed: 2);
        var f32 = Patterns.Noise(203, 67, SampleType.Float32, seed: 3);
        // Values outside 0..1 are clamped to the LUT domain.
        f32.Samples<float>()[0] = -0.25f; f32.Samples<float>()[4] = 1.5f; f32.Samples<float>()[8] = float.NaN;
        foreach (var level in SimdSupport.Available)
        {
            var applier = new LutApplier(lut, interp, 0.8f) { Level = level };
            var r16 = Apply(applier, s16).Samples<ushort>();
            var in16 = s16.Samples<ushort>();
            double worst16 = 0;
            for (int i = 0; i < in16.Length; i += 3)
                for (int c = 0; c < 3; c++)
                {
                    double exact = Math.Clamp(65535 * Reference(lut, interp, 0.8f, in16[i] / 65535.0, in16[i + 1] / 65535.0, in16[i + 2] / 65535.0, c), 0, 65535);
                    worst16 = Math.Max(worst16, Math.Abs(r16[i + c] - exact));
                }
            Assert.True(worst16 <= 1.0, $"{level}: 16-bit worst {worst16:F3}");

            var rf = Apply(applier, f32).Samples<float>();
            var inf = f32.Samples<float>();
            double worstF = 0;
            for (int i = 0; i < inf.Length; i += 3)
                for (int c = 0; c < 3; c++)
                {
                    double Clean(float v) => float.IsNaN(v) ? 0 : Math.Clamp(v, 0, 1);
                    double exact = Reference(lut, interp, 0.8f, Clean(inf[i]), Clean(inf[i + 1]), Clean(inf[i + 2]), c);
                    // Strength mixes with the (domain-clamped) input colour.
                    worstF = Math.Max(worstF, Math.Abs(rf[i + c] - exact));
                }
            Assert.True(worstF <= 2e-6, $"{level}: float worst {worstF:E2}");
        }
    }

    /// <summary>Every length 0..50 exercises the vector body and each possible scalar tail; the paths must agree exactly.</summary>
    [Theory]
    [InlineData(SampleType.UInt8, Interpolation.Tetrahedral)]
    [InlineData(SampleType.UInt8, Interpolation.Trilinear)]
    [InlineData(SampleType.UInt16, Interpolation.Tetrahedral)]
    [InlineData(SampleType.UInt16, Interpolation.Trilinear)]
    [InlineData(SampleType.Float32, Interpolation.Tetrahedral)]
    [InlineData(SampleType.Float32, Interpolation.Trilinear)]
    public unsafe void VectorPathsEqualScalarForEveryTailLength(SampleType type, Interpolation interp)
    {
        foreach (int size in new[] { 2, 5, 33 })
        {
            var lut = TestCube.Synthetic(size, seed: size);
            var scalar = new LutApplier(lut, interp) { Level = SimdLevel.Scalar };
            for (int length = 0; length <= 50; length++)
            {
                var source = Patterns.Noise(length + 1, 1, type, seed: length);
                int bytes = length * 3 * RgbImage.BytesPerSample(type);
                var expected = (byte[])source.Data.Clone();
                fixed (byte* e = expected) scalar.ApplyPixels(e, e, length, type);
                Assert.Equal(source.Data.AsSpan(bytes).ToArray(), expected.AsSpan(bytes).ToArray()); // nothing past the end
                foreach (var level in SimdSupport.Available.Where(l => l != SimdLevel.Scalar))
                {
                    var applier = new LutApplier(lut, interp) { Level = level };
                    var outOfPlace = new byte[source.Data.Length];
                    var inPlace = (byte[])source.Data.Clone();
                    fixed (byte* s = source.Data)
                    fixed (byte* o = outOfPlace)
                    fixed (byte* p = inPlace)
                    {
                        applier.ApplyPixels(s, o, length, type);
                        applier.ApplyPixels(p, p, length, type);
                    }
                    Assert.True(expected.AsSpan(0, bytes).SequenceEqual(outOfPlace.AsSpan(0, bytes)), $"{level} size {size} length {length}");
                    Assert.True(expected.AsSpan().SequenceEqual(inPlace), $"{level} in place, size {size} length {length}");
                    Assert.True(outOfPlace.AsSpan(bytes).IndexOfAnyExcept((byte)0) < 0, $"{level} wrote past the end");
                }
            }
        }
    }

    [Fact]
    public void EveryEightBitColourOnAFineLatticeMatchesReference()
    {
        // All 256 levels of each channel appear, including 0 and 255 (the last-cell edge case).
        var lut = TestCube.Synthetic(256, seed: 9);
        var image = new RgbImage(256, 256, SampleType.UInt8);
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++)
            {
                int i = (y * 256 + x) * 3;
                image.Data[i] = (byte)x; image.Data[i + 1] = (byte)y; image.Data[i + 2] = (byte)((x * 7 + y * 13) & 255);
            }
        var result = Apply(new LutApplier(lut), image);
        for (int i = 0; i < image.Data.Length; i += 3)
            for (int c = 0; c < 3; c++)
            {
                double exact = Math.Clamp(255 * Reference(lut, Interpolation.Tetrahedral, 1, image.Data[i] / 255.0, image.Data[i + 1] / 255.0, image.Data[i + 2] / 255.0, c), 0, 255);
                Assert.True(Math.Abs(result.Data[i + c] - exact) <= 0.56, $"pixel {i / 3} channel {c}: {result.Data[i + c]} vs {exact:F3}");
            }
    }

    [Fact]
    public void ZeroStrengthAndIdentityLeaveEightBitImagesUnchanged()
    {
        var source = Patterns.Noise(300, 200, SampleType.UInt8, seed: 1);
        Assert.Equal(source.Data, Apply(new LutApplier(TestCube.Synthetic(33), strength: 0f), source).Data);
        Assert.Equal(source.Data, Apply(new LutApplier(Lattice3D.Identity(17)), source).Data);
        Assert.Equal(source.Data, Apply(new LutApplier(Lattice3D.Identity(9), Interpolation.Trilinear), source).Data);
    }

    [Fact]
    public void ParallelResultEqualsSingleThreaded()
    {
        var lut = TestCube.Synthetic(33);
        var source = Patterns.Noise(1000, 700, SampleType.UInt8, seed: 8);
        var parallel = Apply(new LutApplier(lut), source);
        var single = Apply(new LutApplier(lut) { MaxThreads = 1 }, source);
        Assert.Equal(single.Data, parallel.Data);
        var inPlace = ImageConvert.ToType(source, SampleType.UInt8);
        new LutApplier(lut).Apply(inPlace);
        Assert.Equal(single.Data, inPlace.Data);
    }
}
