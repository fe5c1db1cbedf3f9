namespace LutBridge.Interop.Protocol;

/// <summary>The types a declared argument may have (protocol.h: nil bool int float str bin array map any).</summary>
public enum ParamType { Nil, Bool, Int, Float, Str, Bin, Array, Map, Any }

/// <summary>One positional argument: "name:type", with a trailing '?' when optional.</summary>
public sealed record ParamSpec(string Name, ParamType Type, bool Optional)
{
    public static string TypeName(ParamType type) => type.ToString().ToLowerInvariant();

    /// <summary>Parses a protocol.h params string such as "lut:str, options:map?".</summary>
    public static IReadOnlyList<ParamSpec> ParseList(string declaration)
    {
        var result = new List<ParamSpec>();
        if (string.IsNullOrWhiteSpace(declaration)) return result;
        foreach (var raw in declaration.Split(','))
        {
            var part = raw.Trim();
            var colon = part.IndexOf(':');
            if (colon <= 0) throw new FormatException($"argument '{part}' is not name:type");
            var optional = part.EndsWith('?');
            var typeText = part[(colon + 1)..].TrimEnd('?');
            if (!Enum.TryParse<ParamType>(typeText, ignoreCase: true, out var type) || typeText != typeText.ToLowerInvariant())
                throw new FormatException($"argument '{part}' has unknown type '{typeText}'");
            if (!optional && result.Count > 0 && result[^1].Optional)
                throw new FormatException($"required argument '{part}' follows an optional one");
            result.Add(new ParamSpec(part[..colon], type, optional));
        }
        return result;
    }
}
