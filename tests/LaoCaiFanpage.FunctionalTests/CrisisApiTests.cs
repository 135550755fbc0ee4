using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Crises on the real host: the Department's signal on every screen at once, detection from signed deliveries, the lifecycle, hostile bodies.</summary>
[Collection(HostCollection.Name)]
public sealed class CrisisApiTests(HostFixture fixture, ITestOutputHelper output)
{
    private async Task<(HubConnection Connection, ConcurrentQueue<(JsonElement Alert, long At)> Alerts)> Wall()
    {
        var alerts = new ConcurrentQueue<(JsonElement, long)>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.AdminToken))
            .Build();
        connection.On<JsonElement>("alert", a => alerts.Enqueue((a, Stopwatch.GetTimestamp())));
        await connection.StartAsync();
        return (connection, alerts);
    }

    private static async Task<JsonElement> WaitFor(ConcurrentQueue<(JsonElement Alert, long At)> alerts, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (alert, _) in alerts)
            {
                if (match(alert))
                {
                    return alert;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The expected alert did not arrive.");
    }

    [Fact]
    public async Task A_department_signal_is_on_the_screens_at_once_and_officers_take_it_to_resolved()
    {
        var (connection, alerts) = await Wall();
        await using var _ = connection;
        var (officerName, officer) = await fixture.NewUser("CrisisOfficer");
        var (_, chief) = await fixture.NewUser("ChiefOfOffice");
        var title = "Thông tin sai lệch về giá vé cáp treo " + Guid.NewGuid().ToString("N")[..6];

        var sent = Stopwatch.GetTimestamp();
        var opened = await Post(officer, "api/crises/signals", new
        {
            title,
            description = "Nhiều trang chia sẻ thông tin chưa kiểm chứng",
            severity = 3,
            sourceUrl = "https://baomoi.example/tin/123",
            relatedPostIds = new[] { "100000000000001_555001" },
            keywords = new[] { "cáp treo" },
        }, HttpStatusCode.Created);
        var id = opened.GetProperty("id").GetString()!;
        var alert = await WaitFor(alerts, a => a.GetProperty("subject").GetString() == id && a.GetProperty("active").GetBoolean(), TimeSpan.FromSeconds(5));
        output.WriteLine($"signal on the wall after {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms: {alert}");
        Assert.True(Stopwatch.GetElapsedTime(sent) < TimeSpan.FromSeconds(2));
        Assert.Equal(3, alert.GetProperty("severity").GetInt32());
        Assert.Contains(title, alert.GetProperty("message").GetString(), StringComparison.Ordinal);

        var list = await officer.GetJson("api/crises?status=open");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        Assert.Equal(("dic", 3, title), (item.GetProperty("source").GetString(), item.GetProperty("severity").GetInt32(), item.GetProperty("title").GetString()));
        Assert.Equal(["100000000000001_555001"], item.GetProperty("postIds").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(item.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("baomoi.example", StringComparison.Ordinal));
        Assert.EndsWith("+07:00", item.GetProperty("openedAt").GetString(), StringComparison.Ordinal);

        // A second signal on the same post joins the crisis.
        var joined = await Post(officer, "api/crises/signals", new { title = "Tin thứ hai", severity = 4, relatedPostIds = new[] { "100000000000001_555001" } }, HttpStatusCode.Created);
        Assert.Equal(id, joined.GetProperty("id").GetString());
        Assert.Equal(4, joined.GetProperty("severity").GetInt32());

        Assert.Equal("acknowledged", (await Post(officer, $"api/crises/{id}/acknowledge", new { note = "Đã nắm" })).GetProperty("status").GetString());
        await Post(officer, $"api/crises/{id}/acknowledge", new { }, HttpStatusCode.Conflict);
        Assert.Equal("responding", (await Post(chief, $"api/crises/{id}/respond", new { note = "Đăng thông cáo" })).GetProperty("status").GetString());
        var resolved = await Post(officer, $"api/crises/{id}/resolve", new { note = "Đã đính chính" });
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        await WaitFor(alerts, a => a.GetProperty("subject").GetString() == id && !a.GetProperty("active").GetBoolean(), TimeSpan.FromSeconds(5));

        var detail = await officer.GetJson("api/crises/" + id);
        Assert.Equal(["crisis.opened", "crisis.signal-added", "crisis.acknowledge", "crisis.respond", "crisis.resolve"],
            detail.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("action").GetString()));
        Assert.Equal(officerName, detail.GetProperty("acknowledgedBy").GetString());

        var audit = await fixture.Client.GetJson($"api/audit?target=crisis/{id}");
        Assert.Equal(5, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_burst_of_angry_comments_on_one_post_opens_a_crisis_within_ten_seconds()
    {
        var (connection, alerts) = await Wall();
        await using var _ = connection;
        var post = "100000000000001_" + Random.Shared.Next(600_000, 699_999);
        string[] angry = ["Chính quyền vô trách nhiệm, dân bức xúc lắm", "Thật thất vọng, hứa suông mãi", "Phẫn nộ! Quan liêu hách dịch", "chinh quyen tac trach, dan kho qua"];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 20; i++)
        {
            await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment($"{post}_{i}", angry[i % angry.Length], fromId: "61000000000" + (100 + i), postId: post)));
        }

        var alert = await WaitFor(alerts, a => a.GetProperty("kind").GetString() == "crisis" && a.GetProperty("message").GetString()!.Contains(post, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        output.WriteLine($"automatic crisis on the wall {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after the first comment: {alert}");
        var crises = await fixture.Client.GetJson("api/crises?status=open");
        var crisis = Assert.Single(crises.GetProperty("items").EnumerateArray(), c => c.GetProperty("postIds").EnumerateArray().Any(p => p.GetString() == post));
        Assert.Equal("auto", crisis.GetProperty("source").GetString());
        Assert.Contains(crisis.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("tiêu cực", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"severity": 2}""")]
    [InlineData("""{"title": "", "severity": 2}""")]
    [InlineData("""{"title": "x", "severity": 5}""")]
    [InlineData("""{"title": "x", "severity": "2"}""")]
    [InlineData("""{"title": "x", "severity": 2, "sourceUrl": "ftp://a/b"}""")]
    [InlineData("""{"title": "x", "severity": 2, "sourceUrl": "javascript:alert(1)"}""")]
    [InlineData("""{"title": "x", "severity": 2, "relatedPostIds": "123"}""")]
    [InlineData("""{"title": "x", "severity": 2, "relatedPostIds": ["<script>"]}""")]
    [InlineData("""{"title": "x", "severity": 2, "keywords": [1]}""")]
    [InlineData("""{"title": "x", "severity": 2, "description": 7}""")]
    [InlineData("""{"title": "x", "severity": 2""")]
    [InlineData("""[]""")]
    public async Task Malformed_signals_are_refused_with_a_400_problem(string json)
    {
        var (_, officer) = await fixture.NewUser("CrisisOfficer");
        using var response = await officer.PostAsync("api/crises/signals", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_crises_and_actions_are_404_and_bad_filters_400()
    {
        var (_, officer) = await fixture.NewUser("CrisisOfficer");
        using (var unknown = await officer.GetAsync("api/crises/crisis-00000000000000000000000000000000"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var bad = await officer.GetAsync("api/crises/../../etc"))
        {
            Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        }

        await Post(officer, "api/crises/crisis-00000000000000000000000000000000/acknowledge", new { }, HttpStatusCode.NotFound);
        await Post(officer, "api/crises/crisis-00000000000000000000000000000000/delete", new { }, HttpStatusCode.NotFound);
        using var filter = await officer.GetAsync("api/crises?status=burning");
        Assert.Equal(HttpStatusCode.BadRequest, filter.StatusCode);
    }
}
