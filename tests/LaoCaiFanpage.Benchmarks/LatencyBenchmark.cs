using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>Delivery-to-screen latency with 20 SignalR screens connected, at fixed delivery rates.</summary>
public static class LatencyBenchmark
{
    private const int Screens = 20;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    /// <summary>As in the ingest benchmark: the host compiles for its first ~20 s under load.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    /// <summary>How long the lines of a rate's deliveries may take to reach every screen before the rest count as lost.</summary>
    private static readonly TimeSpan Catchup = TimeSpan.FromMinutes(2);

    public static async Task Run(BenchmarkReport report)
    {
        await using var host = new SiloProcess();
        await host.Start();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        await using var screens = await ScreenLatencyProbe.Connect(host, Screens);

        // Warm-up (JIT, activations, connection pools), not measured.
        await Send(client, 200, screens, [], WarmUp);
        await Task.Delay(3000);

        var rows = new List<string[]>();
        var process = Process.GetProcessById(host.ProcessId);
        foreach (var rate in new[] { 200, 500, 1000 })
        {
            screens.TakeLatencies(forgetAfter: TimeSpan.Zero);
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var acknowledged = new ConcurrentBag<double>();
            var linesBefore = screens.Lines;
            var (sent, accepted) = await Send(client, rate, screens, acknowledged, Duration);
            // Acknowledged means durable in the inbox; above what the cases take, the lines come as the drain catches
            // up, and they count with their whole wait.
            var caughtUp = Stopwatch.StartNew();
            do
            {
                await Task.Delay(500);
            }
            while (screens.Lines - linesBefore < accepted * Screens && caughtUp.Elapsed < Catchup);
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds / Environment.ProcessorCount;
            var sorted = screens.TakeLatencies();
            var (p50, p99) = ScreenLatencyProbe.Describe(sorted);
            var (ack50, ack99) = ScreenLatencyProbe.Describe([.. acknowledged.Order()]);
            rows.Add([
                BenchmarkReport.N(rate),
                $"{BenchmarkReport.N(sent)} / {BenchmarkReport.N(accepted)}",
                p50,
                p99,
                $"{100.0 * sorted.Length / Math.Max(1, accepted * Screens):F1} %",
                $"{100 * cpu:F0} %",
                ack50,
                ack99,
            ]);
        }

        report.Section("Delivery-to-screen latency",
            $"{Screens} SignalR screens connected to the host; after a {WarmUp.TotalSeconds:F0} s warm-up at 200/s, signed single-comment deliveries at a fixed rate for {Duration.TotalSeconds:F0} s; " +
            "latency from sending the delivery to each screen receiving its feed line (pushes are coalesced to at most 4 a second per screen), " +
            $"every line awaited for up to {Catchup.TotalMinutes:F0} min. A 200 means the delivery is durable in the webhook inbox; above what the cases take, " +
            "the inbox absorbs the surplus and the screens show it as the drain catches up. " +
            "Goal: p99 ≤ 500 ms at 500 deliveries/s. Server CPU is the host process's share of all cores.");
        report.Table(["deliveries/s", "sent / accepted", "p50 ms", "p99 ms", "lines received", "host CPU", "200 p50 ms", "200 p99 ms"], rows);
    }

    private static async Task<(long Sent, long Accepted)> Send(HttpClient client, int rate, ScreenLatencyProbe screens, ConcurrentBag<double> acknowledged, TimeSpan duration)
    {
        long sent = 0;
        long accepted = 0;
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (var i = 0; Stopwatch.GetElapsedTime(started) < duration; i++)
        {
            var due = interval * i;
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var id = MetaDeliveries.NewCommentId();
            var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đo độ trễ màn hình")));
            screens.Sent(id);
            Interlocked.Increment(ref sent);
            inFlight.Add(Task.Run(async () =>
            {
                var posted = Stopwatch.GetTimestamp();
                using var response = await client.PostDelivery(body);
                acknowledged.Add(Stopwatch.GetElapsedTime(posted).TotalMilliseconds);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref accepted);
                }
            }));
        }

        await Task.WhenAll(inFlight);
        return (sent, accepted);
    }
}
