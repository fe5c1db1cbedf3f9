using LutBridge.Core;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LutBridge.Cli.Native;

namespace LutBridge.Cli.Commands;

/// <summary>
/// `lutbridge bench rpc`: ping round trips through liblutbridge_client (the editors' path):
/// latency of one client calling back to back, then throughput of N clients at once.
/// </summary>
internal static class BenchRpcCommand
{
    public static Command Create()
    {
        var socket = new Option<string?>("--socket") { Description = "host socket (default: the standard path; a host is started there on demand when nobody listens)" };
        var clients = new Option<int>("--clients") { Description = "connections calling at once in the throughput phase, one thread each (default 16)", DefaultValueFactory = _ => 16 };
        var calls = new Option<int>("--calls") { Description = "timed pings per phase, all clients together (default 10000)", DefaultValueFactory = _ => 10000 };
        var json = new Option<bool>("--json") { Description = "print only {\"p50_us\":..,\"p99_us\":..,\"calls_per_s\":..,\"loaded_p50_us\":..,\"loaded_p99_us\":..}" };
        var command = new Command("rpc",
            "Round-trip latency and throughput of `ping` against a running host, through the C client library\n" +
            "(build/plugin-c/client/liblutbridge_client.so via P/Invoke). Phase 1: one client, back-to-back calls\n" +
            "(p50/p99 latency). Phase 2: --clients connections at once (calls/s, and their loaded latency).\n" +
            "Each client warms up with 200 uncounted calls.\n" +
            "Example: lutbridge serve --socket /tmp/lb/host.sock & lutbridge bench rpc --socket /tmp/lb/host.sock --clients 16 --calls 10000 --json")
        { socket, clients, calls, json };
        command.SetAction(pr => CliApp.Guard(() =>
        {
            var n = pr.GetValue(clients);
            var total = pr.GetValue(calls);
            if (n is < 1 or > 120) throw new InputException($"--clients must be 1..120, got {n}");
            if (total < n || total > 10_000_000) throw new InputException($"--calls must be {n}..10000000, got {total}");
            var library = ClientLibrary.Load();
            var path = pr.GetValue(socket);
            var single = Measure(library, path, 1, total);
            var loaded = Measure(library, path, n, total);
            var (p50, p99) = (Percentile(single.Latencies, 0.50), Percentile(single.Latencies, 0.99));
            var (lp50, lp99) = (Percentile(loaded.Latencies, 0.50), Percentile(loaded.Latencies, 0.99));
            var callsPerSecond = total / loaded.Seconds;
            if (pr.GetValue(json))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"p50_us\":{p50:F1},\"p99_us\":{p99:F1},\"calls_per_s\":{callsPerSecond:F0},\"loaded_p50_us\":{lp50:F1},\"loaded_p99_us\":{lp99:F1}}}"));
            }
            else
            {
                Console.WriteLine($"rpc ping via {library.Path}, {Environment.ProcessorCount} cores");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  1 client, {total} calls:   p50 {p50,8:F1} µs   p99 {p99,8:F1} µs   {total / single.Seconds,9:F0} calls/s"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n} clients, {total} calls: p50 {lp50,8:F1} µs   p99 {lp99,8:F1} µs   {callsPerSecond,9:F0} calls/s"));
            }
            return CliApp.ExitOk;
        }));
        return command;
    }

    private sealed record Run(double[] Latencies, double Seconds);

    /// <summary>clients threads, each with its own connection, share `total` timed calls.</summary>
    private static Run Measure(ClientLibrary library, string? socket, int clients, int total)
    {
        var ping = ClientLibrary.MethodName("ping");
        var handles = new nint[clients];
        for (var i = 0; i < clients; i++) handles[i] = library.Connect(socket, autostart: true);
        var latencies = new double[total];
        var failures = new string?[clients];
        using var start = new Barrier(clients + 1);
        var threads = Enumerable.Range(0, clients).Select(c => new Thread(() =>
        {
            var share = total / clients + (c < total % clients ? 1 : 0);
            var offset = c * (total / clients) + Math.Min(c, total % clients);
            try
            {
                for (var i = 0; i < 200; i++) Check(library.Call(handles[c], ping, 10000, out var e), e);
                start.SignalAndWait();
                for (var i = 0; i < share; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var rc = library.Call(handles[c], ping, 10000, out var e);
                    latencies[offset + i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                    Check(rc, e);
                }
            }
            catch (InputException ex)
            {
                failures[c] = ex.Message;
                start.RemoveParticipant();
            }
        }) { IsBackground = true }).ToList();
        foreach (var t in threads) t.Start();
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var t in threads) t.Join();
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var h in handles) library.Close(h);
        if (failures.FirstOrDefault(f => f != null) is { } failure) throw new InputException(failure);
        return new Run(latencies, seconds);
    }

    private static void Check(int rc, ClientLibrary.Error e)
    {
        if (rc != 0) throw new InputException($"ping failed: {e.Text()} (code {rc})");
    }

    private static double Percentile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
