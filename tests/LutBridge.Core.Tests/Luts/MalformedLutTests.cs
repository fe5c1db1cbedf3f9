using LutBridge.Core.Luts;
using LutBridge.Testing;
using LutBridge.Core.LutFiles;

namespace LutBridge.Core.Tests.Luts;

/// <summary>Each malformed input fails with an InputException naming the file and the offending line.</summary>
public class MalformedLutTests
{
    public static TheoryData<string, string, int, string> Cases => new()
    {
        // file name, content, expected line, fragment of the message
        { "truncated.cube", "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n", 4, "3 of 8" },
        { "bad_number.cube", "LUT_3D_SIZE 2\n0 0 0\n1 x 0\n", 3, "'x' is not a number" },
        { "nan.cube", "LUT_1D_SIZE 2\n0 0 0\nnan 1 1\n", 3, "not a finite number" },
        { "inf.cube", "LUT_1D_SIZE 2\n0 0 0\n1 Infinity 1\n", 3, "not a finite number" },
        { "size_big.cube", "TITLE \"x\"\nLUT_3D_SIZE 300\n", 2, "out of range 2..256" },
        { "size_small.cube", "LUT_3D_SIZE 1\n0 0 0\n", 1, "out of range" },
        { "two_values.cube", "LUT_1D_SIZE 2\n0 0\n1 1 1\n", 2, "expected 3 numbers, found 2" },
        { "extra_rows.cube", "LUT_1D_SIZE 2\n0 0 0\n1 1 1\n1 1 1\n", 4, "more table rows" },
        { "data_first.cube", "# hi\n0 0 0\nLUT_1D_SIZE 2\n", 2, "before LUT_1D_SIZE" },
        { "keyword.cube", "LUT_3D_SIZE 2\nLUT_4D_SIZE 3\n", 2, "unknown keyword 'LUT_4D_SIZE'" },
        { "domain.cube", "LUT_1D_SIZE 2\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 0 1\n0 0 0\n1 1 1\n", 3, "must be below" },
        { "range.cube", "LUT_3D_SIZE 2\nLUT_3D_INPUT_RANGE 1 0\n", 2, "must be below" },
        { "empty.cube", "", 1, "no LUT_1D_SIZE or LUT_3D_SIZE" },
        { "late_keyword.cube", "LUT_1D_SIZE 2\n0 0 0\nTITLE \"late\"\n1 1 1\n", 3, "after table data" },
        { "mesh.3dl", "0 512 300\n", 1, "must increase" },
        { "short.3dl", "0 1023\n0 0 0\n", 2, "1 of 8" },
        { "neg.3dl", "0 1023\n0 0 0\n0 0 -5\n", 3, "negative" },
        { "big.3dl", "0 1023\n0 0 0\n0 0 70000\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n", 3, "exceeds 16 bit" },
        { "word.3dl", "0 1023\nhello 1 2\n", 2, "unexpected 'hello'" },
        { "header.csp", "CSPLUTV200\n3D\n", 1, "CSPLUTV100" },
        { "prelut.csp", "CSPLUTV100\n3D\n2\n0 1\n0 1\n2\n0 1\n0 1\n3\n0 1\n0 1\n", 10, "expected 3 numbers, found 2" },
        { "trunc.csp", "CSPLUTV100\n3D\n2\n0 1\n0 1\n2\n0 1\n0 1\n2\n0 1\n0 1\n2 2 2\n0 0 0\n", 13, "1 of 8" },
        { "from.spi1d", "Version 1\nFrom 0.0\nLength 2\nComponents 1\n{\n0\n1\n}\n", 2, "expected 2 numbers, found 1" },
        { "rows.spi1d", "Version 1\nFrom 0 1\nLength 3\nComponents 1\n{\n0\n1\n}\n", 8, "2 of 3" },
        { "comp.spi1d", "Version 1\nFrom 0 1\nLength 2\nComponents 3\n{\n0 0\n1 1 1\n}\n", 6, "expected 3 numbers, found 2" },
        { "index.spi3d", "SPILUT 1.0\n3 3\n2 2 2\n0 0 0 0 0 0\n0 0 5 0 0 0\n0 1 0 0 0 0\n0 1 1 0 0 0\n1 0 0 0 0 0\n1 0 1 0 0 0\n1 1 0 0 0 0\n1 1 1 0 0 0\n", 5, "out of range 0..1" },
        { "rows.spi3d", "SPILUT 1.0\n3 3\n2 2 2\n0 0 0 0 0 0\n", 4, "expected 8 table rows, found 1" },
        { "dup.spi3d", "SPILUT 1.0\n3 3\n2 2 2\n0 0 0 0 0 0\n0 0 0 0 0 0\n0 1 0 0 0 0\n0 1 1 0 0 0\n1 0 0 0 0 0\n1 0 1 0 0 0\n1 1 0 0 0 0\n1 1 1 0 0 0\n", 5, "given twice" },
        { "count.spimtx", "1 0 0 0\n0 1 0 0\n0 0 1\n", 3, "found 11" },
        { "value.spimtx", "1 0 0 0\n0 1 zero 0\n0 0 1 0\n", 2, "'zero' is not a number" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_file_names_file_and_line(string name, string content, int line, string fragment)
    {
        var dir = TestEnvironment.NewTempDir("malformed");
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        var e = Assert.Throws<InputException>(() => LutFile.Read(path));
        Assert.StartsWith($"{path}:{line}: ", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Missing_file_unknown_format_and_bad_png_are_input_errors()
    {
        var dir = TestEnvironment.NewTempDir("malformed");
        var missing = Path.Combine(dir, "none.cube");
        Assert.Equal($"{missing}: no such LUT file", Assert.Throws<InputException>(() => LutFile.Read(missing)).Message);
        Assert.Equal($"{dir}: is a folder, not a LUT file", Assert.Throws<InputException>(() => LutFile.Read(dir)).Message);
        var odd = Path.Combine(dir, "lut.xyz");
        File.WriteAllText(odd, "hello\n");
        Assert.Contains("unknown LUT format", Assert.Throws<InputException>(() => LutFile.Read(odd)).Message);
        var binary = Path.Combine(dir, "bin.cube");
        File.WriteAllBytes(binary, [(byte)'L', (byte)'\n', 0, 1, 2]);
        Assert.StartsWith($"{binary}:2: ", Assert.Throws<InputException>(() => LutFile.Read(binary)).Message);
        var notHald = Path.Combine(dir, "small.png");
        LutBridge.Core.Imaging.ImageFile.Write(notHald, new LutBridge.Core.Imaging.RgbImage(10, 10, LutBridge.Core.Imaging.SampleType.UInt8));
        Assert.Contains("neither a HaldCLUT", Assert.Throws<InputException>(() => LutFile.Read(notHald)).Message);
        Assert.Contains("cannot write", Assert.Throws<InputException>(() => LutFile.Write(Path.Combine(dir, "x.csp"), new Lut(Lattice3D.Identity(2)))).Message);
    }

    [Fact]
    public void Content_sniffing_reads_known_formats_under_other_names()
    {
        var dir = TestEnvironment.NewTempDir("sniff");
        var path = Path.Combine(dir, "lut.txt");
        File.Copy(LutAssert.Fixture("cinespace", "Unit.csp"), path);
        Assert.Equal(4, LutFile.Read(path).Lattice!.Size);
    }
}
