using LutBridge.Engines.Decompose;
using LutBridge.Looks;
using LutBridge.Looks.Tests;

namespace LutBridge.Engines.Tests.Decompose;

/// <summary>What the fitter stores (<see cref="ResidualQuantiser"/>): rounded as asked, and read back exactly by the codec.</summary>
public class ResidualQuantiserTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void TheFittersQuantisedResidualsAlwaysReadBack(int seed)
    {
        // ResidualQuantiser is what the fitter stores: at any step and dead zone, on any offsets
        // (including ones at the edges of 8 bits and far beyond the sRGB range), the stored Look
        // reads back as exactly the lattice the fitter measured.
        var rng = new Random(seed);
        foreach (var (kind, residual) in TestResiduals.Seeded(seed))
        {
            float step = ResidualSearch.Steps(DecomposeOptions.Default)[rng.Next(3)];
            double zone = ResidualSearch.DeadZones[rng.Next(ResidualSearch.DeadZones.Length)];
            var quantised = ResidualQuantiser.Quantise(residual.Size, residual.Kernel, residual.Data, step, zone);
            foreach (var anchored in new[] { false, true })
            {
                var look = Look.Neutral.WithResidual(anchored ? quantised.WithAnchor(Look.Neutral.Values) : quantised);
                var back = LookCodec.RoundTrip(look).Residual!;
                Assert.True(quantised.Data.SequenceEqual(back.Data), $"{kind}: the stored residual differs from the fitter's");
            }
        }
    }

    [Fact]
    public void QuantiserWithoutDeadZoneRoundsEveryNodeAndAWideDeadZoneZeroesSmallDetails()
    {
        const int size = 9;
        const float step = 1f / 128;
        var rng = new Random(3);
        var data = new float[3 * size * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(0.1 * Math.Sin(0.05 * i) + 0.004 * (rng.NextDouble() - 0.5));
        var plain = ResidualQuantiser.Quantise(size, ResidualKernel.CubicBSpline, data, step, ResidualQuantiser.NoDeadZone);
        for (int i = 0; i < data.Length; i++) Assert.InRange(Math.Abs(plain.Data[i] - data[i]), 0, step / 2 + 1e-6);
        var wide = ResidualQuantiser.Quantise(size, ResidualKernel.CubicBSpline, data, step, 4);
        var h = ResidualHierarchy.For(size, 4);
        int Zeros(LookResidual res) => h.ToDetails(res.Data.Select(v => (int)Math.Round(v / step)).ToArray()).Count(d => d == 0);
        Assert.True(Zeros(wide) > Zeros(plain), $"{Zeros(wide)} zero details with dead zone 4, {Zeros(plain)} without");
        // What the quantiser produced, the codec stores exactly.
        var back = LookCodec.RoundTrip(Look.Neutral.WithResidual(wide)).Residual!;
        Assert.Equal(wide.Data, back.Data);
    }
}
