using System.CommandLine;
using System.Runtime.InteropServices;
using LutBridge.Core;
using LutBridge.Server.Hosting;

namespace LutBridge.Cli.Commands;

/// <summary>`lutbridge serve`: the RPC host the editors' plugins talk to (docs/protocol.md).</summary>
internal static class ServeCommand
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static Command Create()
    {
        var socket = new Option<string>("--socket")
        {
            Description = "Unix socket to listen on (default $XDG_RUNTIME_DIR/lutbridge/host.sock, else /tmp/lutbridge-$UID/host.sock)",
        };
        var testMethods = new Option<bool>("--test-methods")
        {
            Description = "also serve test.wait (a cancellable job that only waits), for tests of progress and cancellation; " +
                          "LUTBRIDGE_TEST_METHODS=1 in the environment does the same (for hosts a client starts on demand)",
        };
        var closeIdle = new Option<int>("--close-idle-after")
        {
            Description = $"close a connection that has been idle (no job, no message) for SECONDS, even when the host is not full (default {RpcHost.DefaultCloseIdleSeconds}; 0: never); clients reconnect when they come back",
            DefaultValueFactory = _ => RpcHost.DefaultCloseIdleSeconds,
            HelpName = "SECONDS",
        };
        var idleExit = new Option<int?>("--exit-when-idle")
        {
            Description = "stop after SECONDS with no client connected (a host a client starts on demand gets 300, " +
                          "so it goes away a few minutes after darktable quits); default: run until stopped",
            HelpName = "SECONDS",
        };
        var command = new Command("serve",
            "Run the LutBridge host: msgpack-rpc over a Unix socket (directory 0700, socket 0600, same-uid peers only). " +
            "A --socket in a folder others can enter is refused (the host never changes your folder's mode). Relative paths " +
            "in calls are the client's: they are resolved against the calling process's working folder. When all " +
            "connections are taken, one idle for 10 s gives its place to a new client, else the new client hears \"busy\".\n" +
            "Clients (the darktable plugin, lutbridge-c) start it on demand; it stops on SIGTERM or SIGINT.\n" +
            "Exit 2 when another host already serves the socket.\n" +
            "Example: lutbridge serve --socket /tmp/lb/host.sock & lutbridge-c --socket /tmp/lb/host.sock ping")
        { socket, testMethods, idleExit, closeIdle };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            // Run socket continuations on the epoll thread instead of hopping to the thread pool:
            // halves ping latency (bench rpc). Read once, when the first socket is made, so it
            // must be set before Start(); an explicit setting in the environment wins.
            if (Environment.GetEnvironmentVariable(InlineCompletions) == null)
                Environment.SetEnvironmentVariable(InlineCompletions, "1");
            var idle = pr.GetValue(idleExit) is int given ? IdleExit.SecondsRange.Check(given) : (int?)null;
            var path = pr.GetValue(socket) ?? SocketLocation.DefaultPath();
            var tests = pr.GetValue(testMethods) || Environment.GetEnvironmentVariable("LUTBRIDGE_TEST_METHODS") == "1";
            // LUTBRIDGE_IDLE_EVICT_MS shortens the idle time after which a full host gives a connection's place away (tests).
            var evict = int.TryParse(Environment.GetEnvironmentVariable("LUTBRIDGE_IDLE_EVICT_MS"), out var ms) && ms > 0 ? ms : RpcHost.DefaultIdleEvictMs;
            var close = pr.GetValue(closeIdle);
            if (close is < 0 or > 604800) throw new InputException("--close-idle-after: SECONDS must be 0..604800 (0: never)");
            var host = new RpcHost(path, tests, Console.Error, EditSources.Open)
            {
                IdleEvictAfter = TimeSpan.FromMilliseconds(evict),
                CloseIdleAfter = close == 0 ? null : TimeSpan.FromSeconds(close),
            };
            host.Start();
            EngineWarmUp.Start(Console.Error);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; host.Stop(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; host.Stop(); });
            using var idleExitTimer = idle is int seconds ? new IdleExit(host, TimeSpan.FromSeconds(seconds), Console.Error) : null;
            host.RunAsync().GetAwaiter().GetResult();
            return CliApp.ExitOk;
        }));
        return command;
    }
}
