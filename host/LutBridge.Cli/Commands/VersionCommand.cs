using System.CommandLine;
using System.Reflection;

namespace LutBridge.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the LutBridge version.");
        command.SetAction(_ => CliApp.Guard(() =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            Console.WriteLine($"lutbridge {version}");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
