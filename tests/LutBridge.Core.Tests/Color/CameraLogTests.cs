using LutBridge.Core.Color;

namespace LutBridge.Core.Tests.Color;

/// <summary>The camera log curves against their makers' published values, and the gamut matrices against colour-science's.</summary>
public class CameraLogTests
{
    [Theory]
    // 18% grey: ACEScct 0.4135884 (S-2016-001), S-Log3 420/1023 (Sony), LogC3 EI 800 0.391007 (ARRI), Apple Log 0.48832 (γ·log2(0.18 + b) + β).
    [InlineData("acescct", 0.18, 0.4135884)]
    [InlineData("slog3", 0.18, 420.0 / 1023)]
    [InlineData("logc3", 0.18, 0.391007)]
    [InlineData("applelog", 0.18, 0.48832)]
    // ProPhoto (ISO 22028-2): 0.18^(1/1.8); the toe's end 1/512 → 16/512; ACES2065-1 is linear.
    [InlineData("prophoto", 0.18, 0.3857114)]
    [InlineData("prophoto", 1.0 / 512, 0.03125)]
    [InlineData("acesap0", 0.18, 0.18)]
    // Black: ACEScct's toe offset, S-Log3's 95/1023, LogC3's f.
    [InlineData("acescct", 0.0, 0.0729055341958355)]
    [InlineData("slog3", 0.0, 95.0 / 1023)]
    [InlineData("logc3", 0.0, 0.092809)]
    public void EncodesPublishedValues(string name, double linear, double code)
    {
        var log = CameraLog.All.Single(l => l.Name == name);
        Assert.Equal(code, log.Encode(linear), 4);
        Assert.Equal(linear, log.Decode(code), 3); // the published codes have 6-7 digits; decoding magnifies their rounding
    }

    [Fact]
    public void DecodeInvertsEncodeOverTheCodeRange()
    {
        foreach (var log in CameraLog.All)
            for (double cv = 0.1; cv <= 1; cv += 0.01)
                Assert.Equal(cv, log.Encode(log.Decode(cv)), 9);
    }

    [Fact]
    public void Ap1ToRec709MatchesColourScience()
    {
        // colour.RGB_to_RGB_matrix(ACEScg, sRGB, 'Bradford') (colour-science 0.4).
        var m = CameraLog.AcesCct.ToLinearSrgb();
        double[] expected = [1.7050515, -0.6217905, -0.0832610, -0.1302564, 1.1408047, -0.0105483, -0.0240033, -0.1289690, 1.1529723];
        double[] got = [m.M11, m.M12, m.M13, m.M21, m.M22, m.M23, m.M31, m.M32, m.M33];
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i], got[i], 3);
        // Every camera gamut keeps white white (with a Bradford adaptation where its white is not D65).
        foreach (var log in CameraLog.All)
        {
            var (r, g, b) = log.ToLinearSrgb().Transform(1, 1, 1);
            Assert.Equal(1, r, 3);
            Assert.Equal(1, g, 3);
            Assert.Equal(1, b, 3);
        }
    }

    [Fact]
    public void PrimariesGiveThePublishedRgbToXyzMatrices()
    {
        // ACES2065-1 (SMPTE ST 2065-1, AP0 → XYZ at the ACES white) and ProPhoto RGB (ISO 22028-2, → XYZ D50 as
        // Lindbloom lists it): from the published primaries and white, without adaptation. Lindbloom
        // scales to his D50 white (0.96422, 1, 0.82521) rather than to ISO's chromaticity (0.3457, 0.3585):
        // they differ by 1e-4, hence 3 places.
        (CameraLog Log, double[] Expected)[] cases =
        [
            (CameraLog.AcesAp0Linear, [0.9525524, 0.0000000, 0.0000937, 0.3439664, 0.7281661, -0.0721325, 0.0000000, 0.0000000, 1.0088252]),
            (CameraLog.ProPhoto, [0.7976749, 0.1351917, 0.0313534, 0.2880402, 0.7118741, 0.0000857, 0.0000000, 0.0000000, 0.8252100]),
        ];
        foreach (var (log, expected) in cases)
        {
            var m = LinearSrgb.RgbToXyz(log.Red, log.Green, log.Blue, log.White);
            double[] got = [m.M11, m.M12, m.M13, m.M21, m.M22, m.M23, m.M31, m.M32, m.M33];
            for (int i = 0; i < 9; i++) Assert.Equal(expected[i], got[i], 3);
        }
    }
}
