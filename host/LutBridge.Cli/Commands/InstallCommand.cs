using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>'lutbridge install EDITOR': the editors register themselves with [SubcommandOf("install")].</summary>
internal static class InstallCommand
{
    public static Command Create()
    {
        var command = new Command("install", "Install an editor integration (the darktable panel, ...).");
        foreach (var sub in SubcommandOfAttribute.For("install"))
            command.Subcommands.Add(sub);
        return command;
    }
}
