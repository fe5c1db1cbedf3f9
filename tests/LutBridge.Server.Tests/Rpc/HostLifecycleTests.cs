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

    [Fact]
    public async Task LooseExistingDirectoryIsTightenedTo0700()
    {
        var dir = TestEnvironment.NewTempDir("rpc-dir");
        File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("755", 8));
        await using var host = new TestHost(socketPath: Path.Combine(dir, "host.sock"));
        Assert.Equal((UnixFileMode)Convert.ToInt32("700", 8), File.GetUnixFileMode(dir));
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
        var socket = Path.Combine(dir, "host.sock");
        using var host = new SpawnedHost(socket);
        host.WaitListening();
        using var client = new RpcTestClient(socket);
        var job = client.Send("test.wait", 30000);
        Assert.Equal(2, client.Next()![0].AsInt64()); // running: first progress
        var sent = Environment.TickCount64;
        host.Signal(SpawnedHost.SigTerm);
        Assert.True(host.WaitForExit(10000), "the host did not stop within 10 s of SIGTERM");
        Assert.True(Environment.TickCount64 - sent < 10000);
        Assert.Equal(0, host.ExitCode);
        // The running job answers "cancelled" before the host closes the connection.
        var answer = client.WaitFor(job);
        Assert.Equal((long)RpcErrorCode.Cancelled, answer.ErrorCode);
        Assert.Null(client.Next());
        Assert.False(File.Exists(socket), "the socket must be removed on shutdown");
        Assert.Contains("stopped", host.StdErr);
    }
}
