using LutBridge.Core.Luts;
using LutBridge.Core.Luts.Formats;
using LutBridge.Testing;
using Xunit.Abstractions;
using LutBridge.Core.LutFiles;
using LutBridge.Core.Imaging.LutImages;

namespace LutBridge.Core.Tests.Luts;

/// <summary>
/// .cube → .3dl → HaldCLUT → .cube loses at most one 16-bit code value on every shared LUT
/// that all three formats can hold. The others are listed with the reason.
/// </summary>
public class RoundTripTests(ITestOutputHelper output)
{
    private const double OneCode16 = 1.0 / 65535;

    /// <summary>Why the integer formats (.3dl, HaldCLUT) cannot hold this LUT as is, or null.</summary>
    public static string? WhyNotRepresentable(Lut lut)
    {
        if (!lut.Is3D) return "1D LUT: .3dl/HaldCLUT hold only 3D lattices (would be baked into one)";
        if (lut.Shaper is not null) return "has a shaper: .3dl/HaldCLUT have none (would be baked)";
        if (!lut.IsPlainLattice) return $"domain {lut.DomainMin}..{lut.DomainMax} is not 0..1 (would be baked)";
        var (min, max) = lut.OutputRange();
        if (min < 0 || max > 1) return $"outputs {min}..{max} leave 0..1 (integer formats clip)";
        return null;
    }

    [Fact]
    public void Cube_3dl_hald_cube_round_trip_loses_at_most_one_16_bit_code()
    {
        var dir = TestEnvironment.NewTempDir("roundtrip");
        int tested = 0;
        var rejected = new List<string>();
        foreach (var file in SharedLutsTests.AllLutFiles())
        {
            Lut original;
            try { original = LutFile.Read(file); }
            catch (InputException e) { rejected.Add($"{Path.GetFileName(file)}: unreadable ({e.Message})"); continue; }
            var why = WhyNotRepresentable(original);
            if (why is not null)
            {
                rejected.Add($"{Path.GetFileName(file)}: {why}");
                continue;
            }
            int n = original.Lattice!.Size;
            var name = Path.GetFileNameWithoutExtension(file);
            var cube = Path.Combine(dir, name + ".cube");
            var threeDl = Path.Combine(dir, name + ".3dl");
            var hald = Path.Combine(dir, name + ".png");
            var final = Path.Combine(dir, name + ".final.cube");

            Assert.Empty(LutFile.Write(cube, original).Notes);
            Assert.Empty(LutFile.Write(threeDl, LutFile.Read(cube)).Notes);
            var haldReport = LutFile.Write(hald, LutFile.Read(threeDl));
            Assert.DoesNotContain(haldReport.Notes, note => note.Contains("clipped"));
            LutFile.Write(final, LutFile.Read(hald), new LutWriteOptions { Size = n });
            var back = LutFile.Read(final);

            double worst = 0;
            for (int i = 0; i < original.Lattice.Data.Length; i++)
                worst = Math.Max(worst, Math.Abs(original.Lattice.Data[i] - back.Lattice!.Data[i]));
            output.WriteLine($"{name}: {n}³ via Hald level {HaldClutFormat.LevelFor(n)}, worst {worst * 65535:F3} codes at 16 bit");
            Assert.True(worst <= OneCode16 + 1e-7, $"{file}: lost {worst * 65535:F3} 16-bit codes");
            tested++;
        }
        output.WriteLine($"{tested} LUTs round-tripped; not representable in .3dl/HaldCLUT:");
        foreach (var r in rejected) output.WriteLine("  " + r);
        Assert.True(tested >= 60, $"only {tested} LUTs round-tripped");
    }
}
