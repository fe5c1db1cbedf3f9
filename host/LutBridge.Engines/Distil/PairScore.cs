using LutBridge.Core.Color;
using LutBridge.Looks;

namespace LutBridge.Engines.Distil;

/// <summary>How well a Look maps the before colours of matched pixels onto their after colours.</summary>
public readonly record struct PairScore(double PsnrDb, double De2000Mean)
{
    /// <summary>PSNR over the three 0..1 channels (peak 1) and mean CIEDE2000 of the Look's output against the after colours.</summary>
    public static PairScore Of(Look look, PixelPairs pairs)
    {
        var mapped = LookBaker.Evaluate(look, pairs.Before);
        return Of(mapped, pairs.After);
    }

    public static PairScore Of(float[] mapped, float[] after)
    {
        double psnr = Psnr(mapped, after);
        for (int i = 0; i < mapped.Length; i++) mapped[i] = Math.Clamp(mapped[i], 0f, 1f);
        var de = DeltaE.Ciede2000SrgbStats(mapped, after);
        return new PairScore(psnr, de.Mean);
    }

    /// <summary>The PSNR alone (no CIEDE2000: where only it is reported).</summary>
    public static double PsnrOf(Look look, PixelPairs pairs) => Psnr(LookBaker.Evaluate(look, pairs.Before), pairs.After);

    private static double Psnr(float[] mapped, float[] after)
    {
        double se = 0;
        for (int i = 0; i < mapped.Length; i++)
        {
            double d = Math.Clamp(mapped[i], 0f, 1f) - after[i];
            se += d * d;
        }
        return Psnr(se / Math.Max(1, mapped.Length));
    }

    public static double Psnr(double mse) => mse <= 0 ? 99 : Math.Min(99, 10 * Math.Log10(1 / mse));
}
