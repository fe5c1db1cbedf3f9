namespace LutBridge.Interop.MessagePack;

/// <summary>What a <see cref="MessagePackValue"/> holds. Floats keep their wire width.</summary>
public enum MessagePackValueKind
{
    Nil,
    Boolean,
    Integer,
    Float32,
    Float64,
    String,
    Binary,
    Array,
    Map,
    Extension,
    Timestamp,
}
