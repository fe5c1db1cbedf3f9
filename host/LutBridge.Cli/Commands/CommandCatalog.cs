using System.CommandLine;

namespace LutBridge.Cli.Commands;

/// <summary>
/// Every top-level command, one line each. Each command lives in its own file with a
/// static Create() that returns its System.CommandLine definition.
/// </summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return ConvertCommand.Create();
        yield return InfoCommand.Create();
        yield return ApplyCommand.Create();
        yield return BenchCommand.Create();
        yield return ServeCommand.Create();
        yield return InstallCommand.Create();
        yield return UninstallCommand.Create();
        yield return ExportCommand.Create();
        yield return CompareCommand.Create();
        yield return EvalCommand.Create();
        yield return EditCommand.Create();
        yield return DecomposeCommand.Create();
        yield return DistilCommand.Create();
        yield return PromptCommand.Create();
        yield return BakeCommand.Create();
        yield return ShowCommand.Create();
        yield return BatchCommand.Create();
        yield return BatchClusterCommands.Status();
        yield return BatchClusterCommands.Task();
        yield return LibraryCommand.Create();
        yield return MatchCommand.Create();
        yield return ModelsCommand.Create();
        yield return StudioCommand.Create();
        yield return RtEditCommand.Create();
    }
}
