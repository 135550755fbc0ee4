using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>R8.4d end to end: a crisis's response plan, its approvals, and the clarification it publishes through the outbox.</summary>
[Collection(PublishingCollection.Name)]
public sealed class CrisisPlanTests(PublishingFixture fixture)
{
    [Fact]
    public async Task A_plan_is_drafted_returned_approved_by_the_chief_and_the_standing_committee_and_publishes_its_clarification_once()
    {
        var officer = (await fixture.Host.NewUser("CrisisOfficer")).Client;
        var standing = (await fixture.Host.NewUser("StandingCommittee")).Client;
        var people = fixture.People;
        var caseId = await NewComment(fixture.Host.Client, "Có đúng là cầu Kim Tân sắp bị cấm lưu thông không?");
        var crisis = await Post(officer, "api/crises/signals", new { title = "Tin đồn cấm lưu thông cầu Kim Tân " + Guid.NewGuid().ToString("N")[..6], severity = 3 }, HttpStatusCode.Created);
        var id = crisis.GetProperty("id").GetString()!;
        var clarification = "UBND tỉnh Lào Cai thông tin: cầu Kim Tân vẫn lưu thông bình thường; thông tin cấm lưu thông là sai sự thật. " + Guid.NewGuid().ToString("N")[..6];
        var plan = new { whatHappened = "Nhiều trang chia sẻ tin cấm lưu thông cầu Kim Tân", response = "Đăng thông tin chính thức, đề nghị Công an tỉnh xác minh nguồn tin", clarification, beyondOffice = true, caseIds = new[] { caseId } };

        // Only a crisis officer writes it; nobody approves what was not submitted.
        using (var byStaff = await people.Staff.Client.PostAsync($"api/crises/{id}/plan", Infrastructure.Accounts.Json(plan)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        }

        var saved = await Post(officer, $"api/crises/{id}/plan", plan);
        Assert.Equal(("drafting", 1), (saved.GetProperty("plan").GetProperty("status").GetString(), saved.GetProperty("plan").GetProperty("version").GetInt32()));
        Assert.Equal([caseId], saved.GetProperty("plan").GetProperty("caseIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("out-of-order", (await Post(people.Chief.Client, $"api/crises/{id}/plan/approve", new { }, HttpStatusCode.Conflict)).GetProperty("code").GetString());

        // Submitted, returned by the Chief with the reason, rewritten, submitted again.
        await Post(officer, $"api/crises/{id}/plan/submit", new { });
        Assert.Equal("plan-locked", (await Post(officer, $"api/crises/{id}/plan", plan, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("forbidden", (await Post(people.Head.Client, $"api/crises/{id}/plan/approve", new { }, HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        var returned = await Post(people.Chief.Client, $"api/crises/{id}/plan/return", new { reason = "Bổ sung số điện thoại đường dây nóng" });
        Assert.Equal(("drafting", "Bổ sung số điện thoại đường dây nóng"),
            (returned.GetProperty("plan").GetProperty("status").GetString(), returned.GetProperty("plan").GetProperty("returnedReason").GetString()));
        clarification += " Đường dây nóng: 0214 3840 888.";
        await Post(officer, $"api/crises/{id}/plan", plan with { clarification = clarification });
        await Post(officer, $"api/crises/{id}/plan/submit", new { });

        // The Chief, then (beyond the Office) the Standing Committee; nothing is published before the last approval.
        var afterChief = await Post(people.Chief.Client, $"api/crises/{id}/plan/approve", new { });
        Assert.Equal("pending-standing-committee", afterChief.GetProperty("plan").GetProperty("status").GetString());
        Assert.Equal("forbidden", (await Post(people.Chief.Client, $"api/crises/{id}/plan/approve", new { }, HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.DoesNotContain(fixture.Graph.Published, p => p.Text == clarification);
        await Post(standing, $"api/crises/{id}/plan/approve", new { });

        JsonElement view;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((view = await officer.GetJson("api/crises/" + id)).GetProperty("plan").GetProperty("status").GetString() != "published" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var published = view.GetProperty("plan");
        Assert.Equal("published", published.GetProperty("status").GetString());
        var post = Assert.Single(fixture.Graph.Published, p => p.Text == clarification);
        Assert.Equal(("page-post", post.Id), (post.Kind, published.GetProperty("postId").GetString()));
        Assert.Equal([ "ChiefOfOffice", "StandingCommittee" ], published.GetProperty("approvals").EnumerateArray().Select(a => a.GetProperty("step").GetString()));
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "crisis.clarification-published");

        // The clarification comes back by webhook as the page's own post: it passed the chain, so it is no finding.
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(post.Id, clarification)));
        var sentinel = MetaDeliveries.PageId + "_" + Random.Shared.Next(100_000_000, 999_999_999);
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(sentinel, "Bài không qua phê duyệt")));
        var findings = new List<JsonElement>();
        for (var i = 0; i < 100 && !findings.Any(f => f.GetProperty("messageId").GetString() == sentinel); i++)
        {
            await Task.Delay(50);
            findings = [.. (await fixture.Host.Client.GetJson("api/integrity/findings")).GetProperty("items").EnumerateArray()];
        }

        Assert.Contains(findings, f => f.GetProperty("messageId").GetString() == sentinel);
        Assert.DoesNotContain(findings, f => f.GetProperty("messageId").GetString() == post.Id);
    }
}
