using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LutBridge.Interop.Generator;

/// <summary>One LB_ERRORS row: X(ID, code, "name", "meaning").</summary>
public sealed class ErrorRow
{
    public ErrorRow(string id, int code, string name, string meaning) { Id = id; Code = code; Name = name; Meaning = meaning; }
    public string Id { get; }
    public int Code { get; }
    public string Name { get; }
    public string Meaning { get; }
}

/// <summary>One LB_METHODS row: X(ID, "name", since, kind, "params", "result", "summary").</summary>
public sealed class MethodRow
{
    public MethodRow(string id, string name, int since, bool job, string parameters, string result, string summary)
    {
        Id = id; Name = name; Since = since; Job = job; Params = parameters; Result = result; Summary = summary;
    }
    public string Id { get; }
    public string Name { get; }
    public int Since { get; }
    public bool Job { get; }
    public string Params { get; }
    public string Result { get; }
    public string Summary { get; }
}

/// <summary>One LB_NOTIFICATIONS row: X(ID, "name", "params").</summary>
public sealed class NotificationRow
{
    public NotificationRow(string id, string name, string parameters) { Id = id; Name = name; Params = parameters; }
    public string Id { get; }
    public string Name { get; }
    public string Params { get; }
}

/// <summary>What protocol.h declares, and every problem found reading it (empty when it is sound).</summary>
public sealed class ProtocolHeader
{
    public string ProtocolName { get; private set; } = "";
    /// <summary>Numeric #defines by C name without the LB_ prefix (LB_KIND_* excluded), in header order.</summary>
    public List<KeyValuePair<string, long>> Limits { get; } = new List<KeyValuePair<string, long>>();
    public List<ErrorRow> Errors { get; } = new List<ErrorRow>();
    public List<MethodRow> Methods { get; } = new List<MethodRow>();
    public List<NotificationRow> Notifications { get; } = new List<NotificationRow>();
    public List<string> Problems { get; } = new List<string>();

    private static readonly Regex NumericDefine = new Regex(@"^#define LB_([A-Z][A-Z0-9_]*) (-?\d+)\s*$", RegexOptions.Multiline);
    private static readonly Regex NameDefine = new Regex(@"^#define LB_PROTOCOL_NAME ""([^""]+)""", RegexOptions.Multiline);

