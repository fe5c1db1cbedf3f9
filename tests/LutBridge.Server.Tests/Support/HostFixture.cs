using LutBridge.Server.Hosting;
using LutBridge.Testing;

namespace LutBridge.Server.Tests.Support;

/// <summary>An in-process host on a private socket in a fresh temporary directory.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly Task _run;
    public RpcHost Host { get; }
    public string Directory { get; }
    public string SocketPath { get; }
    public StringWriter Log { get; } = new();

    public TestHost(bool testMethods = true, string? socketPath = null, TimeSpan? idleEvictAfter = null, TimeProvider? clock = null,
        TimeSpan? closeIdleAfter = null)
    {
        Directory = TestEnvironment.NewTempDir("rpc");
        SocketPath = socketPath ?? Path.Combine(Directory, "sock", "host.sock");
        Host = new RpcHost(SocketPath, testMethods, TextWriter.Synchronized(Log))
        {
            IdleEvictAfter = idleEvictAfter ?? TimeSpan.FromMilliseconds(RpcHost.DefaultIdleEvictMs),
            CloseIdleAfter = closeIdleAfter ?? TimeSpan.FromSeconds(RpcHost.DefaultCloseIdleSeconds),
            Clock = clock ?? TimeProvider.System,
        };
        Host.Start();
        _run = Task.Run(Host.RunAsync);
    }

    public RpcTestClient Connect() => new(SocketPath);

    /// <summary>Completes when the host serves exactly <paramref name="count"/> connections (it is told of each change); fails after 20 s.</summary>
    public async Task OpenConnectionsReach(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (Host.OpenConnections == count) reached.TrySetResult();
        }
        Host.ConnectionsChanged += Check;
        try
        {
            Check();
            try
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"the host still serves {Host.OpenConnections} connections, not {count}, after 20 s");
            }
        }
        finally
        {
            Host.ConnectionsChanged -= Check;
        }
    }

    /// <summary>Completes when the host has stopped by itself (fails after 20 s).</summary>
    public Task Finished() => _run.WaitAsync(TimeSpan.FromSeconds(20));

    public async Task StopAsync()
    {
        Host.Stop();
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Host.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
