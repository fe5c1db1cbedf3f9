using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>'lutbridge export EDITOR': the editors register themselves with [SubcommandOf("export")].</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Export images through an editor with a Look or LUT applied (batch, headless).");
        foreach (var sub in SubcommandOfAttribute.For("export"))
            command.Subcommands.Add(sub);
        return command;
    }
}
