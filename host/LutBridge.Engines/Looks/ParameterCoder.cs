namespace LutBridge.Engines.Looks;

/// <summary>
/// Version 4's slider steps (docs/look.md, "Version 4 parameters"): for every parameter index in
/// order, a "moved" flag (context: the parameter's group and whether the one before moved), then
/// for a moved one its sign (context: group) and |steps| as its bit length minus one in unary
/// (context: group and position) and its bits below the top one (the first adaptive by group, the
/// rest direct), all range-coded (<see cref="RangeEncoder"/>). 87 sliders of which some 50–75
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
        public readonly ushort[] Top = Fill(Groups);

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
            int v = (int)Math.Abs(s), bits = 0;
            while (v >> (bits + 1) != 0) bits++;
            for (int k = 0; k < bits; k++) rc.Bit(ref model.Length[group * MaxLength + k], 1);
            if (bits < MaxLength - 1) rc.Bit(ref model.Length[group * MaxLength + bits], 0);
            if (bits > 0)
            {
                rc.Bit(ref model.Top[group], (v >> (bits - 1)) & 1);
                rc.Direct(v, bits - 1);
            }
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
            int bits = 0;
            while (bits < MaxLength - 1 && rc.Bit(ref model.Length[group * MaxLength + bits]) != 0) bits++;
            int v = 1;
            if (bits > 0)
            {
                v = (2 | rc.Bit(ref model.Top[group])) << (bits - 1);
                v |= rc.Direct(bits - 1);
            }
            steps[i] = negative ? -v : v;
        }
        if (!rc.AtEnd) throw new FormatException("parameter stream has bytes after its last slider");
        return steps;
    }
}
