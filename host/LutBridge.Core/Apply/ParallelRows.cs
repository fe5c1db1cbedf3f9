namespace LutBridge.Core.Apply;

/// <summary>Work on a band of rows [start, end). A struct, so the driver's generic loop inlines it.</summary>
internal interface IRowBand
{
    void Run(int start, int end);
}

/// <summary>
/// Splits rows into bands and runs them on all cores. The operation is a struct type
/// parameter: one closure per call, no per-row allocation or delegate call.
/// </summary>
internal static class ParallelRows
{
    /// <summary>Bands of at least this many pixels, so tiny images stay on one thread.</summary>
    private const long MinBandPixels = 1 << 15;

    public static void For<T>(int rows, long pixelsPerRow, T band, int maxThreads = 0) where T : struct, IRowBand
    {
        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        long total = rows * pixelsPerRow;
        int bands = (int)Math.Clamp(total / MinBandPixels, 1, Math.Min(rows, threads * 4L));
        if (bands == 1)
        {
            band.Run(0, rows);
            return;
        }
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            int start = (int)((long)rows * i / bands), end = (int)((long)rows * (i + 1) / bands);
            band.Run(start, end);
        });
    }
}
