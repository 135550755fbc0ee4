using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LaoCaiFanpage.Tests.Shared;
using Npgsql;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// The production profile's pace: three silo processes on one PostgreSQL server that flushes every commit
/// (fsync and synchronous_commit on), signed deliveries sent round robin as a load balancer would, against raw
/// single-row commits to the same server in the same run; then the same with one silo killed with SIGKILL in the
/// middle, every acknowledged delivery checked to be a case.
/// </summary>
public static class ClusterBenchmark
{
    private const int Silos = 3;
    private const int Senders = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(3);

    public static async Task Run(BenchmarkReport report)
    {
        await using var server = await DurablePostgres.Start();
        var (single, _) = await Cluster(server, silos: 1, killOne: false);
        var raw = await RawCommits(await server.CreateDatabase("raw_bench"), TimeSpan.FromSeconds(5));
        var (steady, failover) = await Cluster(server, Silos, killOne: true);

        report.Section("The cluster on PostgreSQL",
            $"{Silos} silo processes on one PostgreSQL {server.Version} server on this machine (the throwaway cluster started durable: " +
            "fsync, synchronous_commit and full_page_writes on), with mutual TLS between silos; for comparison, one silo alone on the same server. " +
            $"{Senders} concurrent senders post signed single-comment deliveries (each a new case) round robin over the silos for " +
            $"{Duration.TotalSeconds:F0} s, after {WarmUp.TotalSeconds:F0} s of the same traffic; a delivery a silo does not acknowledge goes to the next one, " +
            "as Meta retries. Acknowledged: answered 200, durable in the webhook inbox. Applied: the deliveries' cases in the catalogue, " +
            "counted from the first send until no inbox row is pending. Baseline measured in the same run: raw single-row commits (one INSERT per transaction) " +
            $"from {Senders} connections to the same server. In the last run silo #0 is killed with SIGKILL {KillAfter.TotalSeconds:F0} s in; " +
            "its pending deliveries are adopted by the survivors once the cluster has declared it dead. Every run checks that each acknowledged delivery is a case.");
        report.Table(["run", "deliveries acknowledged/s", "cases applied/s", "acknowledged / raw", "applied / raw", "refused, retried elsewhere", "acknowledged, all cases", "until every case applied"],
        [
            Row("1 silo", single, raw),
            Row($"{Silos} silos", steady, raw),
            Row($"{Silos} silos, #0 killed at {KillAfter.TotalSeconds:F0} s", failover!, raw),
            ["raw single-row commits", BenchmarkReport.N(raw), string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty],
        ]);
    }

