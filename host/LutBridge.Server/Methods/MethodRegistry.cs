using LutBridge.Interop.Protocol;
using LutBridge.Server.Rpc;

namespace LutBridge.Server.Methods;

/// <summary>
/// Which handler serves each method of the table. A declared method without a handler
/// answers not_implemented (its engine is not built in); test.wait is served only when the
/// host runs with --test-methods.
/// </summary>
public sealed class MethodRegistry : IMethodDispatcher
{
    public const string TestWait = "test.wait";
    private readonly Dictionary<string, MethodHandler> _handlers = new(StringComparer.Ordinal);

    /// <param name="openEdit">Opens an editor's edit for look.distil_edit (the CLI passes the editors in; null: not served).</param>
    public MethodRegistry(bool testMethods, Func<string, string?, Engines.Distil.EditRender>? openEdit = null)
    {
        TestMethods = testMethods;
        BuiltinMethods.Register(this);
        LutMethods.Register(this);
        LookMethods.Register(this);
        DistilMethods.Register(this, openEdit);
        MatchMethods.Register(this);
        PromptMethods.Register(this);
    }

    public bool TestMethods { get; }

    public void Add(string name, MethodHandler handler)
    {
        if (MethodTable.Find(name) == null)
            throw new InvalidOperationException($"method {name} is not declared in protocol.h");
        _handlers.Add(name, handler);
    }

    /// <summary>Whether the host answers this method at all (else method_not_found).</summary>
    public bool Serves(MethodSpec method) => TestMethods || method.Name != TestWait;

    public MethodHandler Handler(MethodSpec method) =>
        _handlers.GetValueOrDefault(method.Name) ?? ((_, _) => throw new RpcException(RpcErrorCode.NotImplemented,
            $"{method.Name}: this host has no engine for it yet (declared at API level {method.Since})"));

    public IEnumerable<MethodSpec> Served => MethodTable.All.Where(Serves);
}
