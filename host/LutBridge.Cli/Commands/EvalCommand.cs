using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge eval`: quality and size measurements over a folder, one subcommand per engine.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Measure an engine over every LUT in a folder and compare it with a peer tool.");
        foreach (var sub in SubcommandOfAttribute.For("eval")) command.Subcommands.Add(sub);
        return command;
    }
}
