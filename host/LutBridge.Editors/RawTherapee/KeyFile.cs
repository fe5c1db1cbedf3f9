using System.Text;
using LutBridge.Core;

namespace LutBridge.Editors.RawTherapee;

/// <summary>
/// A GLib key file as RawTherapee writes its <c>.pp3</c> profiles and its <c>options</c> file:
/// <c>[Group]</c> headers, <c>key=value</c> entries, <c>#</c> comments and blank lines.
/// Edits change only the entry lines they touch; every other line (comments, order, unknown
/// keys, spacing, line endings) is written back byte for byte.
/// </summary>
public sealed class KeyFile
{
    private readonly List<KeyFileLine> _lines;
    private readonly string _newline;
    private readonly bool _endsWithNewline;

    private KeyFile(List<KeyFileLine> lines, string newline, bool endsWithNewline)
    {
        _lines = lines;
        _newline = newline;
        _endsWithNewline = endsWithNewline;
    }

    /// <summary>An empty key file (Unix newlines).</summary>
    public static KeyFile Empty() => new([], "\n", true);

    /// <summary>Reads and parses <paramref name="path"/>; errors name the file and line.</summary>
    public static KeyFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException($"{path}: not a UTF-8 key file ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read ({e.Message})", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses key-file text; <paramref name="source"/> names it in error messages.</summary>
    public static KeyFile Parse(string text, string source)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        string newline = text.Contains("\r\n") ? "\r\n" : "\n";
        bool endsWithNewline = text.Length == 0 || text.EndsWith('\n');
        var raw = text.Split('\n');
        int count = endsWithNewline && text.Length > 0 ? raw.Length - 1 : raw.Length;
        if (text.Length == 0) count = 0;
        var lines = new List<KeyFileLine>(count);
        string? group = null;
        for (int i = 0; i < count; i++)
        {
            var line = raw[i].EndsWith('\r') ? raw[i][..^1] : raw[i];
            var parsed = ParseLine(line, group, source, i + 1);
            if (parsed.Kind == LineKind.Group) group = parsed.Group;
            lines.Add(parsed);
        }
        return new KeyFile(lines, newline, endsWithNewline);
    }

    private static KeyFileLine ParseLine(string line, string? group, string source, int number)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] == '#')
            return new KeyFileLine(line, LineKind.Other, group, null);
        if (trimmed[0] == '[')
        {
            var end = trimmed.IndexOf(']');
            if (end < 2 || trimmed[(end + 1)..].Trim().Length != 0)
                throw InputException.At(source, number, $"malformed group header '{line}'");
            return new KeyFileLine(line, LineKind.Group, trimmed[1..end], null);
        }
        var eq = line.IndexOf('=');
        if (eq <= 0 || line[..eq].Trim().Length == 0)
            throw InputException.At(source, number, $"expected 'key=value', '[Group]' or '# comment', got '{line}'");
        if (group is null)
            throw InputException.At(source, number, $"key '{line[..eq].Trim()}' appears before any [Group]");
        return new KeyFileLine(line, LineKind.Entry, group, line[..eq].Trim());
    }

    /// <summary>The groups in file order (first occurrence).</summary>
    public IReadOnlyList<string> Groups =>
        _lines.Where(l => l.Kind == LineKind.Group).Select(l => l.Group!).Distinct().ToList();

    public bool HasGroup(string group) => _lines.Any(l => l.Kind == LineKind.Group && l.Group == group);

    /// <summary>The unescaped value of <paramref name="key"/> in <paramref name="group"/>, or null. The last entry wins, as in GLib.</summary>
    public string? Get(string group, string key)
    {
        for (int i = _lines.Count - 1; i >= 0; i--)
            if (_lines[i].Kind == LineKind.Entry && _lines[i].Group == group && _lines[i].Key == key)
                return Unescape(ValueText(_lines[i].Text));
        return null;
    }

    /// <summary>
    /// Sets a value: rewrites the existing entry line (the last one, which GLib reads), or adds
    /// the entry after the group's last entry, or adds the group at the end of the file.
    /// </summary>
    public void Set(string group, string key, string value)
    {
        var text = $"{key}={Escape(value)}";
        for (int i = _lines.Count - 1; i >= 0; i--)
        {
            if (_lines[i].Kind == LineKind.Entry && _lines[i].Group == group && _lines[i].Key == key)
            {
                if (Unescape(ValueText(_lines[i].Text)) != value)
                    _lines[i] = _lines[i] with { Text = text };
                return;
            }
        }
        int lastInGroup = -1;
        for (int i = 0; i < _lines.Count; i++)
            if (_lines[i].Group == group && _lines[i].Kind is LineKind.Group or LineKind.Entry)
                lastInGroup = i;
        var entry = new KeyFileLine(text, LineKind.Entry, group, key);
        if (lastInGroup >= 0)
        {
            _lines.Insert(lastInGroup + 1, entry);
            return;
        }
        if (_lines.Count > 0 && _lines[^1].Text.Trim().Length != 0)
            _lines.Add(new KeyFileLine("", LineKind.Other, _lines[^1].Group, null));
        _lines.Add(new KeyFileLine($"[{group}]", LineKind.Group, group, null));
        _lines.Add(entry);
    }

    /// <summary>Removes every entry of <paramref name="key"/> in <paramref name="group"/>; returns whether one was there.</summary>
    public bool Remove(string group, string key) =>
        _lines.RemoveAll(l => l.Kind == LineKind.Entry && l.Group == group && l.Key == key) > 0;

    /// <summary>Removes a whole group (its header, entries and the comments inside it); returns whether it was there.</summary>
    public bool RemoveGroup(string group) => _lines.RemoveAll(l => l.Group == group) > 0;

    /// <summary>The file's text: untouched lines exactly as read.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _lines.Count; i++)
        {
            sb.Append(_lines[i].Text);
            if (i < _lines.Count - 1 || _endsWithNewline) sb.Append(_newline);
        }
        return sb.ToString();
    }

    private static string ValueText(string line) => line[(line.IndexOf('=') + 1)..];

    /// <summary>GLib's value escaping: backslash, newline, tab, CR, and a leading space.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\r': sb.Append(@"\r"); break;
                case ' ' when i == 0: sb.Append(@"\s"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>GLib's value unescaping (leading whitespace after '=' is not part of the value).</summary>
    public static string Unescape(string raw)
    {
        raw = raw.TrimStart(' ', '\t');
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i == raw.Length - 1) { sb.Append(raw[i]); continue; }
            char n = raw[++i];
            sb.Append(n switch { 's' => ' ', 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', _ => n });
        }
        return sb.ToString();
    }

    private enum LineKind { Other, Group, Entry }

    private readonly record struct KeyFileLine(string Text, LineKind Kind, string? Group, string? Key);
}
