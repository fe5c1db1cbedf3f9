namespace LutBridge.Looks;

/// <summary>
/// Version 4's slider steps (docs/look.md, "Version 4 parameters"): for every parameter index in
/// order, a "moved" flag (context: the parameter's group and whether the one before moved), then
/// for a moved one its sign (context: group) and |steps| by <see cref="RangeEncoder.Magnitude"/>
/// (contexts: group with bit position, and group with length), all range-coded (<see cref="RangeEncoder"/>). 87 sliders of which some 50–75
/// move take about 90 bytes this way against about 200 as a MessagePack map.
/// </summary>
public static class ParameterCoder
{
    /// <summary>First index of each context group after the first: light 0–11, colour 12–22, hue bands 23–46, strength 47, RGB curves 48–62, mixer 63–71, input curves 72–.</summary>
    private static readonly int[] GroupStarts = [12, 23, 47, 48, 63, 72];
    private const int Groups = 7;
    private const int MaxLength = 24;

    private static int GroupOf(int index)
    {
        int g = 0;
        while (g < GroupStarts.Length && index >= GroupStarts[g]) g++;
        return g;
    }

    private sealed class Model
    {
        public readonly ushort[] Moved = Fill(Groups * 2);
        public readonly ushort[] Sign = Fill(Groups);
        public readonly ushort[] Length = Fill(Groups * MaxLength);
        public readonly ushort[] Top = Fill(Groups * MaxLength);

        private static ushort[] Fill(int n) => Enumerable.Repeat(RangeEncoder.Half, n).ToArray();
    }

    /// <summary>Codes steps[0..count) (each |steps| &lt; 2^24).</summary>
    public static byte[] Encode(ReadOnlySpan<long> steps)
    {
        var rc = new RangeEncoder();
        var model = new Model();
        int before = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            int group = GroupOf(i);
            long s = steps[i];
            rc.Bit(ref model.Moved[group * 2 + before], s != 0 ? 1 : 0);
            before = s != 0 ? 1 : 0;
            if (s == 0) continue;
            if (Math.Abs(s) >= 1L << MaxLength) throw new ArgumentOutOfRangeException(nameof(steps), s, "slider steps must be below 2^24");
            rc.Bit(ref model.Sign[group], s < 0 ? 1 : 0);
            rc.Magnitude((int)Math.Abs(s), model.Length.AsSpan(group * MaxLength, MaxLength), MaxLength - 1, model.Top.AsSpan(group * MaxLength, MaxLength));
        }
        return rc.Finish();
    }

    /// <summary>Decodes <paramref name="count"/> steps; the stream must be read to its last byte (FormatException otherwise).</summary>
    public static long[] Decode(ReadOnlySpan<byte> stream, int count)
    {
        var steps = new long[count];
        var rc = new RangeDecoder(stream);
        var model = new Model();
        int before = 0;
        for (int i = 0; i < count; i++)
        {
            int group = GroupOf(i);
            before = rc.Bit(ref model.Moved[group * 2 + before]);
            if (before == 0) continue;
            bool negative = rc.Bit(ref model.Sign[group]) != 0;
            int v = rc.Magnitude(model.Length.AsSpan(group * MaxLength, MaxLength), MaxLength - 1, model.Top.AsSpan(group * MaxLength, MaxLength));
            steps[i] = negative ? -v : v;
        }
        if (!rc.AtEnd) throw new FormatException("parameter stream has bytes after its last slider");
        return steps;
    }
}
