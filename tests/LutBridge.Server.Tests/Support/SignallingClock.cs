using Microsoft.Extensions.Time.Testing;

namespace LutBridge.Server.Tests.Support;

/// <summary>
/// A fake clock that also says when the host starts a timer (a frame timeout), so a test can
/// advance time exactly once the host is waiting, instead of sleeping past a real timeout.
/// </summary>
public sealed class SignallingClock : FakeTimeProvider
{
    private readonly SemaphoreSlim _timers = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits until the host has started one more timer (fails the test after 20 s).</summary>
    public async Task TimerStarted()
    {
        if (!await _timers.WaitAsync(TimeSpan.FromSeconds(20)))
            throw new Xunit.Sdk.XunitException("the host started no timer within 20 s");
    }
}
