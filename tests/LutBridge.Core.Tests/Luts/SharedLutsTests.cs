using System.Numerics;
using LutBridge.Core.Luts;
using LutBridge.Testing;
using Xunit.Abstractions;
using LutBridge.Core.LutFiles;

namespace LutBridge.Core.Tests.Luts;

/// <summary>Every LUT in ../shared/data/luts parses; the one malformed fixture fails with file and line.</summary>
public class SharedLutsTests(ITestOutputHelper output)
{
    private static readonly string MalformedFixture = Path.Combine("sony_spi1d", "Exception_Raising.spi1d");

    public static IEnumerable<string> AllLutFiles() =>
        Directory.EnumerateFiles(TestEnvironment.SharedFile("luts"), "*", SearchOption.AllDirectories)
            .Where(f => LutFile.FormatOf(f) != LutFormat.Unknown)
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_shared_lut_parses_except_the_malformed_fixture()
    {
        var files = AllLutFiles().ToList();
        Assert.True(files.Count >= 100, $"expected the whole shared LUT set, found {files.Count}");
        Assert.Equal(files.Count, Directory.EnumerateFiles(TestEnvironment.SharedFile("luts"), "*", SearchOption.AllDirectories).Count());
        foreach (var file in files)
        {
            if (file.EndsWith(MalformedFixture, StringComparison.Ordinal))
            {
                var e = Assert.Throws<InputException>(() => LutFile.Read(file));
                // "From 0.0" gives one bound where two are required.
                Assert.StartsWith($"{file}:2: ", e.Message);
                output.WriteLine($"rejected {file}: {e.Message}");
                continue;
            }
            var lut = LutFile.Read(file);
            var (min, max) = lut.OutputRange();
            Assert.True(float.IsFinite(min) && float.IsFinite(max), file);
            var probe = lut.Evaluate(new Vector3(0.5f, 0.25f, 0.75f));
            Assert.True(float.IsFinite(probe.X) && float.IsFinite(probe.Y) && float.IsFinite(probe.Z), file);
            output.WriteLine($"{Path.GetFileName(file)}: {(lut.Is3D ? $"{lut.Lattice!.Size}³" : $"1D {lut.Table1D!.MaxSize}")}{(lut.Shaper is null ? "" : " + shaper")}, outputs {min}..{max}");
        }
    }
}
