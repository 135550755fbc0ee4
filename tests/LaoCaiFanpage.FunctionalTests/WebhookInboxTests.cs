using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// The durable inbox between Meta's 200 and the cases: receipts say what became of a delivery, a burst beyond the
/// inbox's limit is refused for Meta to retry, and a delivery that cannot be applied is kept with its error.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WebhookInboxTests(HostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_delivery_is_answered_with_a_receipt_that_then_reports_what_its_changes_did()
    {
        var id = MetaDeliveries.NewCommentId();
        var body = MetaDeliveries.Feed(
            MetaDeliveries.Comment(id, "Đề nghị kiểm tra đèn chiếu sáng đường Hoàng Liên"),
            MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Bổ sung vị trí: gần chợ Cốc Lếu", parentId: id));
        var accepted = await fixture.Client.DeliverAccepted(body);
        Assert.Equal(2, accepted.GetProperty("changes").GetInt32());
        Assert.Equal(0, accepted.GetProperty("ignored").GetInt32());

        var receipt = await fixture.Client.WaitProcessed(accepted.GetProperty("receipt").GetInt64());
        Assert.Equal(2, receipt.GetProperty("stored").GetInt32());
        Assert.Equal(0, receipt.GetProperty("duplicates").GetInt32());
        Assert.EndsWith("+07:00", receipt.GetProperty("receivedAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("+07:00", receipt.GetProperty("processedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await fixture.Client.GetJson("api/threads/" + id)).GetProperty("messages").GetArrayLength());

        // Meta's retry of the same delivery is a new receipt whose changes were all duplicates.
        var retried = await fixture.Client.DeliverAccepted(body);
        Assert.True(retried.GetProperty("receipt").GetInt64() > accepted.GetProperty("receipt").GetInt64());
        var second = await fixture.Client.WaitProcessed(retried.GetProperty("receipt").GetInt64());
        Assert.Equal(0, second.GetProperty("stored").GetInt32());
        Assert.Equal(2, second.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task A_receipt_must_be_a_positive_whole_number_and_an_unknown_one_is_not_found()
    {
        foreach (var hostile in new[] { "abc", "-1", "0", "1e3", "99999999999999999999", "1%20OR%201%3D1", "%3Cscript%3E" })
        {
            using var response = await fixture.Client.GetAsync("api/webhooks/inbox/" + hostile);
            var problem = await response.ReadProblem(HttpStatusCode.BadRequest);
            Assert.DoesNotContain("<script>", problem.GetRawText(), StringComparison.Ordinal);
        }

        using (var unknown = await fixture.Client.GetAsync("api/webhooks/inbox/9000000000000"))
        {
            await unknown.ReadProblem(HttpStatusCode.NotFound);
        }

        using var anonymous = await fixture.Anonymous.GetAsync("api/webhooks/inbox/1");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_backlog_tells_an_administrator_what_waits_and_what_was_processed()
    {
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Hỏi về lịch tiêm chủng")));
        var backlog = await fixture.Client.GetJson("api/webhooks/inbox");
        Assert.True(backlog.GetProperty("processedLastHour").GetInt64() >= 1);
        Assert.True(backlog.GetProperty("pending").GetInt64() >= 0);
        Assert.Equal(0, backlog.GetProperty("failing").GetInt64());
        Assert.Equal(200_000, backlog.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task A_burst_beyond_the_inbox_limit_is_refused_with_503_and_every_acknowledged_comment_becomes_a_case()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Webhooks__InboxLimit"] = "100",
            ["Webhooks__DrainWorkers"] = "1",
        });
        await host.Start();
        using var client = await host.CreateSignedInClient();
        var acknowledged = new ConcurrentBag<string[]>();
        var refused = new ConcurrentBag<string[]>();
        var retryAfter = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && refused.IsEmpty)
            {
                var ids = Enumerable.Range(0, 20).Select(_ => MetaDeliveries.NewCommentId()).ToArray();
                using var response = await client.Deliver(MetaDeliveries.Feed([.. ids.Select(id => MetaDeliveries.Comment(id, "Phản ánh " + id))]));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add(ids);
                }
                else
                {
                    var problem = await response.ReadProblem(HttpStatusCode.ServiceUnavailable);
                    Assert.Contains("Webhooks:InboxLimit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                    retryAfter.Add(response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? "none");
                    refused.Add(ids);
                }
            }
        })));

        output.WriteLine($"{acknowledged.Count} deliveries acknowledged, {refused.Count} refused with 503 before the senders stopped");
        Assert.NotEmpty(refused);
        Assert.All(retryAfter, r => Assert.Equal("60", r));
        Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} acknowledged before the first refusal");

        // Everything acknowledged becomes a case; nothing refused does until Meta sends it again, and then it is taken.
        var all = acknowledged.SelectMany(ids => ids).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        int total;
        while ((total = (await client.GetJson("api/threads?pageSize=1")).GetProperty("total").GetInt32()) < all.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(all.Length, total);
        foreach (var id in all.Where((_, i) => i % 97 == 0))
        {
            await client.GetJson("api/threads/" + id);
        }

        var again = refused.First();
        await client.GetJson("api/threads/" + again[0], HttpStatusCode.NotFound);
        var receipt = await client.DeliverOk(MetaDeliveries.Feed([.. again.Select(id => MetaDeliveries.Comment(id, "Phản ánh " + id))]));
        Assert.Equal(20, receipt.GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_applied_stays_in_the_inbox_with_its_error_and_blocks_no_other()
    {
        await using var host = new SiloProcess();
        await host.Start();
        await host.Stop();

        // A row as a previous run would have left it, whose bytes no longer parse (say, a page id changed since).
        long receipt;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "laocai-fanpage.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO webhook_inbox (received_at, owner, body, changes, ignored, next_attempt_at)
                VALUES ($at, 'S127.0.0.1:11111:1', $body, 1, 0, $at) RETURNING id
                """;
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$body", "{\"object\":\"page\",\"entry\":[{\"id\":\"1\""u8.ToArray());
            receipt = (long)(await insert.ExecuteScalarAsync())!;
        }

        await host.Start();
        using var client = await host.CreateSignedInClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement found;
        while ((found = await client.GetJson("api/webhooks/inbox/" + receipt)).GetProperty("attempts").GetInt32() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("pending", found.GetProperty("status").GetString());
        Assert.True(found.GetProperty("attempts").GetInt32() >= 1);
        Assert.Contains("not valid UTF-8 JSON", found.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(found.TryGetProperty("nextAttemptAt", out var next) && next.GetString()!.EndsWith("+07:00", StringComparison.Ordinal));
        Assert.Contains("could not be applied to the cases", host.Output, StringComparison.Ordinal);
        var backlog = await client.GetJson("api/webhooks/inbox");
        Assert.Equal(1, backlog.GetProperty("failing").GetInt64());

        // The next delivery is applied all the same.
        var processed = await client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Vẫn được xử lý")));
        Assert.Equal(1, processed.GetProperty("stored").GetInt32());
    }
}
