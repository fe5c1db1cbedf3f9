namespace LutBridge.Interop.Protocol;

/// <summary>
/// The methods of the protocol. <see cref="All"/>, the notification names and shapes are
/// generated at build time from LB_METHODS and LB_NOTIFICATIONS in
/// plugin-c/include/lutbridge/protocol.h (LutBridge.Interop.Generator); a test compares them
/// with the header again and with the frozen API-level fixture.
/// </summary>
public static partial class MethodTable
{
    public static MethodSpec? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Methods a client at API level <paramref name="level"/> may rely on.</summary>
    public static IEnumerable<MethodSpec> AtLevel(int level) => All.Where(m => m.Since <= level);
}
