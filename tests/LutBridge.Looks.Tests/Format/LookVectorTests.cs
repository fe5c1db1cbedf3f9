using System.Text;
using LutBridge.Core;
using LutBridge.Looks;
using LutBridge.Core.LutFiles;

namespace LutBridge.Looks.Tests;

/// <summary>
/// Holds the committed shared vectors (tests/vectors/look/) to the current C# code: the C
/// library's ctest holds them to the C evaluator, so a change on either side fails a test.
/// After an intended change of the Look, rewrite them with tests/vectors/look/regenerate.sh
/// (which refits the fitted ones with the decomposer: Engines.Tests' LookVectorFitTests).
/// </summary>
public class LookVectorTests
{
    private const double Tolerance = 1e-6; // C# against its own earlier output: only libm noise

    private static byte[] Committed(string name)
    {
        var path = Path.Combine(LookVectorSet.Folder, name);
        Assert.True(File.Exists(path), $"{path} is missing: run tests/vectors/look/regenerate.sh");
        return File.ReadAllBytes(path);
    }

    private static IEnumerable<string[]> Rows(string tsv) =>
        Encoding.UTF8.GetString(Committed(tsv)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t'));

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(expected[i] - (double)actual[i]);
            if (!(d <= worst)) (worst, at) = (d, i);
        }
        if (!(worst <= Tolerance))
            Assert.Fail($"{what}: value {at} differs by {worst:g3} ({expected[at]} vs {actual[at]})");
    }

    [Fact]
    public void CommittedVectorsAreWhatTheCurrentCodeWrites()
    {
        var files = LookVectorSet.Files();
        foreach (var (name, bytes) in files)
        {
            var committed = Committed(name);
            if (name.EndsWith(".lattice") || name.EndsWith(".points"))
                AssertClose(LookVectorSet.ReadFloats(committed), LookVectorSet.ReadFloats(bytes), name);
            else if (name == "mutations.tsv")
                AssertSameMutations(Encoding.UTF8.GetString(committed), Encoding.UTF8.GetString(bytes));
            else
                Assert.True(committed.AsSpan().SequenceEqual(bytes), $"{name} differs from what the code writes now: run tests/vectors/look/regenerate.sh");
        }
        var stray = Directory.EnumerateFiles(LookVectorSet.Folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(LookVectorSet.Folder, p).Replace('\\', '/'))
            .Where(n => !files.ContainsKey(n) && n is not ("README.md" or "regenerate.sh")).ToList();
        Assert.True(stray.Count == 0, "files no vector produces: " + string.Join(", ", stray));
    }

    /// <summary>Same mutations and verdicts; colours within the tolerance (libm may differ by an ulp).</summary>
    private static void AssertSameMutations(string committed, string now)
    {
        var a = committed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var b = now.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(a.Length == b.Length, $"mutations.tsv has {a.Length} lines, the code writes {b.Length}: run tests/vectors/look/regenerate.sh");
        for (int i = 1; i < a.Length; i++)
        {
            var (x, y) = (a[i].Split('\t'), b[i].Split('\t'));
            Assert.True(x[..4].SequenceEqual(y[..4]), $"mutations.tsv line {i + 1}: '{a[i]}', the code says '{b[i]}'");
            for (int c = 4; c < x.Length && x[c] != ""; c++)
                Assert.True(Math.Abs(double.Parse(x[c]) - double.Parse(y[c])) <= Tolerance, $"mutations.tsv line {i + 1}: '{a[i]}' vs '{b[i]}'");
        }
    }

    /// <summary>
    /// The committed files were written by earlier codecs (and are read by the C decoder):
    /// every version 3 and 4 file must come out of a decode and encode byte for byte.
    /// </summary>
    [Fact]
    public void CommittedLooksReEncodeToTheSameBytes()
    {
        var files = Directory.EnumerateFiles(LookVectorSet.Folder, "*.look").Order().ToList();
        int checkedFiles = 0;
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes[16] < LookCodec.TrilinearVersion) continue; // versions 1 and 2 are read, never written
            var again = LookCodec.Encode(LookCodec.Decode(bytes, path));
            Assert.True(bytes.AsSpan().SequenceEqual(again), $"{Path.GetFileName(path)} re-encodes to different bytes");
            checkedFiles++;
        }
        Assert.True(checkedFiles >= 20, $"only {checkedFiles} version 3/4 vectors");
    }

    [Fact]
    public void CommittedLooksBakeAndEvaluateToTheCommittedValues()
    {
        var rows = Rows("looks.tsv").ToList();
        Assert.True(rows.Count >= 10, $"only {rows.Count} vectors");
        foreach (var row in rows)
        {
            var (name, size) = (row[0], int.Parse(row[1]));
            var look = LookCodec.Decode(Committed(name + ".look"), name);
            AssertClose(LookVectorSet.ReadFloats(Committed(name + ".lattice")), LookBaker.Bake(look, size).Data, name + " bake");
            var points = LookVectorSet.ReadFloats(Committed(name + ".points"));
            var processor = new LookProcessor(look);
            var actual = new float[points.Length];
            for (int i = 0; i < points.Length; i += 6)
            {
                var (r, g, b) = processor.Apply(points[i], points[i + 1], points[i + 2]);
                (actual[i], actual[i + 1], actual[i + 2]) = (points[i], points[i + 1], points[i + 2]);
                (actual[i + 3], actual[i + 4], actual[i + 5]) = ((float)r, (float)g, (float)b);
            }
            AssertClose(points, actual, name + " points");
        }
    }

    [Fact]
    public void VectorsCoverEveryPartOfTheLook()
    {
        // Not a tautology check on the generator: the committed Looks, decoded, must move
        // every slider away from neutral somewhere, and carry a shaper and a residual.
        var looks = Rows("looks.tsv").Select(r => LookCodec.Decode(Committed(r[0] + ".look"), r[0])).ToList();
        foreach (var p in LookParameters.All)
            Assert.True(looks.Any(l => l[p.Index] != p.Neutral), $"no vector moves {p.Name}");
        Assert.Contains(looks, l => l.Shaper != null);
        Assert.Contains(looks, l => l.Residual is { Size: 13 });
        // The real-LUT vectors reproduce their LUT at its own nodes (residual quantisation only).
        foreach (var file in LookVectorSet.RealLuts)
        {
            var lut = LutFile.Read(Testing.TestEnvironment.SharedFile("luts", "creative", file));
            var look = looks.Single(l => l.Title == file);
            var processor = new LookProcessor(look);
            var lattice = lut.Lattice!;
            int n = lattice.Size;
            for (int i = 0; i < n * n * n; i += 7)
            {
                int r = i % n, g = i / n % n, b = i / (n * n);
                var (R, G, B) = processor.Apply(r / (n - 1.0), g / (n - 1.0), b / (n - 1.0));
                int at = lattice.Index(r, g, b);
                Assert.Equal(Math.Clamp(lattice.Data[at], 0, 1), R, 2e-4);
                Assert.Equal(Math.Clamp(lattice.Data[at + 1], 0, 1), G, 2e-4);
                Assert.Equal(Math.Clamp(lattice.Data[at + 2], 0, 1), B, 2e-4);
            }
        }
    }

    private static bool Accepts(string name)
    {
        try { LookCodec.Decode(Committed("invalid/" + name), name); return true; }
        catch (InputException) { return false; }
    }

    [Fact]
    public void EveryInvalidVectorIsRejectedWithTheRightKind()
    {
        var rows = Rows("invalid.tsv").ToList();
        Assert.True(rows.Count >= 20, $"only {rows.Count} invalid vectors");
        foreach (var row in rows)
        {
            Assert.True(Accepts(row[0]) == false, $"{row[0]} ({row[2]}) was accepted");
            var e = Assert.Throws<InputException>(() => LookCodec.Decode(Committed("invalid/" + row[0]), row[0]));
            bool version = e.Message.Contains("unsupported .look format version");
            Assert.True(version == (row[1] == "version"), $"{row[0]} ({row[2]}): expected a {row[1]} error, got: {e.Message}");
        }
    }

    [Fact]
    public void ParameterTableFileListsTheCSharpTable()
    {
        var rows = Rows("parameters.tsv").ToList();
        Assert.Equal(LookParameters.Count, rows.Count);
        foreach (var p in LookParameters.All)
        {
            var row = rows[p.Index];
            Assert.Equal([p.Index.ToString(), p.Name, p.Group], row[..3]);
            Assert.Equal([p.Min, p.Max, p.Neutral], row[3..6].Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(p.Unit, row[6]);
            Assert.Equal(p.Step, double.Parse(row[7], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
