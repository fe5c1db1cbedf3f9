using System.Text.RegularExpressions;
using System.Xml.Linq;
using LutBridge.Testing;

namespace LutBridge.Architecture.Tests;

/// <summary>
/// The layering of docs/architecture.md as data, and the checks that read the project files
/// and the sources. Each check returns the breaches it finds (empty when the rule holds), so
/// the tests can also show that a breach is found.
/// </summary>
public static partial class LayerRules
{
    /// <summary>Which projects each project may reference. A new project must be added here (the test says so).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedReferences = new Dictionary<string, string[]>
    {
        ["LutBridge.Core"] = [],
        ["LutBridge.Interop"] = [],
        ["LutBridge.Looks"] = ["LutBridge.Core"],
        ["LutBridge.Neural"] = ["LutBridge.Core"],
        ["LutBridge.Engines"] = ["LutBridge.Core", "LutBridge.Looks", "LutBridge.Neural"],
        ["LutBridge.Editors"] = ["LutBridge.Core", "LutBridge.Looks"],
        ["LutBridge.Server"] = ["LutBridge.Core", "LutBridge.Looks", "LutBridge.Engines", "LutBridge.Interop", "LutBridge.Neural"],
        // The studio's web page serves the engines to a browser (it is not an RPC peer) and hands the Look to the
        // editors through their integration (.dtstyle, .pp3 + HaldCLUT, send to darktable/RawTherapee).
        ["LutBridge.Studio"] = ["LutBridge.Core", "LutBridge.Looks", "LutBridge.Engines", "LutBridge.Editors"],
        ["LutBridge.Cli"] = ["LutBridge.Core", "LutBridge.Looks", "LutBridge.Engines", "LutBridge.Interop", "LutBridge.Neural", "LutBridge.Editors", "LutBridge.Server", "LutBridge.Studio"],
    };

    /// <summary>Namespaces (as folders of a project) and the LutBridge namespaces their sources must not name.</summary>
    public static readonly (string Folder, string Namespace, string[] Forbidden)[] NamespaceRules =
    [
        ("host/LutBridge.Core/Color", "LutBridge.Core.Color", ["Luts", "Imaging", "LutFiles", "Apply"]),
        ("host/LutBridge.Core/Luts", "LutBridge.Core.Luts", ["Imaging", "LutFiles", "Apply"]),
        ("host/LutBridge.Core/Imaging", "LutBridge.Core.Imaging", ["LutFiles", "Apply"]),
    ];

    /// <summary>Source folders that are engines, their models or the Look: they neither talk to the console nor read the environment.</summary>
    public static readonly string[] QuietFolders = ["host/LutBridge.Engines", "host/LutBridge.Looks", "host/LutBridge.Neural"];

    /// <summary>The RPC connection code: it knows no method by name.</summary>
    public const string ConnectionFolder = "host/LutBridge.Server/Rpc";

    public static IEnumerable<string> HostProjects() =>
        Directory.EnumerateFiles(TestEnvironment.RepoFile("host"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(TestEnvironment.RepoFile("interop"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !IsBuildOutput(p))
            .Where(p => !p.Contains(".Generator", StringComparison.Ordinal)); // build tooling, referenced as an analyzer only

    /// <summary>Project references of one .csproj (by project name), analyzers excluded.</summary>
    public static IEnumerable<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Where(r => (string?)r.Attribute("OutputItemType") != "Analyzer")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!));

    public static List<string> ReferenceBreaches(string project, IEnumerable<string> references)
    {
        if (!AllowedReferences.TryGetValue(project, out var allowed))
            return [$"{project} is not in the layering table (tests/LutBridge.Architecture.Tests/LayerRules.cs): decide what it may use"];
        return references.Where(r => !allowed.Contains(r)).Select(r => $"{project} references {r}, which it may not").ToList();
    }

    /// <summary>Names of forbidden namespaces in one source text (usings, qualified names), with the line.</summary>
    public static List<string> NamespaceBreaches(string file, string text, string ownNamespace, string[] forbidden)
    {
        var parent = ownNamespace[..ownNamespace.LastIndexOf('.')]; // LutBridge.Core
        var breaches = new List<string>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var code = StripComment(lines[i]);
            foreach (var name in forbidden)
            {
                // LutBridge.Core.Imaging..., Core.Imaging..., or Imaging. relative to the parent namespace
                var pattern = $@"(?<![\w.])(?:(?:LutBridge\.)?{Regex.Escape(parent["LutBridge.".Length..])}\.)?{name}\.";
                if (Regex.IsMatch(code, pattern) || Regex.IsMatch(code, $@"\busing\s+{Regex.Escape(parent)}\.{name}\b"))
                    breaches.Add($"{file}:{i + 1}: {ownNamespace} names {parent}.{name}: {lines[i].Trim()}");
            }
        }
        return breaches;
    }

    /// <summary>Console output or environment reads in one source text.</summary>
    public static List<string> QuietBreaches(string file, string text)
    {
        var breaches = new List<string>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var code = StripComment(lines[i]);
            if (ConsoleOrEnvironment().IsMatch(code))
                breaches.Add($"{file}:{i + 1}: {lines[i].Trim()}");
        }
        return breaches;
    }

    /// <summary>String literals equal to a method name (from protocol.h) in one source text.</summary>
    public static List<string> MethodNameBreaches(string file, string text, IReadOnlyCollection<string> methodNames)
    {
        var breaches = new List<string>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (Match m in StringLiteral().Matches(StripComment(lines[i])))
                if (methodNames.Contains(m.Groups[1].Value))
                    breaches.Add($"{file}:{i + 1}: names the method \"{m.Groups[1].Value}\": {lines[i].Trim()}");
        }
        return breaches;
    }

    /// <summary>
    /// CLI flags (--name) in the string literals of one source text: an engine's message names an
    /// option by its key (LutBridge.Core.OptionException) and the CLI says it as a flag, so the
    /// same engine speaks to RPC clients and the studio too.
    /// </summary>
    public static List<string> FlagBreaches(string file, string text)
    {
        var breaches = new List<string>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (Match m in StringLiteral().Matches(StripComment(lines[i])))
                if (CliFlag().Match(m.Groups[1].Value) is { Success: true } flag)
                    breaches.Add($"{file}:{i + 1}: names the CLI flag {flag.Value}: {lines[i].Trim()}");
        }
        return breaches;
    }

    /// <summary>The method names of LB_METHODS in protocol.h.</summary>
    public static IReadOnlyCollection<string> MethodNames() =>
        MethodRow().Matches(File.ReadAllText(TestEnvironment.RepoFile("plugin-c", "include", "lutbridge", "protocol.h")))
            .Select(m => m.Groups[1].Value).ToHashSet();

    public static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(TestEnvironment.RepoFile(folder.Split('/')), "*.cs", SearchOption.AllDirectories).Where(p => !IsBuildOutput(p));

    public static string Relative(string path) => Path.GetRelativePath(TestEnvironment.RepoRoot, path).Replace('\\', '/');

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static string StripComment(string line)
    {
        var at = line.IndexOf("//", StringComparison.Ordinal);
        return at >= 0 && !line[..at].Contains('"') ? line[..at] : line;
    }

    [GeneratedRegex(@"\bConsole\s*\.|\bEnvironment\s*\.\s*(GetEnvironmentVariable|GetEnvironmentVariables|SetEnvironmentVariable|ExpandEnvironmentVariables)\b")]
    private static partial Regex ConsoleOrEnvironment();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex CliFlag();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^\s*X\(\w+, ""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex MethodRow();
}
