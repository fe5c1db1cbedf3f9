using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>'lutbridge library SUB': the style library's subcommands register themselves with [SubcommandOf("library")].</summary>
internal static class LibraryCommand
{
    public static Command Create()
    {
        var command = new Command("library",
            "A style library: a folder of reference photos, LUTs and Looks indexed by colour style " +
            $"(one index file, {Engines.Library.LibraryIndex.FileName}, in the folder; format in docs/library.md).");
        foreach (var sub in SubcommandOfAttribute.For("library"))
            command.Subcommands.Add(sub);
        return command;
    }
}
