using System.Numerics;
using LutBridge.Core.Luts;

namespace LutBridge.Core.Tests.Luts;

internal static class LutAssert
{
    public static void Near(Vector3 expected, Vector3 actual, double tolerance, string context = "")
    {
        float d = Math.Max(Math.Abs(expected.X - actual.X), Math.Max(Math.Abs(expected.Y - actual.Y), Math.Abs(expected.Z - actual.Z)));
        Assert.True(d <= tolerance, $"{context} expected {expected}, got {actual} (max diff {d})");
    }

    /// <summary>Deterministic sample points inside [min, max]³.</summary>
    public static IEnumerable<Vector3> Points(int count, float min = 0f, float max = 1f, int seed = 1)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return new Vector3(min + rng.NextSingle() * (max - min), min + rng.NextSingle() * (max - min), min + rng.NextSingle() * (max - min));
    }

    public static string Fixture(params string[] parts) => LutBridge.Testing.TestEnvironment.SharedFile(["luts", "formats", .. parts]);

    public static IEnumerable<Vector3> Nodes(Lattice3D lattice)
    {
        int n = lattice.Size;
        for (int b = 0; b < n; b++)
            for (int g = 0; g < n; g++)
                for (int r = 0; r < n; r++)
                {
                    int i = lattice.Index(r, g, b);
                    yield return new Vector3(lattice.Data[i], lattice.Data[i + 1], lattice.Data[i + 2]);
                }
    }
}
