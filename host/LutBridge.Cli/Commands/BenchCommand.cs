using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge bench`: throughput benchmarks, one subcommand each (add a line below to register one).</summary>
internal static class BenchCommand
{
    private static readonly Func<Command>[] Subcommands =
    [
        BenchApplyCommand.Create,
        BenchRpcCommand.Create,
        BenchMatchCommand.Create,
        BenchPromptCommand.Create,
        BenchModelsCommand.Create,
        BenchRefineCommand.Create,
        BenchDecomposeCommand.Create,
        BenchDistilCommand.Create,
    ];

    public static Command Create()
    {
        var command = new Command("bench", "Measure throughput (numbers only; nothing is asserted).");
        foreach (var create in Subcommands) command.Subcommands.Add(create());
        return command;
    }
}
