using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LutBridge.Interop.Generator;

/// <summary>
/// The little languages of protocol.h's method rows, checked at build time:
/// params "name:type, name:type?" (optional ones only at the end) and result shapes
/// "type" or "{key:type, key?:type}" (nested maps allowed). Types: nil bool int float str bin
/// array map any.
/// </summary>
public static class ShapeSyntax
{
    public static readonly string[] Types = { "nil", "bool", "int", "float", "str", "bin", "array", "map", "any" };

    private static readonly Regex Name = new Regex("^[a-z][a-z0-9_]*$");

    /// <summary>Problems with a params declaration (empty when it is sound).</summary>
    public static List<string> CheckParams(string declaration)
    {
        var problems = new List<string>();
        if (declaration.Trim().Length == 0) return problems;
        bool optionalSeen = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in declaration.Split(','))
        {
            var part = raw.Trim();
            int colon = part.IndexOf(':');
            if (colon <= 0) { problems.Add($"argument '{part}' is not name:type"); continue; }
            var name = part.Substring(0, colon);
            bool optional = part.EndsWith("?", StringComparison.Ordinal);
            var type = part.Substring(colon + 1).TrimEnd('?');
            if (!Name.IsMatch(name)) problems.Add($"argument name '{name}' is not lower_case");
            if (!names.Add(name)) problems.Add($"argument '{name}' appears twice");
            if (!Types.Contains(type)) problems.Add($"argument '{part}' has unknown type '{type}'");
            if (optional) optionalSeen = true;
            else if (optionalSeen) problems.Add($"required argument '{part}' follows an optional one");
        }
        return problems;
    }

    /// <summary>Problems with a result or notification shape (empty when it is sound).</summary>
    public static List<string> CheckShape(string shape)
    {
        var problems = new List<string>();
        int at = 0;
        ParseType(shape, ref at, problems);
        SkipSpaces(shape, ref at);
        if (problems.Count == 0 && at != shape.Length) problems.Add($"unexpected '{shape.Substring(at)}' after the shape");
        return problems;
    }

    private static void ParseType(string s, ref int at, List<string> problems)
    {
        SkipSpaces(s, ref at);
        if (at < s.Length && s[at] == '{')
        {
            at++;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpaces(s, ref at);
                int start = at;
                while (at < s.Length && (char.IsLetterOrDigit(s[at]) || s[at] == '_')) at++;
                var key = s.Substring(start, at - start);
                if (!Name.IsMatch(key)) { problems.Add($"map key '{key}' at {start} is not lower_case"); return; }
                if (!keys.Add(key)) problems.Add($"map key '{key}' appears twice");
                if (at < s.Length && s[at] == '?') at++;
                if (at >= s.Length || s[at] != ':') { problems.Add($"map key '{key}' has no ':type'"); return; }
                at++;
                ParseType(s, ref at, problems);
                if (problems.Count > 0) return;
                SkipSpaces(s, ref at);
                if (at < s.Length && s[at] == ',') { at++; continue; }
                if (at < s.Length && s[at] == '}') { at++; return; }
                problems.Add($"expected ',' or '}}' at {at}");
                return;
            }
        }
        int begin = at;
        while (at < s.Length && char.IsLetter(s[at])) at++;
        var type = s.Substring(begin, at - begin);
        if (!Types.Contains(type)) problems.Add(type.Length == 0 ? $"expected a type at {begin}" : $"unknown type '{type}'");
    }

    private static void SkipSpaces(string s, ref int at)
    {
        while (at < s.Length && s[at] == ' ') at++;
    }
}
