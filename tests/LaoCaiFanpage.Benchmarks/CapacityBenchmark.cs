using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Diagnostics.NETCore.Client;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>Resident memory per open case, and recovery after kill -9 with many open clocks.</summary>
public static class CapacityBenchmark
{
    /// <summary>Minutes an idle grain stays in memory in this run (the service's default is 15).</summary>
    private const double IdleMinutes = 1;

    public static async Task Run(BenchmarkReport report, int largest)
    {
        await using var host = new SiloProcess();
        host.Settings["Orleans__IdleMinutes"] = IdleMinutes.ToString(CultureInfo.InvariantCulture);
        await host.Start();
        using var client = await host.CreateSignedInClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        await Ingest(client, 200);
        var liveBaseline = ResidentBytes(host.ProcessId);
        var idleBaseline = await IdleResidentBytes(host);
        var heapBaseline = await HeapBytes(client);
        var rows = new List<string[]>();
        var created = 200;
        // 10,000, 100,000 on the way to a larger run, and the largest asked for.
        foreach (var target in new[] { 10_000, 100_000, largest }.Where(t => t <= largest || t == 10_000).Distinct())
        {
            var watch = Stopwatch.StartNew();
            var count = target - created;
            await Ingest(client, count);
            var rate = count / watch.Elapsed.TotalSeconds;
            created = target;
            var live = ResidentBytes(host.ProcessId);
            var idle = await IdleResidentBytes(host);
            var heap = await HeapBytes(client);
            rows.Add([
                BenchmarkReport.N(target),
                BenchmarkReport.N(WakeUps(host.DatabasePath)),
                BenchmarkReport.N(live / 1048576.0, "N1"),
                BenchmarkReport.N((live - liveBaseline) / (double)(target - 200), "N0"),
                BenchmarkReport.N(idle / 1048576.0, "N1"),
                BenchmarkReport.N((idle - idleBaseline) / (double)(target - 200), "N0"),
                BenchmarkReport.N(heap / 1048576.0, "N1"),
                BenchmarkReport.N((heap - heapBaseline) / (double)(target - 200), "N0"),
                BenchmarkReport.N(rate),
            ]);
        }

        report.Section("Memory per open case",
            "Resident memory (VmRSS) of the host process after creating that many open cases, each with its running intake clock " +
            "and its durable wake-up (a row of case_timer, counted in the database), minus the same after the first 200. " +
            "Live: right after the cases were created, their grains activated. Idle: once the grains have been deactivated " +
            $"(this run sets Orleans:IdleMinutes={IdleMinutes}; the default is 15) and a full garbage collection has been induced " +
            "in the host (an EventPipe session asking for a GC heap collection, as dotnet-gcdump does); the GC heap is the size the runtime " +
            "reports for that collection at /metrics, RSS also counts what the collector keeps committed but empty. Goal: ≤ 2 KB per idle open case.");
        report.Table(["open cases", "wake-ups stored", "live RSS MiB", "live bytes per case", "idle RSS MiB", "idle RSS bytes per case", "idle GC heap MiB", "idle heap bytes per case", "cases created/s"], rows);

        await host.Kill();
        await Recovery(report, 10_000);
    }

    /// <summary>Resident memory once idle grains have been deactivated and a full, compacting collection has run.</summary>
    private static async Task<long> IdleResidentBytes(SiloProcess host)
    {
        // Twice the age, plus the collector's quantum: every grain untouched since then is gone.
        await Task.Delay(TimeSpan.FromMinutes(IdleMinutes * 2.5));
        var client = new DiagnosticsClient(host.ProcessId);
        using (var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, 0x800000 /* GCHeapCollect */)],
            requestRundown: false))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            session.Stop();
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        return ResidentBytes(host.ProcessId);
    }

    /// <summary>The managed heap after the last collection, as the host's own runtime metrics report it (all generations).</summary>
    private static async Task<long> HeapBytes(HttpClient admin)
    {
        var metrics = await admin.GetStringAsync("metrics");

        // .NET's own meter where the runtime has it, else OpenTelemetry's runtime instrumentation (never both added up).
        foreach (var name in new[] { "dotnet_gc_last_collection_heap_size_bytes{", "process_runtime_dotnet_gc_heap_size_bytes{" })
        {
            var total = metrics.Split('\n')
                .Where(line => line.StartsWith(name, StringComparison.Ordinal))
                .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
            if (total > 0)
            {
                return (long)total;
            }
        }

        throw new InvalidOperationException("The host's /metrics has no GC heap size.");
    }

    private static long WakeUps(string databasePath)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM case_timer";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>kill -9 with the cases open, restart ten days later so every intake clock is overdue.</summary>
    private static async Task Recovery(BenchmarkReport report, int created)
    {
        await using var host = new SiloProcess();
        await host.Start();
        using (var client = await host.CreateSignedInClient())
        {
            client.Timeout = TimeSpan.FromMinutes(2);
            await Ingest(client, created);
        }

        await host.Kill();
        host.Settings["Diagnostics__ClockOffsetHours"] = "240";
        var restart = Stopwatch.StartNew();
        await host.Start();
        var ready = restart.Elapsed;
        using var after = await host.CreateSignedInClient();
        var overdue = 0;
        while (restart.Elapsed < TimeSpan.FromMinutes(10))
        {
            var unit = await after.GetStringAsync("api/units/VP");
            overdue = JsonDocument.Parse(unit).RootElement.GetProperty("overdue").GetInt32();
            if (overdue >= created)
            {
                break;
            }

            await Task.Delay(250);
        }

        report.Section("Recovery after kill -9",
            $"The host holding {BenchmarkReport.N(created)} open cases is killed with SIGKILL and started again with its clock ten days later " +
            "(Diagnostics:ClockOffsetHours), so every intake clock passed its deadline while it was down.");
        report.Table(["measure", "seconds"],
        [
            ["start to /health/ready", ready.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)],
            [$"start to every overdue transition fired ({BenchmarkReport.N(overdue)} of {BenchmarkReport.N(created)})", restart.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)],
        ]);
    }

    /// <summary>Creates that many open cases; <paramref name="client"/> is signed in as an administrator (it follows the inbox).</summary>
    private static async Task Ingest(HttpClient client, int count)
    {
        const int Batch = 500;
        for (var done = 0; done < count; done += Batch)
        {
            var size = Math.Min(Batch, count - done);
            var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed([.. Enumerable.Range(0, size).Select(i => MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Phản ánh số " + (done + i)))]));
            using var response = await client.PostDelivery(body);
            response.EnsureSuccessStatusCode();

            // Each delivery applied before the next is sent: the inbox would otherwise hold the whole run's bodies at
            // once, and the GC heap's high-water mark of that burst would count as memory per case.
            await IngestBenchmark.WaitDrained(client, TimeSpan.FromMinutes(5));
        }
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
