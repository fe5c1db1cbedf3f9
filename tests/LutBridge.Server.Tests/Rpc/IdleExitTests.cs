using LutBridge.Server.Hosting;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>`serve --exit-when-idle`: what a host started on demand by the darktable panel or
/// lutbridge-c runs with, so it does not outlive its editor (issue 22).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class IdleExitTests
{
    [Fact]
    public async Task HostStopsOnceNoClientHasBeenConnectedForTheGivenTime()
    {
        // In process, on a fake clock the test advances (its own: the host's frame timers stay on the real one).
        await using var host = new TestHost(testMethods: false);
        var clock = new SignallingClock();
        using var exit = new IdleExit(host.Host, TimeSpan.FromSeconds(2), TextWriter.Synchronized(host.Log), clock);
        await clock.TimerStarted(); // no client yet: the idle time runs from the start

        using (var client = host.Connect())
        {
            await host.OpenConnectionsReach(1);
            // A connected client keeps it running past the idle time, even without calls.
            clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal("pong", client.Call("ping").Value.AsString());
            Assert.DoesNotContain("stopping", host.Log.ToString());
        }
        await host.OpenConnectionsReach(0);
        await clock.TimerStarted(); // the last client went: the idle time starts again now
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.DoesNotContain("stopping", host.Log.ToString());
        using (var probe = host.Connect()) Assert.Equal("pong", probe.Call("ping").Value.AsString());
        await host.OpenConnectionsReach(0);
        await clock.TimerStarted(); // a client came and went: a fresh idle time
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.DoesNotContain("stopping", host.Log.ToString());
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Contains("lutbridge: no client for 2 s: stopping", host.Log.ToString());
        await host.Finished();
        Assert.False(File.Exists(host.SocketPath), "a host that stops by itself removes its socket");
    }

    [Fact]
    public void TheServeCommandStopsByItselfAndExitsZero()
    {
        var dir = TestEnvironment.NewTempDir("rpc-idle");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // the host listens only in a private folder
        var socket = Path.Combine(dir, "host.sock");
        using var host = new SpawnedHost(socket, testMethods: false, "--exit-when-idle", "1");
        host.WaitListening();
        // A real process on the real clock (the timing itself is the test above's): waiting on its exit
        // is the only way to see it stop, so this waits, bounded, for a 1 s idle time to pass.
        Assert.True(host.WaitForExit(30_000), "the host kept running with no client");
        Assert.Equal(0, host.ExitCode);
        Assert.Contains("no client for 1 s: stopping", host.StdErr);
        Assert.False(File.Exists(socket), "a host that stops by itself removes its socket");
    }

    [Fact]
    public void IdleTimeOutOfRangeIsRefusedWithExitTwo()
    {
        var (code, _, stderr) = TestEnvironment.Run(TestEnvironment.RepoFile("lutbridge"),
            ["serve", "--socket", Path.Combine(TestEnvironment.NewTempDir("rpc-idle0"), "h.sock"), "--exit-when-idle", "0"], timeoutMs: 180_000);
        Assert.Equal(2, code);
        Assert.Contains("lutbridge: --exit-when-idle must be in 1..86400, got 0", stderr);
    }
}
