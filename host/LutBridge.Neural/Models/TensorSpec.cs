namespace LutBridge.Neural.Models;

/// <summary>
/// One input or output of a model as its file declares it: a name, an element type
/// ("float32", "int64", ...) and a shape where -1 stands for a symbolic dimension
/// (a batch size or a sequence length the model leaves open).
/// </summary>
public sealed record TensorSpec(string Name, string ElementType, IReadOnlyList<long> Shape)
{
    public int Rank => Shape.Count;

    /// <summary>True when dimension <paramref name="axis"/> is <paramref name="size"/> or left open.</summary>
    public bool Allows(int axis, long size) => Shape[axis] < 0 || Shape[axis] == size;

    public override string ToString() =>
        $"{Name} {ElementType}[{string.Join(",", Shape.Select(d => d < 0 ? "?" : d.ToString()))}]";
}
