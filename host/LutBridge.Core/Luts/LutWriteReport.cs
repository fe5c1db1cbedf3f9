namespace LutBridge.Core.Luts;

/// <summary>
/// What a write had to change to fit the target format (resampling, clipping, baking a
/// shaper), so callers can tell the user instead of degrading the LUT silently.
/// </summary>
public sealed class LutWriteReport
{
    public List<string> Notes { get; } = [];

    /// <summary>Size of the lattice actually written (null for 1D files).</summary>
    public int? WrittenSize { get; set; }

    public void Add(string note) => Notes.Add(note);
}
