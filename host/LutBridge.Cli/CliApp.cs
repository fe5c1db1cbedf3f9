using System.CommandLine;
using LutBridge.Cli.Commands;
using LutBridge.Core;
using Spectre.Console;

namespace LutBridge.Cli;

/// <summary>Builds the command tree and maps failures to exit codes: 0 ok, 1 internal, 2 bad input or usage.</summary>
internal static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInternal = 1;
    public const int ExitBadInput = 2;

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "LutBridge: turn LUTs, words, reference photos and before/after pairs into compact, " +
            "editable colour Looks for darktable and RawTherapee.");
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args)
    {
        // A missing output folder is created, but never silently.
        Core.IO.AtomicFile.FolderCreated = dir => Console.Error.WriteLine($"lutbridge: note: created folder {dir}");
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"lutbridge: {error.Message}");
            Console.Error.WriteLine("Try 'lutbridge --help' (or 'lutbridge COMMAND --help').");
            return ExitBadInput;
        }
        return parsed.Invoke();
    }

    /// <summary>
    /// Runs a command body with the project's error policy: <see cref="InputException"/> and
    /// I/O errors print one line on stderr and give exit 2; anything else is an internal
    /// error (exit 1) whose stack trace shows only with LUTBRIDGE_DEBUG=1.
    /// </summary>
    /// <summary>
    /// A console for tables on stdout. Piped into a file or another program, it writes plain
    /// text (no colour codes) at least <paramref name="minWidth"/> columns wide instead of
    /// wrapping cells at 80 columns.
    /// </summary>
    public static IAnsiConsole TableConsole(int minWidth = 120)
    {
        bool redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected) console.Profile.Width = Math.Max(console.Profile.Width, minWidth);
        return console;
    }

    public static int Guard(Func<int> body)
    {
        try
        {
            try
            {
                return body();
            }
            catch (AggregateException e) when (e.Flatten().InnerExceptions is [var only])
            {
                // Parallel work wraps the one real failure: report that, not "One or more errors occurred".
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(only).Throw();
                throw;
            }
        }
        catch (OptionException e)
        {
            // Engines name the option by its key; the user typed a flag.
            Console.Error.WriteLine($"lutbridge: {RangeOptions.Flag(e.Key)} {e.Problem}");
            return ExitBadInput;
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"lutbridge: {e.Message}");
            return ExitBadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"lutbridge: {e.Message}");
            return ExitBadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("lutbridge: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"lutbridge: internal error: {e.Message}");
            if (Environment.GetEnvironmentVariable("LUTBRIDGE_DEBUG") == "1")
                Console.Error.WriteLine(e);
            return ExitInternal;
        }
    }
}
