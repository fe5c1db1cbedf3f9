using System.Numerics;
using LutBridge.Core.Luts;
using LutBridge.Core.LutFiles;

namespace LutBridge.Core.Tests.Luts;

/// <summary>colour-science ships the same LUT in several formats: our readers must agree on all of them.</summary>
public class CrossFormatTests
{
    public static TheoryData<string, string, float, float> Pairs => new()
    {
        { "resolve_cube/Colour_Correct.cube", "cinespace/Colour_Correct.csp", 0f, 1f },
        { "iridas_cube/Colour_Correct.cube", "sony_spi3d/Colour_Correct.spi3d", 0f, 1f },
        { "sony_spi3d/Colour_Correct.spi3d", "sony_spi3d/Colour_Correct_Unordered.spi3d", 0f, 1f },
        { "resolve_cube/Colour_Correct.cube", "sony_spi3d/Colour_Correct_Unordered.spi3d", 0f, 1f },
        { "iridas_cube/ACES_Proxy_10_to_ACES.cube", "cinespace/ACES_Proxy_10_to_ACES.csp", 0f, 1f },
        { "resolve_cube/ACES_Proxy_10_to_ACES.cube", "iridas_cube/ACES_Proxy_10_to_ACES.cube", 0f, 1f },
        { "iridas_cube/Demo.cube", "cinespace/Demo.csp", 0f, 3f },
        { "resolve_cube/Three_Dimensional_Table.cube", "cinespace/Three_Dimensional_Table.csp", 0f, 1f },
        { "iridas_cube/eotf_sRGB_3D.cube", "cinespace/eotf_sRGB_3D.csp", -0.2f, 3f },
        { "sony_spi1d/eotf_sRGB_1D.spi1d", "sony_spi1d/eotf_sRGB_3x1D.spi1d", -0.1f, 1.5f },
    };

    // Not paired: Three_Dimensional_Table_With_Shaper .cube vs .csp. The .cube gives its 3D
    // table LUT_3D_INPUT_RANGE −0.1..3, while the .csp (written by colour-science, whose
    // Cinespace writer drops a 3D table's domain after a shaper) indexes the table over
    // 0..1 as the Cinespace format defines; the two files therefore differ by design.
    [Theory]
    [MemberData(nameof(Pairs))]
    public void Same_lut_in_two_formats_evaluates_the_same(string a, string b, float min, float max)
    {
        var lutA = LutFile.Read(LutAssert.Fixture(a.Split('/')));
        var lutB = LutFile.Read(LutAssert.Fixture(b.Split('/')));
        foreach (var p in LutAssert.Points(300, min, max))
        {
            var va = lutA.Evaluate(p);
            var vb = lutB.Evaluate(p);
            // Files carry 6-7 decimals; allow for that rounding relative to the magnitude.
            LutAssert.Near(va, vb, 2e-6 + 1e-6 * va.Length(), $"{a} vs {b} at {p}");
        }
    }
}
