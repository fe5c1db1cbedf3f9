namespace LutBridge.Core;

/// <summary>
/// Bad input from outside (a file, an argument, a message): the message names the
/// source (file and line where known) and is shown to the user as is. The CLI maps it
/// to exit code 2 and never prints a stack trace for it.
/// </summary>
public class InputException : Exception
{
    public InputException(string message) : base(message) { }
    public InputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An error located in a text file, as "path:line: message".</summary>
    public static InputException At(string path, int line, string message) =>
        new($"{path}:{line}: {message}");
}
