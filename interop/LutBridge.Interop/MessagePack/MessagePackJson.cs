using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LutBridge.Interop.MessagePack;

/// <summary>
/// Converts between <see cref="MessagePackValue"/> and System.Text.Json nodes, for the
/// command line (`lutbridge-c call METHOD '&lt;json&gt;'`) and tests.
/// JSON → MessagePack: null→nil, true/false→bool, integer literals→int (int64, else uint64),
/// other numbers→float64, string→str, array→array, object→map with str keys (order kept).
/// MessagePack → JSON is lossy where JSON has no type: bin→base64 string, ext→
/// {"ext": type, "data": base64}, timestamp→ISO 8601 string (or {"seconds","nanoseconds"}
/// outside DateTimeOffset's range); non-str map keys are written as their ToString() text;
/// non-finite floats throw (JSON cannot carry them).
/// </summary>
public static class MessagePackJson
{
    public static MessagePackValue FromJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MessagePackException($"invalid JSON: {e.Message}");
        }
        return FromJsonNode(node);
    }

    public static MessagePackValue FromJsonNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return MessagePackValue.Nil;
            case JsonArray array:
                return MessagePackValue.FromArray(array.Select(FromJsonNode).ToArray());
            case JsonObject obj:
                return MessagePackValue.FromMap(obj.Select(p => KeyValuePair.Create(MessagePackValue.From(p.Key), FromJsonNode(p.Value))).ToArray());
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.True: return MessagePackValue.True;
                    case JsonValueKind.False: return MessagePackValue.False;
                    case JsonValueKind.Null: return MessagePackValue.Nil;
                    case JsonValueKind.String: return MessagePackValue.From(value.GetValue<string>());
                    case JsonValueKind.Number: return FromNumberText(value.ToJsonString());
                }
                break;
        }
        throw new MessagePackException($"unsupported JSON node {node.GetValueKind()}");
    }

    private static MessagePackValue FromNumberText(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long signed)) return signed;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong unsigned)) return unsigned;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static JsonNode? ToJsonNode(MessagePackValue value)
    {
        switch (value.Kind)
        {
            case MessagePackValueKind.Nil: return null;
            case MessagePackValueKind.Boolean: return JsonValue.Create(value.AsBoolean());
            case MessagePackValueKind.Integer:
                return value.IsAboveInt64 ? JsonValue.Create(value.AsUInt64()) : JsonValue.Create(value.AsInt64());
            case MessagePackValueKind.Float32:
            case MessagePackValueKind.Float64:
            {
                double d = value.AsDouble();
                if (!double.IsFinite(d)) throw new MessagePackException($"{value} has no JSON representation");
                return value.Kind == MessagePackValueKind.Float32 ? JsonValue.Create(value.AsSingle()) : JsonValue.Create(d);
            }
            case MessagePackValueKind.String: return JsonValue.Create(value.AsString());
            case MessagePackValueKind.Binary: return JsonValue.Create(Convert.ToBase64String(value.AsBinary().Span));
            case MessagePackValueKind.Extension:
                return new JsonObject
                {
                    ["ext"] = (int)value.ExtensionType,
                    ["data"] = Convert.ToBase64String(value.ExtensionData.Span),
                };
            case MessagePackValueKind.Timestamp:
            {
                var t = value.AsTimestamp();
                if (t.Seconds is >= -62_135_596_800 and <= 253_402_300_799 && t.Nanoseconds % 100 == 0)
                    return JsonValue.Create(t.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                return new JsonObject { ["seconds"] = t.Seconds, ["nanoseconds"] = t.Nanoseconds };
            }
            case MessagePackValueKind.Array:
                return new JsonArray(value.AsArray().Select(ToJsonNode).ToArray());
            default:
            {
                var obj = new JsonObject();
                foreach (var pair in value.AsMap())
                {
                    string key = pair.Key.Kind == MessagePackValueKind.String ? pair.Key.AsString() : pair.Key.ToString();
                    obj[key] = ToJsonNode(pair.Value); // a later duplicate key wins, as in JSON.parse
                }
                return obj;
            }
        }
    }

    public static string ToJson(MessagePackValue value, bool indented = false) =>
        ToJsonNode(value)?.ToJsonString(new JsonSerializerOptions { WriteIndented = indented }) ?? "null";
}
