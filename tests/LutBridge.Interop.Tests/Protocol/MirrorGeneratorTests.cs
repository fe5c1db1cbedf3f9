using LutBridge.Interop.Generator;
using LutBridge.Interop.Protocol;
using LutBridge.Testing;

namespace LutBridge.Interop.Tests.Protocol;

/// <summary>
/// The build-time reader of protocol.h (LutBridge.Interop.Generator): the real header reads
/// without problems into what the generated mirror holds; a new method row is picked up with
/// no hand edit; rows and shapes outside the grammar are reported (they fail the build as LB0001).
/// </summary>
public class MirrorGeneratorTests
{
    private static readonly string Header = File.ReadAllText(TestEnvironment.RepoFile("plugin-c", "include", "lutbridge", "protocol.h"));

    [Fact]
    public void TheRealHeaderIsSoundAndIsWhatTheMirrorHolds()
    {
        var h = ProtocolHeader.Parse(Header);
        Assert.Empty(h.Problems);
        Assert.Equal(MethodTable.All.Select(m => (m.Id, m.Name, m.Since, m.Kind == MethodKind.Job, m.ParamsDeclaration, m.Result, m.Summary)),
            h.Methods.Select(m => (m.Id, m.Name, m.Since, m.Job, m.Params, m.Result, m.Summary)));
        Assert.Equal(Enum.GetValues<RpcErrorCode>().Select(c => (int)c), h.Errors.Select(e => e.Code));
        Assert.Equal(ProtocolLimits.ByCName.OrderBy(p => p.Key), h.Limits.OrderBy(p => p.Key));
    }

    [Fact]
    public void ANewMethodRowIsPickedUp()
    {
        var row = "  X(LOOK_BLEND, \"look.blend\", 1, LB_KIND_JOB, \"looks:array, options:map?\", \"{look:bin, bytes:int}\", \"blends the \\\"looks\\\" into one\") \\\n";
        var edited = Header.Replace("  X(JOB_CANCEL,", row + "  X(JOB_CANCEL,", StringComparison.Ordinal);
        var h = ProtocolHeader.Parse(edited);
        Assert.Empty(h.Problems);
        var m = Assert.Single(h.Methods, m => m.Name == "look.blend");
        Assert.Equal(("LOOK_BLEND", true, "looks:array, options:map?", "blends the \"looks\" into one"), (m.Id, m.Job, m.Params, m.Summary));
        Assert.Equal(MethodTable.All.Count + 1, h.Methods.Count);
    }

    [Theory]
    [InlineData("\"lut:str, options:mapp?\"", "unknown type 'mapp'")]
    [InlineData("\"options:map?, lut:str\"", "follows an optional one")]
    [InlineData("\"lut\"", "is not name:type")]
    public void ABadParamsDeclarationIsReported(string parameters, string expected)
    {
        var edited = Header.Replace("\"path:str\"", parameters, StringComparison.Ordinal);
        var problem = Assert.Single(ProtocolHeader.Parse(edited).Problems);
        Assert.Contains("lut.info", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void ARowWithAMissingArgumentOrADuplicateNameIsReported()
    {
        Assert.Contains(ProtocolHeader.Parse(Header.Replace("X(PING, \"ping\", 1, LB_KIND_CALL, \"\", \"str\",", "X(PING, \"ping\", 1, LB_KIND_CALL, \"str\",", StringComparison.Ordinal)).Problems,
            p => p.Contains("has 6 arguments, expected 7"));
        Assert.Contains(ProtocolHeader.Parse(Header.Replace("X(VERSION, \"version\"", "X(VERSION, \"ping\"", StringComparison.Ordinal)).Problems,
            p => p.Contains("method name ping appears 2 times"));
    }

    [Theory]
    [InlineData("str")]
    [InlineData("{output:str, width:int, ms:float}")]
    [InlineData("{title?:str, nested:{a:int, b?:array}}")]
    public void SoundShapesPass(string shape) => Assert.Empty(ShapeSyntax.CheckShape(shape));

    [Theory]
    [InlineData("{output:str", "expected ',' or '}'")]
    [InlineData("{output str}", "has no ':type'")]
    [InlineData("{output:string}", "unknown type 'string'")]
    [InlineData("str extra", "unexpected")]
    [InlineData("{Output:str}", "not lower_case")]
    public void BrokenShapesAreReported(string shape, string expected) =>
        Assert.Contains(ShapeSyntax.CheckShape(shape), p => p.Contains(expected));
}
