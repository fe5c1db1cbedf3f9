using System.Numerics;
using LutBridge.Core.Apply;
using LutBridge.Core.Imaging;
using LutBridge.Core.Luts;
using LutBridge.Core.Tests.Imaging;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Core.Tests.Apply;

/// <summary>
/// LUTs with shapers, domains and 1D-only tables (colour-science fixtures) through the
/// pre-pass, against the LUT model's scalar evaluator <see cref="Lut.Evaluate"/>.
/// </summary>
public class FromLutTests
{
    [Theory]
    [InlineData("resolve_cube", "Three_Dimensional_Table_With_Shaper.cube")]
    [InlineData("resolve_cube", "LogC_Video.cube")]
    [InlineData("iridas_cube", "Demo.cube")]
    [InlineData("iridas_cube", "eotf_sRGB_3D.cube")]
    [InlineData("resolve_cube", "RGB_1_0.5_0.25.cube")]
    [InlineData("sony_spi1d", "eotf_sRGB_3x1D.spi1d")]
    [InlineData("cinespace", "Three_Dimensional_Table_With_Shaper.csp")]
    public void MatchesTheScalarLutEvaluator(string folder, string name)
    {
        var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "formats", folder, name));
        var image = Patterns.Noise(131, 37, SampleType.Float32, seed: 5);
        var source = image.Samples<float>().ToArray();
        LutApplier.FromLut(lut, strength: 0.75f).Apply(image);
        var result = image.Samples<float>();
        double worst = 0;
        for (int i = 0; i < source.Length; i += 3)
        {
            var input = new Vector3(source[i], source[i + 1], source[i + 2]);
            var expected = input + 0.75f * (lut.Evaluate(input) - input);
            worst = Math.Max(worst, (new Vector3(result[i], result[i + 1], result[i + 2]) - expected).Length());
        }
        Assert.True(worst < 1e-4, $"{name}: worst distance {worst:E2}");
    }

    [Fact]
    public void PlainLatticeEightBitMatchesScalarEvaluator()
    {
        var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", "negative_new__fuji_400h.cube"));
        Assert.True(lut.IsPlainLattice);
        var image = Patterns.Noise(100, 50, SampleType.UInt8, seed: 6);
        var source = (byte[])image.Data.Clone();
        LutApplier.FromLut(lut).Apply(image);
        for (int i = 0; i < source.Length; i += 3)
        {
            var e = lut.Evaluate(new Vector3(source[i], source[i + 1], source[i + 2]) / 255f) * 255f;
            Assert.InRange(image.Data[i] - Math.Clamp(e.X, 0, 255), -0.56, 0.56);
            Assert.InRange(image.Data[i + 1] - Math.Clamp(e.Y, 0, 255), -0.56, 0.56);
            Assert.InRange(image.Data[i + 2] - Math.Clamp(e.Z, 0, 255), -0.56, 0.56);
        }
    }
}
