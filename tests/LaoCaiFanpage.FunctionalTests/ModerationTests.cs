using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// The Article 12 filter end to end: a signed delivery with an offer of banned goods is hidden on (the fake)
/// Facebook within seconds; a doubtful one waits in the Editorial Board's queue; decisions are reversible.
/// </summary>
public sealed class ModerationTests(PublishingFixture fixture) : IClassFixture<PublishingFixture>
{
    private HttpClient Admin => fixture.Host.Client;

    private static async Task<JsonElement> WaitForModeration(HttpClient client, string caseId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonElement found;
        do
        {
            found = await client.GetJson("api/threads/" + caseId);
            if (found.GetProperty("moderation").EnumerateArray().Any(m => m.GetProperty("status").GetString() == status))
            {
                return found;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"case {caseId} moderation is {found.GetProperty("moderation")}, never '{status}'");
        return found;
    }

    [Fact]
    public async Task An_offer_of_drugs_is_hidden_on_facebook_and_an_officer_can_unhide_it()
    {
        var started = DateTimeOffset.UtcNow;
        var id = await NewComment(Admin, "B.á.n m.a t.u.y đá giá rẻ, ship tận nơi, zalo 0987 654 321");
        var hidden = await WaitForModeration(Admin, id, "hidden");
        Assert.Contains((id, true), fixture.Graph.Visibility);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10), $"hidden after {DateTimeOffset.UtcNow - started}");

        var entry = Assert.Single(hidden.GetProperty("moderation").EnumerateArray());
        Assert.Equal("12.2.đ", Assert.Single(entry.GetProperty("clauses").EnumerateArray()).GetString());
        Assert.Equal("Đã ẩn trên Facebook", entry.GetProperty("statusLabel").GetString());
        Assert.Equal("B.á.n m.a t.u.y đá giá rẻ, ship tận nơi, zalo 0987 654 321", Assert.Single(hidden.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());

        // Every step is in the processing log with who took it.
        var audit = await Admin.GetJson($"api/audit?target=case/{id}");
        var actions = audit.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetString())).ToList();
        Assert.Contains(("content.flagged", "system:content-filter"), actions);
        Assert.Contains(("content.hide-confirmed", "system:publisher"), actions);

        await Post(Admin, $"api/threads/{id}/moderation/{id}", new { decision = "unhide" }, HttpStatusCode.Forbidden);
        var unhiding = await Post(fixture.People.Staff.Client, $"api/threads/{id}/moderation/{id}", new { decision = "unhide", note = "Kiểm tra lại: tin rao vặt hợp pháp" });
        Assert.Equal("unhide-queued", Assert.Single(unhiding.GetProperty("moderation").EnumerateArray()).GetProperty("status").GetString());
        await WaitForModeration(Admin, id, "unhidden");
        Assert.Equal([(id, true), (id, false)], fixture.Graph.Visibility.Where(v => v.CommentId == id));
    }

    [Fact]
    public async Task A_doubtful_comment_waits_in_the_review_queue_until_the_board_decides()
    {
        var id = await NewComment(Admin, "Có ai biết chỗ mua pháo nổ không ạ?");
        var staff = fixture.People.Staff.Client;
        JsonElement queue = default;
        for (var i = 0; i < 50; i++)
        {
            queue = await staff.GetJson("api/moderation?status=pending-review");
            if (queue.GetProperty("items").EnumerateArray().Any(x => x.GetProperty("caseId").GetString() == id))
            {
                break;
            }

            await Task.Delay(100);
        }

        var item = Assert.Single(queue.GetProperty("items").EnumerateArray(), x => x.GetProperty("caseId").GetString() == id);
        Assert.Equal(("medium", "Có ai biết chỗ mua pháo nổ không ạ?"), (item.GetProperty("confidence").GetString(), item.GetProperty("preview").GetString()));
        Assert.DoesNotContain(fixture.Graph.Visibility, v => v.CommentId == id);

        var kept = await Post(fixture.People.Head.Client, $"api/threads/{id}/moderation/{id}", new { decision = "keep", note = "Người dân hỏi" });
        Assert.Equal("kept", Assert.Single(kept.GetProperty("moderation").EnumerateArray()).GetProperty("status").GetString());
        queue = await staff.GetJson("api/moderation?status=pending-review");
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), x => x.GetProperty("caseId").GetString() == id);
        await Post(staff, $"api/threads/{id}/moderation/{id}", new { decision = "keep" }, HttpStatusCode.Conflict);

        // The board may still hide it later, and the hide goes out.
        await Post(staff, $"api/threads/{id}/moderation/{id}", new { decision = "hide" });
        await WaitForModeration(Admin, id, "hidden");
    }

    [Theory]
    [InlineData("""{"decision": "delete"}""")]
    [InlineData("""{"decision": 1}""")]
    [InlineData("""{}""")]
    [InlineData("""{"decision": "keep", "note": 5}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"decision": """)]
    public async Task Malformed_decisions_are_refused_with_a_problem(string body)
    {
        var id = await NewComment(Admin, "Xin hỏi giờ làm việc của bộ phận một cửa?");
        using var response = await fixture.People.Staff.Client.PostAsync($"api/threads/{id}/moderation/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var expected = body == """{"decision": "keep", "note": 5}""" ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest;
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Queue_parameters_are_checked()
    {
        var staff = fixture.People.Staff.Client;
        foreach (var query in new[] { "status=deleted", "page=0", "pageSize=500", "page=abc" })
        {
            using var response = await staff.GetAsync("api/moderation?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}
