namespace LutBridge.Engines.Library;

/// <summary>Nearest styles: items ranked by <see cref="StyleDescriptor.Distance"/> to a descriptor.</summary>
public static class LibrarySearch
{
    /// <summary>The <paramref name="k"/> items nearest to <paramref name="descriptor"/>, nearest first (ties by file name).</summary>
    public static IReadOnlyList<(LibraryItem Item, double Distance)> Nearest(IReadOnlyList<LibraryItem> items, ReadOnlySpan<float> descriptor, int k, Func<LibraryItem, bool>? where = null)
    {
        var scored = new List<(LibraryItem, double)>(items.Count);
        foreach (var item in items)
            if (where == null || where(item)) scored.Add((item, StyleDescriptor.Distance(item.Descriptor, descriptor)));
        scored.Sort((x, y) => x.Item2 != y.Item2 ? x.Item2.CompareTo(y.Item2) : string.CompareOrdinal(x.Item1.File, y.Item1.File));
        return scored.Take(Math.Max(0, k)).ToList();
    }
}
