using LutBridge.Interop.Protocol;
using LutBridge.Server.Hosting;
using LutBridge.Server.Tests.Support;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Rpc;

#pragma warning disable CA1416 // the host and these tests are Unix-only

/// <summary>Socket permissions, one host per socket, stale sockets, and shutdown by signal.</summary>
public class HostLifecycleTests
{
    [Fact]
    public async Task SocketDirectoryIsPrivateAndSocketIsOwnerOnly()
    {
        await using var host = new TestHost();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(host.SocketPath)!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.SocketPath));
    }

    [Theory]
    [InlineData("755")]
    [InlineData("1777")]
    public async Task AnOpenFolderTheUserChoseIsRefusedAndLeftAsItWas(string octal)
    {
        var dir = TestEnvironment.NewTempDir("rpc-dir");
        var mode = (UnixFileMode)Convert.ToInt32(octal, 8);
        File.SetUnixFileMode(dir, mode);
        var e = Assert.Throws<IOException>(() => new RpcHost(Path.Combine(dir, "host.sock"), false, TextWriter.Null).Start());
        Assert.Contains(dir, e.Message);
        Assert.Contains("mkdir -m 700", e.Message);
        Assert.Equal(mode, File.GetUnixFileMode(dir)); // never changed behind the user's back
        Assert.False(File.Exists(Path.Combine(dir, "host.sock")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AFolderTheHostMakesIsPrivateAndOnlyItsOwnFolderIsTightened()
    {
        var dir = TestEnvironment.NewTempDir("rpc-own");
        var fresh = Path.Combine(dir, "made", "host.sock");
        await using (var host = new TestHost(socketPath: fresh))
            Assert.Equal((UnixFileMode)Convert.ToInt32("700", 8), File.GetUnixFileMode(Path.GetDirectoryName(fresh)!));
        // LutBridge's own folder (the default location's) was made by a client or host: it may be tightened.
        var own = Path.Combine(dir, "lutbridge");
        Directory.CreateDirectory(own);
        File.SetUnixFileMode(own, (UnixFileMode)Convert.ToInt32("755", 8));
        SocketLocation.PrepareDirectory(Path.Combine(own, "host.sock"), hostsOwnFolder: true);
        Assert.Equal((UnixFileMode)Convert.ToInt32("700", 8), File.GetUnixFileMode(own));
    }

    [Fact]
    public async Task AFullHostSaysBusyAndAConnectionIdleLongEnoughGivesWay()
    {
        var clock = new SignallingClock();
        await using var host = new TestHost(idleEvictAfter: TimeSpan.FromSeconds(4), clock: clock);
        var clients = Enumerable.Range(0, ProtocolLimits.MaxConnections).Select(_ => host.Connect()).ToList();
        try
        {
            foreach (var c in clients) Assert.Equal("pong", c.Call("ping").Value.AsString()); // all admitted, all active now
            using (var refused = host.Connect())
            {
                var answer = refused.Next();
                Assert.NotNull(answer);
                Assert.Equal((long)RpcErrorCode.Busy, answer!.AsArray()[2]["code"].AsInt64());
                Assert.Null(refused.Next()); // and closed
            }
            clock.Advance(TimeSpan.FromSeconds(4.5)); // every connection idle past the limit
            Assert.Equal("pong", clients[^1].Call("ping").Value.AsString()); // one stays active
            using var late = host.Connect();
            Assert.Equal("pong", late.Call("ping").Value.AsString());
            Assert.Equal(ProtocolLimits.MaxConnections, host.Host.OpenConnections);
            Assert.Equal("pong", clients[^1].Call("ping").Value.AsString()); // the active one was not the one closed
            Assert.Contains("idle", host.Log.ToString());
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    [Fact]
    public async Task AConnectionIdleLongerThanTheLimitIsClosedEvenWhenTheHostIsNotFull()
    {
        await using var host = new TestHost(closeIdleAfter: TimeSpan.FromSeconds(1));
        using var idle = host.Connect();
        using var working = host.Connect();
        Assert.Equal("pong", idle.Call("ping").Value.AsString());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // A job keeps its connection open however long it runs: test.wait outlives the limit twice.
        var job = working.Send("test.wait", 2500);
        idle.ReceiveTimeoutMs = 10_000;
        Assert.Null(idle.Next()); // the host hung up: end of stream, no message
        var closedAfter = clock.Elapsed;
        Assert.InRange(closedAfter.TotalSeconds, 0.9, 8);
        Assert.True(working.WaitFor(job).Value["waited_ms"].AsInt64() >= 2500);
        Assert.Equal("pong", working.Call("ping").Value.AsString());
        Assert.Contains("closed a connection idle for", host.Log.ToString());
        // A client that comes back simply connects again.
        using var again = host.Connect();
        Assert.Equal("pong", again.Call("ping").Value.AsString());
    }

    [Fact]
    public async Task RelativePathsAreTheClientsNotTheHosts()
    {
        await using var host = new TestHost();
        var cli = TestEnvironment.RepoFile("build", "plugin-c", "cli", "lutbridge-c");
        Assert.True(File.Exists(cli), $"{cli} is missing: run scripts/build.sh");
        var work = TestEnvironment.NewTempDir("rpc-cwd");
        File.Copy(TestEnvironment.RepoFile("samples", "luts", "Colour_Correct.cube"), Path.Combine(work, "mine.cube"));
        // The client runs in its own folder, not the host's (the test process's).
        var (code, stdout, err) = TestEnvironment.Run(cli, ["--socket", host.SocketPath, "--no-start", "call", "lut.info", "[\"mine.cube\"]"], workingDirectory: work);
        Assert.True(code == 0, err);
        Assert.Contains(Path.Combine(work, "mine.cube"), stdout);
        (code, _, err) = TestEnvironment.Run(cli, ["--socket", host.SocketPath, "--no-start", "call", "lut.convert", "[\"mine.cube\", \"out/mine.3dl\"]"], workingDirectory: work);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(work, "out", "mine.3dl")), "a relative output did not land in the client's folder");
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "out", "mine.3dl")));
    }

    [Fact]
    public async Task SymlinkedSocketDirectoryIsRefused()
    {
        var dir = TestEnvironment.NewTempDir("rpc-link");
        var link = Path.Combine(dir, "link");
        Directory.CreateSymbolicLink(link, dir);
        var e = Assert.Throws<IOException>(() => new RpcHost(Path.Combine(link, "host.sock"), false, TextWriter.Null).Start());
        Assert.Contains("symbolic link", e.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task SecondHostOnTheSameSocketRefusesAndSaysWhy()
    {
        await using var host = new TestHost();
        var second = new RpcHost(host.SocketPath, false, TextWriter.Null);
        var e = Assert.Throws<HostAlreadyRunningException>(second.Start);
        Assert.Contains("already", e.Message);
        Assert.Contains(host.SocketPath, e.Message);
        using var client = host.Connect(); // the first host is untouched
        Assert.Equal("pong", client.Call("ping").Value.AsString());
    }

    [Fact]
    public async Task SecondServeProcessExitsWithUsageCodeAndMessage()
    {
        await using var host = new TestHost();
        var (code, _, stderr) = TestEnvironment.Run(TestEnvironment.RepoFile("lutbridge"), ["serve", "--socket", host.SocketPath], timeoutMs: 180_000);
        Assert.Equal(2, code);
        Assert.Contains("another LutBridge host is already serving", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public async Task StaleSocketOfAKilledHostIsReplaced()
    {
        var dir = TestEnvironment.NewTempDir("rpc-stale");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // a private folder
        var socket = Path.Combine(dir, "host.sock");
        using (var killed = new SpawnedHost(socket))
        {
            killed.WaitListening();
            killed.Signal(SpawnedHost.SigKill);
            Assert.True(killed.WaitForExit(10000));
        }
        Assert.True(File.Exists(socket), "a SIGKILLed host cannot remove its socket");
        await using var host = new TestHost(socketPath: socket);
        Assert.Contains("replacing stale socket", host.Log.ToString());
        using var client = host.Connect();
        Assert.Equal("pong", client.Call("ping").Value.AsString());
    }

    [Fact]
    public void SigtermCancelsJobsRemovesTheSocketAndExitsZero()
    {
        var dir = TestEnvironment.NewTempDir("rpc-term");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // a private folder
        var socket = Path.Combine(dir, "host.sock");
        using var host = new SpawnedHost(socket);
        host.WaitListening();
        using var client = new RpcTestClient(socket);
        var job = client.Send("test.wait", 30000);
        Assert.Equal(2, client.Next()![0].AsInt64()); // running: first progress
        host.Signal(SpawnedHost.SigTerm);
        Assert.True(host.WaitForExit(10000), "the host did not stop within 10 s of SIGTERM");
        Assert.Equal(0, host.ExitCode);
        // The running job answers "cancelled" before the host closes the connection.
        var answer = client.WaitFor(job);
        Assert.Equal((long)RpcErrorCode.Cancelled, answer.ErrorCode);
        Assert.Null(client.Next());
        Assert.False(File.Exists(socket), "the socket must be removed on shutdown");
        Assert.Contains("stopped", host.StdErr);
    }
}
