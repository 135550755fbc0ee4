using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Meta is never refused: what cannot be applied is kept, listed for administrators, counted, and retried.</summary>
[Collection(HostCollection.Name)]
public sealed class WebhookQuarantineTests(HostFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<JsonElement?> Listed(long receipt)
    {
        var list = await Client.GetJson("api/webhooks/quarantine?pageSize=200");
        return list.GetProperty("items").EnumerateArray().Select(i => (JsonElement?)i).FirstOrDefault(i => i!.Value.GetProperty("receipt").GetInt64() == receipt);
    }

    [Fact]
    public async Task A_delivery_with_a_part_that_cannot_be_applied_is_acknowledged_the_rest_applied_and_the_part_listed_and_counted()
    {
        var good = MetaDeliveries.NewCommentId();
        var after = MetaDeliveries.NewCommentId();
        var body = MetaDeliveries.Feed(
            MetaDeliveries.Comment(good, "Hợp lệ"),
            MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Sai id", fromId: "not an id"),
            MetaDeliveries.Comment(after, "Cũng hợp lệ"));
        var accepted = await Client.DeliverAccepted(body);
        Assert.Equal(1, accepted.GetProperty("quarantined").GetInt32());
        Assert.Equal(2, accepted.GetProperty("changes").GetInt32());
        var receipt = accepted.GetProperty("receipt").GetInt64();
        await Client.WaitProcessed(receipt);
        await Client.GetJson("api/threads/" + good);
        await Client.GetJson("api/threads/" + after);

        var listed = await Listed(receipt);
        Assert.NotNull(listed);
        var part = Assert.Single(listed.Value.GetProperty("parts").EnumerateArray());
        Assert.Equal("$.entry[0].changes[1]", part.GetProperty("path").GetString());
        Assert.Contains("not a valid id", part.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The parser of this version still cannot read it: a retry applies nothing new and keeps it listed.
        var retried = await Editorial.Post(Client, $"api/webhooks/quarantine/{receipt}/retry", new { });
        Assert.Equal(0, retried.GetProperty("applied").GetInt32());
        Assert.Equal(2, retried.GetProperty("duplicates").GetInt32());
        Assert.Single(retried.GetProperty("remaining").EnumerateArray());
        Assert.NotNull((await Listed(receipt))!.Value.GetProperty("retriedAt").GetString());

        // Shown to administrators on their first page.
        using (var browser = new Browser())
        {
            await browser.SignIn(new Uri(fixture.Host.BaseAddress, "cases"), "admin", SiloProcess.AdminPassword);
            await browser.WaitUntil("!document.getElementById('quarantine-notice').hidden", TimeSpan.FromSeconds(20));
            Assert.Contains("cách ly", (string)browser.Script("return document.getElementById('quarantine-notice').textContent")!, StringComparison.Ordinal);
        }

        // Counted for the scraper (sampled every 15 s).
        var until = DateTime.UtcNow.AddSeconds(40);
        double open = 0;
        while (DateTime.UtcNow < until && open < 1)
        {
            var metrics = await Client.GetStringAsync("metrics");
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("lcf_webhook_quarantine_open", StringComparison.Ordinal));
            open = line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            await Task.Delay(500);
        }

        Assert.True(open >= 1, "lcf_webhook_quarantine_open did not count the quarantined delivery");
    }

    [Fact]
    public async Task After_an_upgrade_a_retry_applies_what_an_older_parser_left_out_and_clears_the_quarantine()
    {
        // A conversation's message arrives; the citizen then unsends it and writes again. An older version could not read
        // the unsend (no text) and quarantined it: its row is written here exactly as that version wrote it.
        var psid = "72" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture);
        var caseId = $"messenger:{MetaDeliveries.PageId}:{psid}";
        await Client.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "m_first_" + psid, "Tôi hỏi nhầm")));
        var later = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = $$$"""
            {"object":"page","entry":[{"id":"{{{MetaDeliveries.PageId}}}","time":{{{later}}},"messaging":[
              {"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{MetaDeliveries.PageId}}}"},"timestamp":{{{later}}},"message":{"mid":"m_first_{{{psid}}}","is_deleted":true}},
              {"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{MetaDeliveries.PageId}}}"},"timestamp":{{{later + 1}}},"message":{"mid":"m_second_{{{psid}}}","text":"Xin hỏi lịch tiếp dân"}}
            ]}]}
            """;
        long receipt;
        await using (var connection = new SqliteConnection($"Data Source={fixture.Host.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandTimeout = 30;
            command.CommandText = """
                INSERT INTO webhook_inbox (received_at, owner, body, changes, ignored, next_attempt_at, processed_at, stored, duplicates, attempts, quarantine)
                VALUES ($at, 'an-older-version', $body, 0, 0, $at, $at, 0, 0, 1, $quarantine)
                RETURNING id
                """;
            command.Parameters.AddWithValue("$at", later);
            command.Parameters.AddWithValue("$body", Encoding.UTF8.GetBytes(body));
            command.Parameters.AddWithValue("$quarantine", """[{"path":"$.entry[0].messaging[0]","reason":"$.entry[0].messaging[0].message has neither text nor attachments."},{"path":"$.entry[0].messaging[1]","reason":"skipped with the batch"}]""");
            receipt = (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.NotNull(await Listed(receipt));
        var retried = await Editorial.Post(Client, $"api/webhooks/quarantine/{receipt}/retry", new { });
        Assert.Equal(2, retried.GetProperty("applied").GetInt32());
        Assert.Empty(retried.GetProperty("remaining").EnumerateArray());
        Assert.Null(await Listed(receipt));

        // The unsent message is marked removed, its words kept for the record; the new one is on the case.
        var found = await Client.GetJson("api/threads/" + Uri.EscapeDataString(caseId));
        var messages = found.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal(JsonValueKind.String, messages["m_first_" + psid].GetProperty("removedAt").ValueKind);
        Assert.Equal("Tôi hỏi nhầm", messages["m_first_" + psid].GetProperty("text").GetString());
        Assert.Equal("Xin hỏi lịch tiếp dân", messages["m_second_" + psid].GetProperty("text").GetString());

        // The wall no longer shows the unsent words.
        using (var wall = new Browser())
        {
            wall.Driver.Navigate().GoToUrl((await fixture.Host.CreateKiosk()).Url);
            var line = $"#feed li[data-message-id=\"m_first_{psid}\"] .what";
            await wall.WaitUntil($"document.querySelector('{line}') !== null", TimeSpan.FromSeconds(20));
            Assert.Equal("Nội dung đã bị xoá trên Facebook", wall.Script($"return document.querySelector('{line}').textContent"));
        }

        // Retrying again finds nothing in quarantine.
        using var again = await Client.PostAsync($"api/webhooks/quarantine/{receipt}/retry", Infrastructure.Accounts.Json(new { }));
        await again.ReadProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("api/webhooks/quarantine?page=0")]
    [InlineData("api/webhooks/quarantine?pageSize=500")]
    public async Task Bad_paging_is_a_precise_problem(string path)
    {
        using var response = await Client.GetAsync(path);
        await response.ReadProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("abc", HttpStatusCode.BadRequest)]
    [InlineData("0", HttpStatusCode.BadRequest)]
    [InlineData("999999999999", HttpStatusCode.NotFound)]
    public async Task Retrying_what_is_not_in_quarantine_is_a_precise_problem(string receipt, HttpStatusCode expected)
    {
        using var response = await Client.PostAsync($"api/webhooks/quarantine/{receipt}/retry", Infrastructure.Accounts.Json(new { }));
        await response.ReadProblem(expected);
    }

    [Fact]
    public async Task Without_a_page_token_the_page_cannot_be_read_back_and_says_so()
    {
        using var response = await Client.PostAsync("api/webhooks/reconcile", Infrastructure.Accounts.Json(new { }));
        var problem = await response.ReadProblem(HttpStatusCode.Conflict);
        Assert.Equal("not-configured", problem.GetProperty("code").GetString());
    }
}
