using LutBridge.Looks;

namespace LutBridge.Looks.Tests;

/// <summary>Residuals for tests of the writer and of the fitter's quantiser (Engines.Tests links this file).</summary>
internal static class TestResiduals
{
    /// <summary>A residual whose stored details are exactly <paramref name="details"/> at step <paramref name="step"/>.</summary>
    public static LookResidual FromDetails(int size, ResidualKernel kernel, int[] details, float step)
    {
        var q = ResidualHierarchy.For(size, LookCodec.VersionOf(kernel)).FromDetails(details);
        return new LookResidual(size, q.Select(v => v * step).ToArray(), step, kernel: kernel);
    }

    /// <summary>Random residuals of every kind the writer may meet, seeded.</summary>
    public static IEnumerable<(string Kind, LookResidual Residual)> Seeded(int seed)
    {
        var rng = new Random(seed);
        int[] sizes = [2, 3, 4, 5, 6, 7, 9, 12, 17];
        for (int t = 0; t < 40; t++)
        {
            int size = sizes[rng.Next(sizes.Length)];
            var kernel = rng.Next(2) == 0 ? ResidualKernel.CubicBSpline : ResidualKernel.Trilinear;
            int n = 3 * size * size * size;
            float step = (float)Math.Pow(2, -rng.Next(4, 13));
            string kind = (t % 8) switch
            {
                0 => "noise",
                1 => "huge noise",
                2 => "alternating extremes",
                3 => "near rounding edges",
                4 => "tiny",
                5 => "details at ±127/128",
                6 => "details at ±32767",
                _ => "smooth",
            };
            float[] data = new float[n];
            switch (kind)
            {
                case "noise":
                    for (int i = 0; i < n; i++) data[i] = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-4, 1)));
                    break;
                case "huge noise":
                    for (int i = 0; i < n; i++) data[i] = (float)((rng.NextDouble() * 2 - 1) * 1e6);
                    break;
                case "alternating extremes":
                    // Neighbours at opposite extremes: the cubic midpoint rule overshoots most here.
                    for (int i = 0; i < n; i++)
                    {
                        int node = i / 3, r = node % size, g = node / size % size, b = node / (size * size);
                        data[i] = ((r + g + b) % 2 == 0 ? 1 : -1) * (rng.Next(3) == 0 ? 1e4f : 1f);
                    }
                    break;
                case "near rounding edges":
                    for (int i = 0; i < n; i++) data[i] = (rng.Next(-300, 300) + 0.5f) * step;
                    break;
                case "tiny":
                    for (int i = 0; i < n; i++) data[i] = (float)(rng.NextDouble() * 1e-30);
                    break;
                case "details at ±127/128":
                {
                    // Mostly small, one in twenty at the edges of 8 bits (sparse, so the integers stay within ±16383).
                    var d = Enumerable.Range(0, n).Select(_ => rng.Next(20) == 0 ? rng.Next(2) == 0 ? -128 : 127 : rng.Next(-3, 4)).ToArray();
                    yield return (kind, FromDetails(size, kernel, d, step));
                    continue;
                }
                case "details at ±32767":
                    // Integers at ±16383 at random: details reach ±32766 (version 4 clamps its predictions; version 3 overshoots).
                    for (int i = 0; i < n; i++) data[i] = (rng.Next(2) == 0 ? -16383 : 16383) * step;
                    break;
                default:
                    for (int i = 0; i < n; i++) data[i] = (float)(0.1 * Math.Sin(0.1 * i + seed));
                    break;
            }
            yield return (kind, new LookResidual(size, data, rng.Next(3) == 0 ? null : step, kernel: kernel));
        }
    }
}
