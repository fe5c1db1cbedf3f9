namespace LutBridge.Core.IO;

/// <summary>Checks an input path before reading it, so the user hears "is a folder" rather than "access denied".</summary>
public static class InputFile
{
    /// <summary>Throws <see cref="InputException"/> naming <paramref name="path"/> unless it is an existing file.</summary>
    /// <param name="what">what the file should be, for the message ("LUT file", "image")</param>
    public static void Require(string path, string what)
    {
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, not {Article(what)} {what}");
        if (!File.Exists(path)) throw new InputException($"{path}: no such {what}");
    }

    private static string Article(string what) => "aeiou".Contains(char.ToLowerInvariant(what[0])) ? "an" : "a";
}
