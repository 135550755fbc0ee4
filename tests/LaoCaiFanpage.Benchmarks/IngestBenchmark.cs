using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// Durable ingest through the real host against the disk's own ceiling (raw SQLite single-row commits
/// with the same durability settings), and the host's HTTP path against a bare Kestrel endpoint.
/// </summary>
public static class IngestBenchmark
{
    private const int Senders = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Traffic before the measurement. For its first ~20 s under load the host spends a third to half of its CPU in
    /// the JIT compiler (dotnet-counters: 1,200–2,400 methods tiered up every 2 s across Orleans, ASP.NET Core and
    /// SQLite), so a short warm-up measured the compiler, not the service a wall screen runs on for weeks.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    public static async Task Run(BenchmarkReport report)
    {
        await using var host = new SiloProcess();
        await host.Start();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var admin = await host.CreateSignedInClient();
        await Drive(client, WarmUp);
        await WaitDrained(admin, TimeSpan.FromMinutes(10));

        var casesBefore = await Cases(admin);
        var started = Stopwatch.StartNew();
        var hostRate = await Drive(client, Duration);
        var driven = started.Elapsed;
        var backlogAtEnd = (await admin.GetFromJsonAsync<JsonElement>("api/webhooks/inbox")).GetProperty("pending").GetInt64();
        await WaitDrained(admin, TimeSpan.FromMinutes(10));
        var drained = started.Elapsed;
        var applied = await Cases(admin) - casesBefore;
        var appliedRate = applied / drained.TotalSeconds;
        var backlogRate = backlogAtEnd / (drained - driven).TotalSeconds;

        var rawRate = RawSqliteCommits(Path.Combine(host.DataDirectory, "raw-baseline.db"), TimeSpan.FromSeconds(5));
        var bareRate = await BareKestrel();

        report.Section("Durable ingest and the HTTP ceiling",
            $"Signed single-comment deliveries (each a new case) from {Senders} concurrent senders for {Duration.TotalSeconds:F0} s, " +
            $"after {WarmUp.TotalSeconds:F0} s of the same traffic (and its inbox drained) so the JIT's tiering has settled. " +
            "The host answers 200 once the delivery is committed to the durable webhook inbox (SQLite WAL, synchronous=FULL; concurrent deliveries share a commit); " +
            "the inbox drain applies it to the case grains right after, while the senders go on. Baselines measured in the same run: " +
            "raw single-row SQLite commits with the same settings on the same disk; a bare Kestrel endpoint that reads the body, checks the HMAC and answers 200. " +
            "The last two rows are the cases' own pace: the deliveries' cases all in the catalogue, counted from the first send to the emptied inbox, " +
            "and the backlog left when the senders stopped, applied while the host has nothing else to do.");
        string[][] backlogRow = backlogAtEnd == 0 ? [] :
        [
            [$"the backlog alone: the {BenchmarkReport.N(backlogAtEnd)} queued when the senders stopped, applied in {(drained - driven).TotalSeconds:F1} s with no delivery arriving",
                BenchmarkReport.N(backlogRate), $"backlog / raw = {backlogRate / rawRate:F2}"],
        ];
        report.Table(["measure", "per second", "ratio"],
        [
            ["host: deliveries acknowledged, durable in the inbox", BenchmarkReport.N(hostRate), string.Empty],
            ["raw SQLite single-row commits (WAL, FULL)", BenchmarkReport.N(rawRate), $"host / raw = {hostRate / rawRate:F2} (goal ≥ 0.5)"],
            ["bare Kestrel + HMAC", BenchmarkReport.N(bareRate), $"host / bare = {hostRate / bareRate:F3}"],
            [$"cases applied from the inbox ({BenchmarkReport.N(applied)} in {drained.TotalSeconds:F1} s; {BenchmarkReport.N(backlogAtEnd)} still queued when the senders stopped at {driven.TotalSeconds:F1} s)",
                BenchmarkReport.N(appliedRate), $"applied / raw = {appliedRate / rawRate:F2}"],
            .. backlogRow,
        ]);
    }

    private static async Task<long> Cases(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("api/threads?pageSize=1")).GetProperty("total").GetInt64();

    /// <summary>Until every acknowledged delivery has been applied to the cases.</summary>
    public static async Task WaitDrained(HttpClient admin, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await admin.GetFromJsonAsync<JsonElement>("api/webhooks/inbox")).GetProperty("pending").GetInt64() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The webhook inbox did not empty in time.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Deliveries per second that got a 200, from concurrent senders.</summary>
    public static async Task<double> Drive(HttpClient client, TimeSpan duration, string path = "webhooks/facebook", string secret = MetaDeliveries.AppSecret)
    {
        long ok = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Phản ánh về tình trạng đường giao thông liên xã bị sạt lở sau mưa lớn.")));
                using var response = await client.PostDelivery(body, path: path, secret: secret);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref ok);
                }
            }
        })));
        return ok / watch.Elapsed.TotalSeconds;
    }

    private static double RawSqliteCommits(string path, TimeSpan duration)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload BLOB);";
            setup.ExecuteNonQuery();
        }

        var payload = RandomNumberGenerator.GetBytes(1500);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (payload) VALUES ($p)";
        insert.Parameters.AddWithValue("$p", payload);
        long count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            insert.ExecuteNonQuery();
            count++;
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> BareKestrel()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var key = Encoding.UTF8.GetBytes(MetaDeliveries.AppSecret);
        app.MapPost("/bare", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return HmacSignature.IsValid(MetaDeliveries.AppSecret, buffer.ToArray(), request.Headers["X-Hub-Signature-256"].ToString())
                ? Results.Ok()
                : Results.Unauthorized();
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        await Drive(client, TimeSpan.FromSeconds(5), "bare");
        var rate = await Drive(client, TimeSpan.FromSeconds(5), "bare");
        await app.StopAsync();
        return rate;
    }
}
