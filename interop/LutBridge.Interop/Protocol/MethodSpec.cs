namespace LutBridge.Interop.Protocol;

/// <summary>How a method runs: answered at once, or as a job on the worker pool with progress and cancellation.</summary>
public enum MethodKind { Call = 0, Job = 1 }

/// <summary>One row of LB_METHODS in protocol.h.</summary>
public sealed record MethodSpec(string Id, string Name, int Since, MethodKind Kind, string ParamsDeclaration,
    string Result, string Summary)
{
    public IReadOnlyList<ParamSpec> Params { get; } = ParamSpec.ParseList(ParamsDeclaration);

    public int RequiredCount => Params.Count(p => !p.Optional);
}
