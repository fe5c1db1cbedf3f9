using System.Diagnostics;
using LutBridge.Core.Apply;
using LutBridge.Core.Luts;
using LutBridge.Engines.Decompose;
using LutBridge.Looks;

namespace LutBridge.Server.Hosting;

/// <summary>
/// Runs the decompose engine once on a small synthetic LUT right after the host starts, so the
/// first real call from an editor does not pay .NET's just-in-time compilation (about 0.4 s of
/// a decompose in a fresh process). Idle hosts are then really warm.
/// </summary>
public static class EngineWarmUp
{
    /// <summary>Starts the warm-up on a background thread (it never delays shutdown); logs one line when done.</summary>
    public static void Start(TextWriter log)
    {
        var thread = new Thread(() => Run(log)) { IsBackground = true, Name = "engine warm-up", Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    private static void Run(TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = Decomposer.Run(new Lut(ApplyBenchmark.FilmLikeLut(9)), DecomposeOptions.Default, null, CancellationToken.None);
            LookBaker.Bake(LookCodec.RoundTrip(result.Look), 9);
            log.WriteLine($"lutbridge serve: engines warmed up in {clock.ElapsedMilliseconds} ms");
        }
        catch (Exception e)
        {
            // A failed warm-up only costs speed; the real call will report any real problem.
            log.WriteLine($"lutbridge serve: engine warm-up failed ({e.Message}); first calls may be slower");
        }
    }
}
