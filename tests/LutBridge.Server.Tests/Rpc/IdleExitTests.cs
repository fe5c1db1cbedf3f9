using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

/// <summary>`serve --exit-when-idle`: what a host started on demand by the darktable panel or
/// lutbridge-c runs with, so it does not outlive its editor (issue 22).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class IdleExitTests
{
    [Fact]
    public void HostStopsOnceNoClientHasBeenConnectedForTheGivenTime()
    {
        var dir = TestEnvironment.NewTempDir("rpc-idle");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // the host listens only in a private folder
        var socket = Path.Combine(dir, "host.sock");
        using var host = new SpawnedHost(socket, testMethods: false, "--exit-when-idle", "2");
        host.WaitListening();
        using (var client = new RpcTestClient(socket))
        {
            // A connected client keeps it running past the idle time, even without calls.
            Thread.Sleep(3500);
            Assert.False(host.HasExited, "the host stopped while a client was connected");
            Assert.Equal("pong", client.Call("ping").Value.AsString());
        }
        var closedAt = Environment.TickCount64;
        Assert.True(host.WaitForExit(15000), "the host kept running with no client");
        var after = (Environment.TickCount64 - closedAt) / 1000.0;
        Assert.InRange(after, 1.5, 15);
        Assert.Equal(0, host.ExitCode);
        Assert.Contains("no client for 2 s: stopping", host.StdErr);
        Assert.False(File.Exists(socket), "a host that stops by itself removes its socket");
    }

    [Fact]
    public void IdleTimeOutOfRangeIsRefusedWithExitTwo()
    {
        var (code, _, stderr) = TestEnvironment.Run(TestEnvironment.RepoFile("lutbridge"),
            ["serve", "--socket", Path.Combine(TestEnvironment.NewTempDir("rpc-idle0"), "h.sock"), "--exit-when-idle", "0"], timeoutMs: 180_000);
        Assert.Equal(2, code);
        Assert.Contains("--exit-when-idle", stderr);
    }
}
