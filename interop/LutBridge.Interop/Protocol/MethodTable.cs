namespace LutBridge.Interop.Protocol;

/// <summary>
/// The methods of the protocol, row for row as LB_METHODS in plugin-c/include/lutbridge/protocol.h
/// (a test parses the header and fails when they differ; another compares with the frozen
/// API-level fixture).
/// </summary>
public static class MethodTable
{
    public static IReadOnlyList<MethodSpec> All { get; } =
    [
        new("PING", "ping", 1, MethodKind.Call, "", "str",
            "liveness check; answers \"pong\""),
        new("VERSION", "version", 1, MethodKind.Call, "", "{protocol:str, api_level:int, api_compatible:int, host_version:str, pid:int, methods:array}",
            "protocol identity, API level and the methods this host serves"),
        new("LUT_INFO", "lut.info", 1, MethodKind.Call, "path:str", "{path:str, format:str, size:int, title?:str, domain_min:array, domain_max:array}",
            "reads a LUT file and describes it"),
        new("LUT_APPLY", "lut.apply", 1, MethodKind.Job, "lut:str, input:str, output:str, options:map?", "{output:str, width:int, height:int, ms:float}",
            "applies a LUT file to an image file, writing a new image (options: interpolation, strength)"),
        new("LUT_CONVERT", "lut.convert", 1, MethodKind.Job, "input:str, output:str, options:map?", "{output:str, format:str, size:int}",
            "converts a LUT between formats chosen by the output extension (options: size)"),
        new("LOOK_DECOMPOSE", "look.decompose", 1, MethodKind.Job, "lut:str, options:map?", "{look:bin, bytes:int, mean_de2000:float, max_de2000:float, summary?:str}",
            "fits a parametric Look to a LUT file; look is the serialised Look"),
        new("LOOK_BAKE", "look.bake", 1, MethodKind.Job, "look:bin, output:str, options:map?", "{output:str, format:str, size:int}",
            "bakes a Look into a LUT file chosen by the output extension (options: size)"),
        new("LOOK_DESCRIBE", "look.describe", 1, MethodKind.Call, "look:bin", "{text:str, operations:array}",
            "explains a Look in words, one entry per operation"),
        new("LOOK_DISTIL", "look.distil", 2, MethodKind.Job, "before:str, after:str, options:map?", "{look:bin, bytes:int, report:map}",
            "learns a Look from a before/after image pair, aligned or not (options: align, margin, title, sliders_only); report as lutbridge distil --json"),
        new("LOOK_MATCH", "look.match", 2, MethodKind.Job, "refs:array, options:map?", "{look:bin, bytes:int, report:map}",
            "reference photo(s) to a Look carrying their grade, not their content (options: input = a photo to adapt to, amount 0..1, library = a style library folder, k, variants); report as lutbridge match --json, with variants (look:bin each) when library is given"),
        new("LOOK_PROMPT", "look.prompt", 2, MethodKind.Job, "text:str, options:map?", "{look:bin, bytes:int, report:map}",
            "words (English, Russian, Chinese) to a Look; report: seconds, phrases with the sliders each set, sliders, warnings (options: input = a photo to adapt to)"),
        new("JOB_CANCEL", "job.cancel", 1, MethodKind.Call, "job:int", "bool",
            "cancels a job of this connection (job = the request msgid); true when it was running or queued"),
        new("TEST_WAIT", "test.wait", 1, MethodKind.Job, "ms:int", "{waited_ms:int}",
            "a job that only waits (<= 60000 ms), reporting progress; for tests of progress and cancellation; method_not_found unless the host runs with --test-methods"),
    ];

    private static readonly Dictionary<string, MethodSpec> ByNameMap = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static MethodSpec? Find(string name) => ByNameMap.GetValueOrDefault(name);

    /// <summary>Methods a client at API level <paramref name="level"/> may rely on.</summary>
    public static IEnumerable<MethodSpec> AtLevel(int level) => All.Where(m => m.Since <= level);

    /// <summary>The one notification the host sends: [2, "progress", {job, fraction, stage}].</summary>
    public const string ProgressNotification = "progress";
    public const string ProgressShape = "{job:int, fraction:float, stage:str}";
}
