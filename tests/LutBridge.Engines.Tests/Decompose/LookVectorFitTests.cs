using LutBridge.Core.Color;
using LutBridge.Core.LutFiles;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Looks.Tests;
using LutBridge.Testing;

namespace LutBridge.Engines.Tests.Decompose;

/// <summary>
/// The shared Look vectors fitted by the decomposer (the Look's own tests, in Looks.Tests, read
/// them as committed bytes). With LUTBRIDGE_WRITE_LOOK_VECTORS=1 (tests/vectors/look/regenerate.sh)
/// the whole vector folder is rewritten with fresh fits first.
/// </summary>
public class LookVectorFitTests
{
    [Fact]
    public void CommittedFitsReproduceTheirLutsWithinTheDecomposersTargets()
    {
        if (LookVectorSet.Writing)
            LookVectorSet.Write(LookVectorSet.Files(fit: (lut, title) =>
                Decomposer.Run(lut, DecomposeOptions.Default with { Title = title }, null, CancellationToken.None).Look));
        var targets = DecomposeOptions.Default;
        foreach (var file in LookVectorSet.FittedLuts)
        {
            // Against the LUT itself (Core's CIEDE2000 at the LUT's own nodes), not the fitter's own error.
            var lut = LutFile.Read(TestEnvironment.SharedFile("luts", "creative", file));
            var path = Path.Combine(LookVectorSet.Folder, LookVectorSet.FittedName(file) + ".look");
            var look = LookCodec.Decode(File.ReadAllBytes(path), path);
            Assert.Equal(file, look.Title);
            var stats = DeltaE.Ciede2000SrgbStats(lut.Lattice!.Data, LookBaker.Bake(look, lut.Lattice.Size).Data);
            Assert.True(stats.Mean <= targets.MeanDeltaE && stats.Max <= targets.MaxDeltaE,
                $"{file}: ΔE00 mean {stats.Mean:F3} max {stats.Max:F3} against targets {targets.MeanDeltaE}/{targets.MaxDeltaE}");
        }
    }
}
