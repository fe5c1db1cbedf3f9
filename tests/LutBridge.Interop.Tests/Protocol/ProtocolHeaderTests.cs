using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LutBridge.Interop.Protocol;
using LutBridge.Testing;

namespace LutBridge.Interop.Tests.Protocol;

/// <summary>
/// protocol.h is the declaration both sides compile from; these tests read the header's
/// rows and fail when the C# mirror (MethodTable, RpcErrorCode, ProtocolLimits) disagrees,
/// and compare both with the frozen API-level fixture.
/// </summary>
public partial class ProtocolHeaderTests
{
    private static readonly string Header = File.ReadAllText(TestEnvironment.RepoFile("plugin-c", "include", "lutbridge", "protocol.h"));

    [GeneratedRegex(@"^#define LB_([A-Z_]+) (-?\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NumericDefine();

    [GeneratedRegex(@"^\s*X\((\w+), (\d+), ""([^""]*)"", ""((?:[^""\\]|\\.)*)""\)", RegexOptions.Multiline)]
    private static partial Regex ErrorRow();

    [GeneratedRegex(@"^\s*X\((\w+), ""([^""]+)"", (\d+), (LB_KIND_CALL|LB_KIND_JOB), ""([^""]*)"", ""([^""]*)"", ""((?:[^""\\]|\\.)*)""\)", RegexOptions.Multiline)]
    private static partial Regex MethodRow();

    [GeneratedRegex(@"^#define LB_PROTOCOL_NAME ""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex ProtocolName();

    private static string Section(string macro)
    {
        var start = Header.IndexOf($"#define {macro}(X)", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{macro} is missing from protocol.h");
        var end = Header.IndexOf("\n\n", start, StringComparison.Ordinal);
        return Header[start..end];
    }

    private static string Unescape(string c) => c.Replace("\\\"", "\"", StringComparison.Ordinal);

    [Fact]
    public void EveryNumericLimitAgrees()
    {
        var inHeader = NumericDefine().Matches(Header)
            .Where(m => !m.Groups[1].Value.StartsWith("KIND_", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(inHeader.Count >= 18, $"only {inHeader.Count} limits parsed: the regex no longer matches the header");
        Assert.Equal(inHeader.OrderBy(p => p.Key), ProtocolLimits.ByCName.OrderBy(p => p.Key));
        Assert.Equal(ProtocolLimits.ProtocolName, ProtocolName().Match(Header).Groups[1].Value);
    }

    [Fact]
    public void ErrorCodesAgreeInNumberNameAndOrder()
    {
        var rows = ErrorRow().Matches(Section("LB_ERRORS")).Select(m => (
            Id: m.Groups[1].Value, Code: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Name: m.Groups[3].Value)).ToList();
        Assert.Equal(Section("LB_ERRORS").Split('\n').Count(l => l.TrimStart().StartsWith("X(", StringComparison.Ordinal)), rows.Count);
        var csharp = Enum.GetValues<RpcErrorCode>();
        Assert.Equal(rows.Select(r => r.Code), csharp.Select(c => (int)c));
        Assert.Equal(rows.Select(r => r.Name), csharp.Select(RpcErrorCodes.NameOf));
        // PARSE <-> Parse, INVALID_REQUEST <-> InvalidRequest, CLIENT_IO <-> ClientIo
        Assert.Equal(rows.Select(r => r.Id.Replace("_", "", StringComparison.Ordinal)), csharp.Select(c => c.ToString().ToUpperInvariant()));
    }

    [Fact]
    public void MethodsAgreeRowForRow()
    {
        var section = Section("LB_METHODS");
        var rows = MethodRow().Matches(section).ToList();
        Assert.Equal(section.Split('\n').Count(l => l.TrimStart().StartsWith("X(", StringComparison.Ordinal)), rows.Count);
        Assert.Equal(rows.Count, MethodTable.All.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var g = rows[i].Groups;
            var m = MethodTable.All[i];
            Assert.Equal(g[1].Value, m.Id);
            Assert.Equal(g[2].Value, m.Name);
            Assert.Equal(int.Parse(g[3].Value, CultureInfo.InvariantCulture), m.Since);
            Assert.Equal(g[4].Value == "LB_KIND_JOB" ? MethodKind.Job : MethodKind.Call, m.Kind);
            Assert.Equal(g[5].Value, m.ParamsDeclaration);
            Assert.Equal(g[6].Value, m.Result);
            Assert.Equal(Unescape(g[7].Value), m.Summary);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(m.Name) <= ProtocolLimits.MaxMethodBytes);
        }
    }

    [Fact]
    public void ProgressNotificationAgrees()
    {
        var row = Regex.Match(Section("LB_NOTIFICATIONS"), @"X\(PROGRESS, ""([^""]+)"", ""([^""]+)""\)");
        Assert.True(row.Success);
        Assert.Equal(MethodTable.ProgressNotification, row.Groups[1].Value);
        Assert.Equal(MethodTable.ProgressShape, row.Groups[2].Value);
    }

    [Fact]
    public void ParamDeclarationsParse()
    {
        foreach (var m in MethodTable.All)
        {
            var declared = m.ParamsDeclaration.Length == 0 ? 0 : m.ParamsDeclaration.Split(',').Length;
            Assert.Equal(declared, m.Params.Count);
        }
        Assert.Throws<FormatException>(() => ParamSpec.ParseList("a:map?, b:str"));
        Assert.Throws<FormatException>(() => ParamSpec.ParseList("a:string"));
    }

    /// <summary>
    /// The same comparison with the header as the C compiler expands it
    /// (build/plugin-c/client/lb_protocol_dump prints the X-macro tables as JSON).
    /// </summary>
    [Fact]
    public void CompiledHeaderAgreesWithTheMirror()
    {
        var tool = TestEnvironment.RepoFile("build", "plugin-c", "client", "lb_protocol_dump");
        if (!File.Exists(tool))
            throw new InvalidOperationException($"{tool} is missing: build the native half first (bash scripts/build.sh)");
        var (code, stdout, stderr) = TestEnvironment.Run(tool, [], timeoutMs: 30_000);
        Assert.True(code == 0, stderr);
        var c = JsonNode.Parse(stdout)!;
        Assert.Equal(ProtocolLimits.ProtocolName, (string)c["protocol"]!);
        var limits = c["limits"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!);
        Assert.Equal(ProtocolLimits.ByCName.OrderBy(p => p.Key), limits.OrderBy(p => p.Key));
        var errors = c["errors"]!.AsArray();
        Assert.Equal(Enum.GetValues<RpcErrorCode>().Select(e => ((int)e, RpcErrorCodes.NameOf(e))),
            errors.Select(e => ((int)e!["code"]!, (string)e["name"]!)));
        var methods = c["methods"]!.AsArray();
        Assert.Equal(MethodTable.All.Count, methods.Count);
        for (var i = 0; i < methods.Count; i++)
        {
            var m = MethodTable.All[i];
            var row = methods[i]!;
            Assert.Equal((m.Id, m.Name, m.Since, m.Kind.ToString().ToLowerInvariant(), m.ParamsDeclaration, m.Result, m.Summary),
                ((string)row["id"]!, (string)row["name"]!, (int)row["since"]!, (string)row["kind"]!, (string)row["params"]!, (string)row["result"]!, (string)row["summary"]!));
        }
        var progress = c["notifications"]!.AsArray().Single()!;
        Assert.Equal((MethodTable.ProgressNotification, MethodTable.ProgressShape), ((string)progress["name"]!, (string)progress["params"]!));
    }

    /// <summary>
    /// API levels are frozen: every method a level ever promised must still be served with
    /// the same parameters and result. Adding a method means adding it to the fixture (and
    /// bumping LB_API_LEVEL when it is new to clients); changing or removing one fails here.
    /// </summary>
    [Fact]
    public void FrozenApiLevelsAreKept()
    {
        var fixture = JsonNode.Parse(File.ReadAllText(TestEnvironment.RepoFile("tests", "LutBridge.Interop.Tests", "Protocol", "api-levels.json")))!;
        var levels = fixture["levels"]!.AsObject();
        Assert.True(levels.ContainsKey(ProtocolLimits.ApiLevel.ToString(CultureInfo.InvariantCulture)),
            $"api-levels.json has no entry for the current LB_API_LEVEL {ProtocolLimits.ApiLevel}");
        foreach (var (levelText, methods) in levels)
        {
            var level = int.Parse(levelText, CultureInfo.InvariantCulture);
            if (level > ProtocolLimits.ApiLevel) Assert.Fail($"api-levels.json names level {level} beyond LB_API_LEVEL");
            foreach (var frozen in methods!.AsArray())
            {
                var name = (string)frozen!["name"]!;
                var now = MethodTable.Find(name) ?? throw new Xunit.Sdk.XunitException($"{name} (API level {level}) was removed");
                Assert.True(now.Since <= level, $"{name}: since {now.Since} but frozen at level {level}");
                Assert.Equal((string)frozen["params"]!, now.ParamsDeclaration);
                Assert.Equal((string)frozen["result"]!, now.Result);
                Assert.Equal((string)frozen["kind"]!, now.Kind.ToString().ToLowerInvariant());
            }
        }
        var current = levels[ProtocolLimits.ApiLevel.ToString(CultureInfo.InvariantCulture)]!.AsArray().Select(n => (string)n!["name"]!);
        Assert.Equal(MethodTable.AtLevel(ProtocolLimits.ApiLevel).Select(m => m.Name).Order(), current.Order());
        var codes = fixture["errors"]!.AsObject();
        foreach (var (name, code) in codes)
            Assert.Equal((int)code!, (int)RpcErrorCodes.Names.Single(p => p.Value == name).Key);
    }
}
