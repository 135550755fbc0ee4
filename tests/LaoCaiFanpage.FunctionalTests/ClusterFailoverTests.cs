using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// The production profile: three silo processes on one PostgreSQL database behind a round-robin sender (the load
/// balancer's part), one of them killed with SIGKILL in the middle of a stream of signed deliveries.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int Deliveries = 180;
    private const int KillAfter = 60;

    [Fact]
    public async Task A_silo_killed_under_a_stream_loses_nothing_and_the_survivors_fire_its_clocks_and_keep_screens_live()
    {
        var connectionString = await TestPostgres.CreateDatabase("cluster");
        var clusterId = "lcf-test-" + Guid.NewGuid().ToString("N")[..8];
        var schedule = Path.Combine(Path.GetTempPath(), $"lcf-all-days-working-{clusterId}.json");
        await File.WriteAllTextAsync(schedule, AllDaysWorkingSchedule());
        var settings = new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
            // SLA clocks run in working time, and this may run on a Sunday night: for this test every day around now
            // is a working day from 00:00 to 23:59, and the intake clock turns due soon 36 s after a comment arrives
            // and runs out 72 s after it.
            ["Sla__ScheduleFile"] = schedule,
            ["Sla__OfficeHours__0"] = "00:00-11:59",
            ["Sla__OfficeHours__1"] = "12:00-23:59",
            ["Sla__Limits__IntakeWorkingHours"] = "0.02",
            ["Sla__DueSoonWorkingHours"] = "0.01",
        };
        var silos = Enumerable.Range(0, 3).Select(_ => new SiloProcess(settings: settings)).ToArray();
        try
        {
            // The first silo creates the administrator; the other two join the cluster it formed.
            await silos[0].Start();
            await Task.WhenAll(silos[1].Start(), silos[2].Start());
            var (victim, survivor) = (silos[0], silos[2]);

            using var reader = await survivor.CreateSignedInClient();
            var deltas = new ConcurrentQueue<(long At, JsonElement Delta)>();
            var screenClosed = false;
            await using var screen = new HubConnectionBuilder()
                .WithUrl(new Uri(survivor.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(reader.DefaultRequestHeaders.Authorization!.Parameter))
                .Build();
            screen.On<JsonElement>("delta", d => deltas.Enqueue((Stopwatch.GetTimestamp(), d)));
            screen.Closed += _ =>
            {
                screenClosed = true;
                return Task.CompletedTask;
            };
            await screen.StartAsync();

            var ids = Enumerable.Range(0, Deliveries).Select(_ => MetaDeliveries.NewCommentId()).ToArray();
            var acknowledged = new ConcurrentDictionary<string, int>();
            var (sent, refused) = (0, 0);
            long killedAt = 0;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
            var next = 0;
            async Task Sender()
            {
                while (Interlocked.Increment(ref next) - 1 is var i && i < ids.Length)
                {
                    var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(ids[i], "Phản ánh " + ids[i] + " – đường xã Bản Vược")));
                    // Round robin over the silos; a delivery that fails goes to the next one, as Meta retries.
                    for (var attempt = 0; ; attempt++)
                    {
                        var silo = silos[(i + attempt) % silos.Length];
                        Interlocked.Increment(ref sent);
                        try
                        {
                            using var response = await http.PostDelivery(body, MetaDeliveries.SignIt, new Uri(silo.BaseAddress, "webhooks/facebook").ToString());
                            if (response.IsSuccessStatusCode)
                            {
                                acknowledged[ids[i]] = Array.IndexOf(silos, silo);
                                break;
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
                        {
                        }

                        Interlocked.Increment(ref refused);
                        // Until the survivors declare the dead silo dead, calls to its grains fail: Meta keeps retrying too.
                        Assert.True(attempt < 400, $"delivery {ids[i]} was refused for two minutes");
                        await Task.Delay(300);
                    }

                    if (acknowledged.Count == KillAfter && Interlocked.CompareExchange(ref killedAt, Stopwatch.GetTimestamp(), 0) == 0)
                    {
                        await victim.Kill();
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Sender()));
            Assert.NotEqual(0, killedAt);
            var beforeKill = ids.Take(KillAfter).ToArray();

            // Every acknowledged comment is a case exactly once, readable through a survivor.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            int listed;
            do
            {
                listed = (await reader.GetJson("api/threads?pageSize=1")).GetProperty("total").GetInt32();
            }
            while (listed < Deliveries && DateTime.UtcNow < deadline && await Delay());
            var recovered = Stopwatch.GetElapsedTime(killedAt);
            Assert.Equal(Deliveries, acknowledged.Count);
            Assert.Equal(Deliveries, listed);
            await using var database = NpgsqlDataSource.Create(connectionString);
            Assert.Equal(Deliveries, await Count(database, "SELECT COUNT(*) FROM case_index WHERE case_id = ANY(@ids)", ids));
            Assert.Equal(Deliveries, await Count(database, "SELECT COUNT(*) FROM message_index WHERE message_id = ANY(@ids)", ids));
            Assert.Equal(Deliveries, await Count(database, "SELECT COUNT(*) FROM case_index", ids));
            var first = await reader.GetJson("api/threads/" + beforeKill[0]);
            Assert.Equal("Phản ánh " + beforeKill[0] + " – đường xã Bản Vược", first.GetProperty("messages")[0].GetProperty("text").GetString());

            // Every case's clock wake-up is durable (in PostgreSQL). A delivery the dead silo acknowledged but had not
            // finished applying (its case stored, its wake-up not yet stored) is finished by the survivor that
            // adopts the dead silo's inbox rows.
            var wakeUpsDeadline = DateTime.UtcNow.AddSeconds(60);
            long wakeUps, unapplied;
            while (((wakeUps = await Count(database, "SELECT COUNT(*) FROM case_timer WHERE case_id = ANY(@ids)", ids)) < Deliveries
                    | (unapplied = await Count(database, "SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL", ids)) > 0)
                   && DateTime.UtcNow < wakeUpsDeadline)
            {
                await Task.Delay(250);
            }

            Assert.Equal(Deliveries, wakeUps);
            Assert.Equal(0, unapplied);

            // ...so the intake clocks of the cases delivered before the kill — about a third of them on the dead silo —
            // run out after it died: the survivors fire them.
            var clocksDeadline = DateTime.UtcNow.AddSeconds(150);
            long missed;
            do
            {
                missed = await Count(database, "SELECT COUNT(*) FROM sla_clock WHERE kind = 'intake' AND state = 'missed' AND case_id = ANY(@ids)", beforeKill);
            }
            while (missed < KillAfter && DateTime.UtcNow < clocksDeadline && await Delay(1000));
            var clocksFired = Stopwatch.GetElapsedTime(killedAt);
            Assert.Equal(KillAfter, missed);

            // The wall screen on a survivor was told of deliveries after the kill, without reconnecting.
            var afterKill = deltas.Count(d => d.At > killedAt);
            Assert.False(screenClosed);
            Assert.Equal(HubConnectionState.Connected, screen.State);
            Assert.True(afterKill > 0, "no update reached the screen after the kill");

            // The processing log, sealed by every silo's sealer in turn (they queue on the chain's row), verifies whole.
            var audit = await reader.GetJson("api/audit/verify");
            Assert.True(audit.GetProperty("valid").GetBoolean(), audit.GetProperty("reason").ToString());
            Assert.True(audit.GetProperty("checked").GetInt64() > 0);

            var members = await Count(database, "SELECT COUNT(*) FROM orleans_membership WHERE deployment_id = ANY(@ids) AND status = 3", [clusterId]);
            output.WriteLine($"deliveries: {Deliveries} comments, {sent} requests sent, {refused} refused or failed (retried elsewhere), {acknowledged.Count} acknowledged, " +
                $"{listed} cases listed, {wakeUps} durable clock wake-ups; acknowledged by silo: " +
                string.Join(", ", acknowledged.Values.GroupBy(v => v).OrderBy(g => g.Key).Select(g => $"#{g.Key}={g.Count()}")));
            output.WriteLine($"recovery: every case listed {recovered.TotalSeconds:F1} s after the kill; all {missed} intake clocks of pre-kill cases missed (fired) {clocksFired.TotalSeconds:F1} s after it; " +
                $"screen deltas after the kill: {afterKill}; active silos now: {members}; processing log: {audit.GetProperty("checked").GetInt64()} sealed rows verified");
        }
        finally
        {
            File.Delete(schedule);
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            foreach (var (silo, index) in silos.Select((s, i) => (s, i)))
            {
                File.WriteAllText(Path.Combine(SiloProcess.ArtifactsDirectory, $"cluster-silo-{index}.log"), silo.Output);
            }
        }
    }

    /// <summary>An official-schedule file (the product's format) making every weekend day from yesterday to three days ahead a working day.</summary>
    private static string AllDaysWorkingSchedule()
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var days = Enumerable.Range(-1, 5).Select(today.AddDays).ToList();
        var years = days.GroupBy(d => d.Year).ToDictionary(
            g => g.Key.ToString(CultureInfo.InvariantCulture),
            g => new
            {
                source = "test: every day a working day",
                daysOff = Array.Empty<object>(),
                makeUpWorkingDays = g.Where(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                    .Select(d => new { date = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name = "Làm việc (kiểm thử)" }).ToArray(),
            });
        return JsonSerializer.Serialize(new { years });
    }

    private static async Task<bool> Delay(int milliseconds = 250)
    {
        await Task.Delay(milliseconds);
        return true;
    }

    private static async Task<long> Count(NpgsqlDataSource database, string sql, string[] ids)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
