using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>'lutbridge uninstall EDITOR': the editors register themselves with [SubcommandOf("uninstall")].</summary>
internal static class UninstallCommand
{
    public static Command Create()
    {
        var command = new Command("uninstall", "Remove an editor integration installed by 'lutbridge install'.");
        foreach (var sub in SubcommandOfAttribute.For("uninstall"))
            command.Subcommands.Add(sub);
        return command;
    }
}
