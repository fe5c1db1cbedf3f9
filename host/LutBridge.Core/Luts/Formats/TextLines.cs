using System.Globalization;

namespace LutBridge.Core.Luts.Formats;

/// <summary>
/// A text LUT file split into lines, with helpers that parse tokens and report problems
/// as <see cref="InputException"/> "path:line: what is wrong".
/// </summary>
internal sealed class TextLines
{
    public string Path { get; }
    public string[] Lines { get; }

    public TextLines(string path, string text)
    {
        Path = path;
        Lines = text.Split('\n');
        for (int i = 0; i < Lines.Length; i++) Lines[i] = Lines[i].TrimEnd('\r');
        // A final newline leaves one empty entry; drop it so "last line" is the real last line.
        if (Lines.Length > 1 && Lines[^1].Length == 0) Lines = Lines[..^1];
    }

    public static TextLines Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read LUT ({e.Message})", e);
        }
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            int line = 1 + bytes.AsSpan(0, nul).Count((byte)'\n');
            throw InputException.At(path, line, "binary data in a text LUT file");
        }
        return new TextLines(path, System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Number of lines (the last line's number).</summary>
    public int Count => Lines.Length;

    public InputException Error(int lineNumber, string message) => InputException.At(Path, lineNumber, message);

    public static string[] Tokens(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A finite float, or an error naming the line.</summary>
    public float Float(string token, int lineNumber, string what = "value")
    {
        if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw Error(lineNumber, $"{what} '{token}' is not a number");
        if (!float.IsFinite(v))
            throw Error(lineNumber, $"{what} '{token}' is not a finite number");
        return v;
    }

    public int Int(string token, int lineNumber, string what, int min, int max)
    {
        if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw Error(lineNumber, $"{what} '{token}' is not an integer");
        if (v < min || v > max)
            throw Error(lineNumber, $"{what} {v} is out of range {min}..{max}");
        return v;
    }

    /// <summary>Exactly <paramref name="count"/> floats from the tokens, else an error.</summary>
    public float[] Floats(string[] tokens, int start, int count, int lineNumber, string what)
    {
        if (tokens.Length - start != count)
            throw Error(lineNumber, $"{what}: expected {count} numbers, found {tokens.Length - start}");
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = Float(tokens[start + i], lineNumber, what);
        return values;
    }
}
