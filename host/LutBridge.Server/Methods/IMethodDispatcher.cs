using LutBridge.Interop.Protocol;

namespace LutBridge.Server.Methods;

/// <summary>
/// What a connection asks of the methods: whether one is served at all, and the handler that
/// answers it. The connection frames, parses and schedules; it knows no method by name.
/// </summary>
public interface IMethodDispatcher
{
    /// <summary>Whether the host answers this method at all (else method_not_found).</summary>
    bool Serves(MethodSpec method);

    /// <summary>The handler of a served method (one that answers not_implemented when it has no engine).</summary>
    MethodHandler Handler(MethodSpec method);
}
