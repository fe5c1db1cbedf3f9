namespace LutBridge.Looks;

/// <summary>
/// The residual details of a version 4 file (docs/look.md, "Version 4 details"): channel-planar
/// details in coding order, range-coded (<see cref="RangeEncoder"/>) bit by bit with adaptive
/// probabilities chosen by context. Two leading direct bits say whether green and blue are coded
/// as differences from the channel before (black-and-white LUTs make them equal); the writer
/// tries all four and keeps the shortest. Per detail d (or difference): a zero flag (context: the
/// node's level, |previous coded value| and |value before that| in red or |other channel's detail|
/// at the node in green and blue, each capped at 2), then a sign (context: level and the sign of
/// the previous value in red or of the other channel's detail), then |d| by
/// <see cref="RangeEncoder.Magnitude"/> (length contexts: level, |previous value| and bit position,
/// positions from the 14th on sharing one; top-bit contexts: length and whether the level is the base).
/// </summary>
public static class DetailCoder
{
    private const int MaxLevels = 8;
    private const int LengthBins = 14;
    private const int MaxLength = 15;

    /// <summary>Context state, one set shared by the three channels.</summary>
    private sealed class Model
    {
        public readonly ushort[] Zero = Fill(MaxLevels * 3 * 3);
        public readonly ushort[] Sign = Fill(MaxLevels * 3);
        public readonly ushort[] Length = Fill(MaxLevels * 3 * LengthBins);
        public readonly ushort[] Top = Fill(2 * (MaxLength + 1));

        private static ushort[] Fill(int n) => Enumerable.Repeat(RangeEncoder.Half, n).ToArray();
    }

    /// <summary>Codes channel-planar <paramref name="details"/> (each within <see cref="LookCodec.DetailLimit"/>(16)) in the order of <paramref name="hierarchy"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<int> details, ResidualHierarchy hierarchy)
    {
        if (!LookCodec.DetailsFit(details, 16))
            throw new ArgumentOutOfRangeException(nameof(details), $"residual details must be within ±{LookCodec.DetailLimit(16)}");
        byte[]? best = null;
        for (int modes = 0; modes < 4; modes++)
        {
            var bytes = Encode(details, hierarchy, modes);
            if (best == null || bytes.Length < best.Length) best = bytes;
        }
        return best!;
    }

    private static byte[] Encode(ReadOnlySpan<int> details, ResidualHierarchy hierarchy, int modes)
    {
        int nodes = hierarchy.Order.Length;
        var rc = new RangeEncoder();
        var model = new Model();
        rc.Direct(modes, 2);
        for (int c = 0; c < 3; c++)
        {
            bool difference = c > 0 && ((modes >> (c - 1)) & 1) != 0;
            int previous = 0, beforePrevious = 0;
            for (int k = 0; k < nodes; k++)
            {
                int other = c > 0 ? details[(c - 1) * nodes + k] : 0;
                int d = details[c * nodes + k] - (difference ? other : 0);
                var (zero, sign, length, top) = Contexts(c, hierarchy.Levels[k], previous, beforePrevious, other);
                rc.Bit(ref model.Zero[zero], d != 0 ? 1 : 0);
                if (d != 0)
                {
                    rc.Bit(ref model.Sign[sign], d < 0 ? 1 : 0);
                    rc.Magnitude(Math.Abs(d), model.Length.AsSpan(length, LengthBins), MaxLength, model.Top.AsSpan(top, MaxLength + 1));
                }
                beforePrevious = previous;
                previous = d;
            }
        }
        return rc.Finish();
    }

    /// <summary>
    /// Decodes <paramref name="count"/> = 3 × nodes details; each must fit <paramref name="limit"/>
    /// in magnitude and the stream must be read to its last byte (FormatException otherwise).
    /// </summary>
    public static int[] Decode(ReadOnlySpan<byte> stream, ResidualHierarchy hierarchy, int limit)
    {
        int nodes = hierarchy.Order.Length;
        var details = new int[3 * nodes];
        var rc = new RangeDecoder(stream);
        var model = new Model();
        int modes = rc.Direct(2);
        for (int c = 0; c < 3; c++)
        {
            bool difference = c > 0 && ((modes >> (c - 1)) & 1) != 0;
            int previous = 0, beforePrevious = 0;
            for (int k = 0; k < nodes; k++)
            {
                int other = c > 0 ? details[(c - 1) * nodes + k] : 0;
                var (zero, sign, length, top) = Contexts(c, hierarchy.Levels[k], previous, beforePrevious, other);
                int d = 0;
                if (rc.Bit(ref model.Zero[zero]) != 0)
                {
                    bool negative = rc.Bit(ref model.Sign[sign]) != 0;
                    int v = rc.Magnitude(model.Length.AsSpan(length, LengthBins), MaxLength, model.Top.AsSpan(top, MaxLength + 1));
                    d = negative ? -v : v;
                }
                int value = d + (difference ? other : 0);
                if (Math.Abs(value) > limit) throw new FormatException($"residual detail {value} does not fit the file's ±{limit}");
                details[c * nodes + k] = value;
                beforePrevious = previous;
                previous = d;
            }
        }
        if (!rc.AtEnd) throw new FormatException("residual stream has bytes after its last detail");
        return details;
    }

    private static (int Zero, int Sign, int Length, int Top) Contexts(int channel, int level, int previous, int beforePrevious, int other)
    {
        level = Math.Min(level, MaxLevels - 1);
        int near = Math.Min(Math.Abs(previous), 2);
        int second = channel == 0 ? Math.Min(Math.Abs(beforePrevious), 2) : Math.Min(Math.Abs(other), 2);
        int signOf = (channel == 0 ? Math.Sign(previous) : Math.Sign(other)) + 1;
        return (
            (level * 3 + near) * 3 + second,
            level * 3 + signOf,
            (level * 3 + near) * LengthBins,
            (level == 0 ? 0 : 1) * (MaxLength + 1));
    }
}
