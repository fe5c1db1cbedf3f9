using System.CommandLine;
using System.Reflection;

namespace LutBridge.Cli.Commands;

/// <summary>
/// Marks a class with a <c>static Command Create()</c> as a subcommand of a top-level
/// command (e.g. "install", "export"), so an editor integration registers itself with
/// one attribute in its own file.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class SubcommandOfAttribute(string parent) : Attribute
{
    public string Parent { get; } = parent;

    /// <summary>The subcommands registered for <paramref name="parent"/>, in name order.</summary>
    public static IEnumerable<Command> For(string parent) =>
        typeof(SubcommandOfAttribute).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<SubcommandOfAttribute>()?.Parent == parent)
            .Select(t => (Command)(t.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{t.Name} has no static Create()")).Invoke(null, null)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal);
}
