using System.Globalization;
using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Art. 7.4: an approved page post goes out at the time the Board chose, even across a crash of the host.</summary>
public sealed class ScheduledPublicationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_scheduled_post_waits_for_its_time_survives_a_crash_and_goes_out_once_and_the_calendar_shows_it()
    {
        await using var graph = new FakeGraphServer();
        await graph.Start();
        var host = new HostFixture(new Dictionary<string, string?>
        {
            ["Facebook__GraphBaseUrl"] = graph.BaseAddress.ToString(),
            ["Facebook__PageAccessToken"] = FakeGraphServer.Token,
            ["Publishing__FirstRetrySeconds"] = "1",
        });
        await host.InitializeAsync();
        try
        {
            var people = await Editorial.SignIn(host, "SXD");
            var text = "Chúc mừng năm mới " + Guid.NewGuid().ToString("N")[..6] + " — UBND tỉnh Lào Cai kính chúc Nhân dân một năm an khang.";
            var publishAt = DateTimeOffset.UtcNow.AddSeconds(25).ToOffset(TimeSpan.FromHours(7));
            var stamp = publishAt.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
            var publishAtSecond = DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture);

            // Refusals first: no time in the past, none without its offset, none a year and more away.
            foreach (var bad in new object[] { "2020-01-01T08:00:00+07:00", "2026-12-24T08:00:00", DateTimeOffset.UtcNow.AddDays(400).ToString("O", CultureInfo.InvariantCulture), 5 })
            {
                using var refused = await people.Staff.Client.PostAsync("api/posts", Infrastructure.Accounts.Json(new { category = 6, authority = "office", text, publishAt = bad }));
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)refused.StatusCode}");
            }

            var created = await Post(people.Staff.Client, "api/posts", new { category = 6, authority = "office", text, publishAt = stamp }, HttpStatusCode.Created);
            var id = created.GetProperty("id").GetString()!;
            Assert.Equal(publishAtSecond, created.GetProperty("publishAt").GetDateTimeOffset());
            await Post(people.Staff.Client, $"api/posts/{id}/submit", new { });
            await Post(people.Head.Client, $"api/posts/{id}/approve", new { });
            var approved = await Post(people.Chief.Client, $"api/posts/{id}/approve", new { });
            Assert.Equal("approved", approved.GetProperty("status").GetString());

            // Approved, handed to the outbox, waiting for its time; the time can no longer change.
            Assert.Equal("already-queued", (await Post(people.Staff.Client, $"api/posts/{id}/schedule", new { publishAt = (string?)null }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
            var today = DateOnly.FromDateTime(publishAt.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var calendar = await people.Staff.Client.GetJson($"api/posts/calendar?from={today}&to={today}");
            var line = Assert.Single(calendar.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
            Assert.Equal(("approved", publishAtSecond), (line.GetProperty("status").GetString(), line.GetProperty("publishAt").GetDateTimeOffset()));
            await Task.Delay(2000);
            Assert.DoesNotContain(graph.Published, p => p.Text == text);

            // The host dies and comes back before the time.
            await host.Host.Kill();
            await host.Host.Start(keepHttpPort: true);
            Assert.True(DateTimeOffset.UtcNow < publishAt, "the restart took longer than the schedule left; the test proves nothing");

            JsonElement post;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while ((post = await host.Client.GetJson("api/posts/" + id)).GetProperty("status").GetString() != "published" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            Assert.Equal("published", post.GetProperty("status").GetString());
            var sent = Assert.Single(graph.Published, p => p.Text == text);
            output.WriteLine($"scheduled for {publishAt:O}, published at {sent.At.ToOffset(TimeSpan.FromHours(7)):O}");
            Assert.True(sent.At >= publishAtSecond, "published before its time");
            Assert.True(sent.At < publishAtSecond.AddSeconds(70), "published long after its time");
            var after = await people.Staff.Client.GetJson($"api/posts/calendar?from={today}&to={today}");
            var done = Assert.Single(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
            Assert.Equal("published", done.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.String, done.GetProperty("publishedAt").ValueKind);

            // The day's figures count the page's own posts by Article 6 category.
            var report = await host.Client.GetJson($"api/reports/range?from={today}&to={today}");
            var byCategory = report.GetProperty("pagePosts").EnumerateArray().ToDictionary(l => l.GetProperty("key").GetString()!, l => l.GetProperty("count").GetInt32());
            Assert.Equal(1, byCategory["6"]);
            Assert.Equal(1, byCategory.Values.Sum());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
