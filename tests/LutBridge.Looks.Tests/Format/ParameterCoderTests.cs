using LutBridge.Looks;

namespace LutBridge.Looks.Tests;

/// <summary>Version 4's range-coded slider steps (docs/look.md): lossless, strict about the stream, smaller than the map.</summary>
public class ParameterCoderTests
{
    [Fact]
    public void StepsComeBackExactlyAndTheStreamIsReadToItsLastByte()
    {
        var rng = new Random(4);
        for (int trial = 0; trial < 200; trial++)
        {
            var steps = new long[LookParameters.Count];
            for (int i = 0; i < steps.Length; i++)
                steps[i] = rng.Next(3) == 0 ? 0 : trial % 10 == 0 ? (rng.Next(2) == 0 ? 1 : -1) * ((1L << 24) - 1 - rng.Next(1000)) : rng.Next(-4000, 4001);
            var stream = ParameterCoder.Encode(steps);
            Assert.Equal(steps, ParameterCoder.Decode(stream, steps.Length));
            Assert.Throws<FormatException>(() => ParameterCoder.Decode([.. stream, 0x00], steps.Length));
            Assert.Throws<FormatException>(() => ParameterCoder.Decode(stream[..^1], steps.Length));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterCoder.Encode([1L << 24]));
    }

    [Fact]
    public void AFittedLookStoresItsSlidersInAboutHalfTheMapsBytes()
    {
        // The MessagePack map version 3 writes: per moved slider an index byte and 1 to 3 value bytes.
        var look = LookCodec.Decode(File.ReadAllBytes(Path.Combine(LookVectorSet.Folder, "fit_kodak_kodachrome_64.look")), "fit");
        var steps = LookParameters.All.Select(p => p.Quantise(p.Clamp(look[p.Index]))).ToArray();
        int map = 3 + steps.Where(s => s != 0).Sum(s => 1 + (s is >= -32 and <= 127 ? 1 : s is >= -128 and <= 255 ? 2 : 3));
        int coded = ParameterCoder.Encode(steps).Length + 2;
        Assert.InRange(coded, map / 4, map * 3 / 5);
    }
}