    /// <summary>A cluster of <paramref name="silos"/> on a database of its own: the steady run, then (when asked) the run with silo #0 killed.</summary>
    private static async Task<(Measured Steady, Measured? Failover)> Cluster(DurablePostgres server, int silos, bool killOne)
    {
        var connectionString = await server.CreateDatabase($"cluster_bench_{silos}");
        var settings = new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Orleans__ClusterId"] = "lcf-bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        };
        var hosts = Enumerable.Range(0, silos).Select(_ => new SiloProcess(settings: settings)).ToArray();
        try
        {
            // The first silo creates the schema and the administrator; the others join the cluster it formed.
            await hosts[0].Start();
            await Task.WhenAll(hosts.Skip(1).Select(s => s.Start()));
            await using var database = NpgsqlDataSource.Create(connectionString);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            await Drive(http, hosts, WarmUp, kill: null);
            await WaitApplied(database, TimeSpan.FromMinutes(10));
            var steady = await Measure(http, hosts, database, kill: null);
            var failover = killOne ? await Measure(http, hosts, database, kill: hosts[0]) : null;
            return (steady, failover);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static string[] Row(string name, Measured run, double raw) =>
    [
        name, BenchmarkReport.N(run.Acknowledged / run.Sending.TotalSeconds), BenchmarkReport.N(run.Applied / run.UntilApplied.TotalSeconds),
        $"{run.Acknowledged / run.Sending.TotalSeconds / raw:F2}", $"{run.Applied / run.UntilApplied.TotalSeconds / raw:F2}",
        BenchmarkReport.N(run.Refused), $"{BenchmarkReport.N(run.Acknowledged)}, {(run.Applied == run.Acknowledged ? "all" : BenchmarkReport.N(run.Applied))} cases",
        $"{run.UntilApplied.TotalSeconds:F1} s",
    ];

    private sealed record Measured(long Acknowledged, long Applied, long Refused, TimeSpan Sending, TimeSpan UntilApplied);

    private static async Task<Measured> Measure(HttpClient http, SiloProcess[] silos, NpgsqlDataSource database, SiloProcess? kill)
    {
        var casesBefore = await Count(database, "SELECT COUNT(*) FROM case_index");
        var watch = Stopwatch.StartNew();
        var (acknowledged, refused) = await Drive(http, silos, Duration, kill);
        var sending = watch.Elapsed;
        await WaitApplied(database, TimeSpan.FromMinutes(10));
        var untilApplied = watch.Elapsed;
        var applied = await Count(database, "SELECT COUNT(*) FROM case_index") - casesBefore;
        if (applied != acknowledged.Count)
        {
            throw new InvalidOperationException($"{acknowledged.Count} deliveries were acknowledged but {applied} cases were applied.");
        }

        return new Measured(acknowledged.Count, applied, refused, sending, untilApplied);
    }

    /// <summary>Sends for <paramref name="duration"/>; kills <paramref name="kill"/> after <see cref="KillAfter"/>. Returns the acknowledged comments and the refusals.</summary>
    private static async Task<(ConcurrentDictionary<string, byte> Acknowledged, long Refused)> Drive(HttpClient http, SiloProcess[] silos, TimeSpan duration, SiloProcess? kill)
    {
        var acknowledged = new ConcurrentDictionary<string, byte>();
        long refused = 0;
        var next = 0;
        var watch = Stopwatch.StartNew();
        var killer = kill is null ? Task.CompletedTask : Task.Delay(KillAfter).ContinueWith(_ => kill.Kill(), TaskScheduler.Default).Unwrap();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                var id = MetaDeliveries.NewCommentId();
                var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Phản ánh về tình trạng đường giao thông liên xã bị sạt lở sau mưa lớn.")));
                for (var silo = Interlocked.Increment(ref next); ; silo++)
                {
                    try
                    {
                        using var response = await http.PostDelivery(body, MetaDeliveries.SignIt, new Uri(silos[silo % silos.Length].BaseAddress, "webhooks/facebook").ToString());
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[id] = 0;
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
                    {
                    }

                    Interlocked.Increment(ref refused);
                    await Task.Delay(50);
                }
            }
        })));
        await killer;
        return (acknowledged, refused);
    }

    /// <summary>Until no inbox row of any silo, alive or dead, is pending.</summary>
    private static async Task WaitApplied(NpgsqlDataSource database, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await Count(database, "SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL") > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The cluster's webhook inbox did not empty in time.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<long> Count(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Single-row commits per second from <see cref="Senders"/> connections at once.</summary>
    private static async Task<double> RawCommits(string connectionString, TimeSpan duration)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var create = database.CreateCommand("CREATE TABLE IF NOT EXISTS raw_baseline (id bigserial PRIMARY KEY, payload bytea)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var payload = new byte[1500];
        Random.Shared.NextBytes(payload);
        long count = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO raw_baseline (payload) VALUES (@p)", connection);
            insert.Parameters.AddWithValue("p", payload);
            while (watch.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync();
                Interlocked.Increment(ref count);
            }
        })));
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>A throwaway PostgreSQL cluster of this run's own, started durable with deploy/postgres/throwaway-cluster.sh.</summary>
    private sealed class DurablePostgres : IAsyncDisposable
    {
        private readonly string _script = Path.Combine(RepositoryPaths.Root, "deploy", "postgres", "throwaway-cluster.sh");
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "lcf-bench-pg-" + Environment.ProcessId);
        private string _server = string.Empty;

        public string Version { get; private set; } = string.Empty;

        public static async Task<DurablePostgres> Start()
        {
            var postgres = new DurablePostgres();
            var port = FreePort();
            var start = new ProcessStartInfo("bash", [postgres._script, "start", postgres._directory, port.ToString(CultureInfo.InvariantCulture), "durable"])
            {
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            if (process.ExitCode != 0 || string.IsNullOrWhiteSpace(output))
            {
                throw new InvalidOperationException($"The cluster benchmark needs Debian's postgresql package (the script's exit code: {process.ExitCode}).");
            }

            postgres._server = output.Trim();
            await using var connection = new NpgsqlConnection(postgres._server);
            await connection.OpenAsync();
            await using var version = new NpgsqlCommand("SHOW server_version", connection);
            postgres.Version = (string)(await version.ExecuteScalarAsync())!;
            return postgres;
        }

        public async Task<string> CreateDatabase(string name)
        {
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
            return new NpgsqlConnectionStringBuilder(_server) { Database = name, Pooling = true }.ConnectionString;
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            using var stop = Process.Start(new ProcessStartInfo("bash", [_script, "stop", _directory]))!;
            await stop.WaitForExitAsync();
            Directory.Delete(_directory, recursive: true);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