    /// <summary>Reads the header text. Never throws: problems are collected in <see cref="Problems"/>.</summary>
    public static ProtocolHeader Parse(string text)
    {
        var header = new ProtocolHeader();
        text = text.Replace("\r\n", "\n");
        var name = NameDefine.Match(text);
        if (name.Success) header.ProtocolName = name.Groups[1].Value;
        else header.Problems.Add("LB_PROTOCOL_NAME is missing");

        foreach (Match m in NumericDefine.Matches(text))
        {
            if (m.Groups[1].Value.StartsWith("KIND_", StringComparison.Ordinal)) continue;
            header.Limits.Add(new KeyValuePair<string, long>(m.Groups[1].Value, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        foreach (var row in Rows(text, "LB_ERRORS", header.Problems))
        {
            if (!Expect(row, 4, "LB_ERRORS", header.Problems)) continue;
            if (!IsIdentifier(row[0]) || !int.TryParse(row[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int code)
                || !IsString(row[2]) || !IsString(row[3]))
            {
                header.Problems.Add($"LB_ERRORS row {Show(row)} is not X(ID, code, \"name\", \"meaning\")");
                continue;
            }
            header.Errors.Add(new ErrorRow(row[0], code, Unquote(row[2]), Unquote(row[3])));
        }

        foreach (var row in Rows(text, "LB_METHODS", header.Problems))
        {
            if (!Expect(row, 7, "LB_METHODS", header.Problems)) continue;
            if (!IsIdentifier(row[0]) || !IsString(row[1]) || !int.TryParse(row[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int since)
                || row[3] is not ("LB_KIND_CALL" or "LB_KIND_JOB") || !IsString(row[4]) || !IsString(row[5]) || !IsString(row[6]))
            {
                header.Problems.Add($"LB_METHODS row {Show(row)} is not X(ID, \"name\", since, LB_KIND_CALL|LB_KIND_JOB, \"params\", \"result\", \"summary\")");
                continue;
            }
            var method = new MethodRow(row[0], Unquote(row[1]), since, row[3] == "LB_KIND_JOB", Unquote(row[4]), Unquote(row[5]), Unquote(row[6]));
            foreach (var problem in ShapeSyntax.CheckParams(method.Params)) header.Problems.Add($"{method.Name}: params \"{method.Params}\": {problem}");
            foreach (var problem in ShapeSyntax.CheckShape(method.Result)) header.Problems.Add($"{method.Name}: result \"{method.Result}\": {problem}");
            header.Methods.Add(method);
        }

        foreach (var row in Rows(text, "LB_NOTIFICATIONS", header.Problems))
        {
            if (!Expect(row, 3, "LB_NOTIFICATIONS", header.Problems)) continue;
            if (!IsIdentifier(row[0]) || !IsString(row[1]) || !IsString(row[2]))
            {
                header.Problems.Add($"LB_NOTIFICATIONS row {Show(row)} is not X(ID, \"name\", \"params\")");
                continue;
            }
            var n = new NotificationRow(row[0], Unquote(row[1]), Unquote(row[2]));
            foreach (var problem in ShapeSyntax.CheckShape(n.Params)) header.Problems.Add($"notification {n.Name}: params \"{n.Params}\": {problem}");
            header.Notifications.Add(n);
        }

        header.CheckUnique();
        return header;
    }

    private void CheckUnique()
    {
        Duplicates(Errors.Select(e => e.Id), "error ID");
        Duplicates(Errors.Select(e => e.Code.ToString(CultureInfo.InvariantCulture)), "error code");
        Duplicates(Errors.Select(e => e.Name), "error name");
        Duplicates(Methods.Select(m => m.Id), "method ID");
        Duplicates(Methods.Select(m => m.Name), "method name");
        Duplicates(Limits.Select(l => l.Key), "#define");
        foreach (var m in Methods)
        {
            if (Encoding.UTF8.GetByteCount(m.Name) > Limit("MAX_METHOD_BYTES", long.MaxValue))
                Problems.Add($"method name {m.Name} is longer than LB_MAX_METHOD_BYTES");
            if (m.Since < 1 || m.Since > Limit("API_LEVEL", long.MaxValue))
                Problems.Add($"{m.Name}: since level {m.Since} is not in 1..LB_API_LEVEL");
        }
        if (Errors.Count == 0) Problems.Add("LB_ERRORS has no rows");
        if (Methods.Count == 0) Problems.Add("LB_METHODS has no rows");
    }

    private long Limit(string name, long fallback)
    {
        foreach (var l in Limits) if (l.Key == name) return l.Value;
        return fallback;
    }

    private void Duplicates(IEnumerable<string> values, string what)
    {
        foreach (var g in values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
            Problems.Add($"{what} {g.Key} appears {g.Count()} times");
    }

    /// <summary>The X(...) rows of one X-macro list, each split into its arguments.</summary>
    private static IEnumerable<List<string>> Rows(string text, string macro, List<string> problems)
    {
        var start = text.IndexOf($"#define {macro}(X)", StringComparison.Ordinal);
        if (start < 0)
        {
            problems.Add($"{macro}(X) is missing");
            yield break;
        }
        // The macro continues while lines end in a backslash.
        var lines = new List<string>();
        foreach (var line in text.Substring(start).Split('\n'))
        {
            var trimmed = line.TrimEnd();
            lines.Add(trimmed.EndsWith("\\", StringComparison.Ordinal) ? trimmed.Substring(0, trimmed.Length - 1) : trimmed);
            if (!trimmed.EndsWith("\\", StringComparison.Ordinal)) break;
        }
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (!line.StartsWith("X(", StringComparison.Ordinal) || !line.EndsWith(")", StringComparison.Ordinal))
            {
                problems.Add($"{macro}: line '{line}' is not one X(...) row");
                continue;
            }
            var args = SplitArguments(line.Substring(2, line.Length - 3), out string? error);
            if (error != null)
            {
                problems.Add($"{macro}: row '{line}': {error}");
                continue;
            }
            yield return args;
        }
    }

    /// <summary>Splits macro arguments at top-level commas; string literals (with \" escapes) stay whole.</summary>
    public static List<string> SplitArguments(string text, out string? error)
    {
        error = null;
        var args = new List<string>();
        var current = new StringBuilder();
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                current.Append(c);
                if (c == '\\' && i + 1 < text.Length) current.Append(text[++i]);
                else if (c == '"') inString = false;
            }
            else if (c == '"') { inString = true; current.Append(c); }
            else if (c == ',') { args.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        if (inString) error = "a string literal is not closed";
        args.Add(current.ToString().Trim());
        return args;
    }

    private static bool Expect(List<string> row, int count, string macro, List<string> problems)
    {
        if (row.Count == count) return true;
        problems.Add($"{macro} row {Show(row)} has {row.Count} arguments, expected {count}");
        return false;
    }

    private static string Show(List<string> row) => "X(" + string.Join(", ", row) + ")";

    private static bool IsIdentifier(string s) => Regex.IsMatch(s, "^[A-Z][A-Z0-9_]*$");

    private static bool IsString(string s) => s.Length >= 2 && s[0] == '"' && s[s.Length - 1] == '"';

    /// <summary>The value of a C string literal (only \" and \\ escapes are used in protocol.h).</summary>
    private static string Unquote(string s)
    {
        var inner = s.Substring(1, s.Length - 2);
        var sb = new StringBuilder();
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length) sb.Append(inner[++i]);
            else sb.Append(inner[i]);
        }
        return sb.ToString();
    }
}
