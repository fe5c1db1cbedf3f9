namespace LutBridge.Interop.MessagePack;

/// <summary>The MessagePack type family of the next value, as seen from its first byte.</summary>
public enum MessagePackType
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}
