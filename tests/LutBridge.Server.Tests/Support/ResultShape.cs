using LutBridge.Interop.MessagePack;

namespace LutBridge.Server.Tests.Support;

/// <summary>
/// Checks a value against a result shape as protocol.h declares it: "{name:type, other?:type}"
/// (a map with exactly those keys, the '?' ones optional) or a bare type; types are nil bool int
/// float str bin array map any. Returns what is wrong, or null.
/// </summary>
public static class ResultShape
{
    public static string? Mismatch(string shape, MessagePackValue value)
    {
        shape = shape.Trim();
        if (!shape.StartsWith('{')) return TypeMismatch("result", shape, value);
        if (!shape.EndsWith('}')) throw new FormatException($"shape '{shape}' is not {{...}}");
        if (value.Kind != MessagePackValueKind.Map) return $"expected a map, got {value.Kind}";
        var fields = shape[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f =>
            {
                var colon = f.IndexOf(':');
                if (colon <= 0) throw new FormatException($"field '{f}' is not name:type");
                var name = f[..colon];
                bool optional = name.EndsWith('?');
                return (Name: name.TrimEnd('?'), Optional: optional, Type: f[(colon + 1)..]);
            }).ToList();
        var keys = value.AsMap().Select(p => p.Key.AsString()).ToList();
        foreach (var key in keys)
            if (!fields.Any(f => f.Name == key)) return $"key '{key}' is not declared in {shape}";
        foreach (var (name, optional, type) in fields)
        {
            var v = value.TryGet(name);
            if (v == null)
            {
                if (!optional) return $"required key '{name}' is missing";
                continue;
            }
            if (TypeMismatch(name, type, v) is { } why) return why;
        }
        return null;
    }

    private static string? TypeMismatch(string what, string type, MessagePackValue v)
    {
        bool ok = type switch
        {
            "any" => true,
            "nil" => v.IsNil,
            "bool" => v.Kind == MessagePackValueKind.Boolean,
            "int" => v.Kind == MessagePackValueKind.Integer,
            "float" => v.Kind is MessagePackValueKind.Float32 or MessagePackValueKind.Float64,
            "str" => v.Kind == MessagePackValueKind.String,
            "bin" => v.Kind == MessagePackValueKind.Binary,
            "array" => v.Kind == MessagePackValueKind.Array,
            "map" => v.Kind == MessagePackValueKind.Map,
            _ => throw new FormatException($"unknown type '{type}'"),
        };
        return ok ? null : $"'{what}' should be {type}, got {v.Kind}";
    }
}
