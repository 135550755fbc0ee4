using System.Globalization;
using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>A published post with an error is corrected, then withdrawn, each through the whole chain, and applied on Facebook (the local stand-in).</summary>
[Collection(PublishingCollection.Name)]
public sealed class PostCorrectionTests(PublishingFixture fixture)
{
    private async Task<JsonElement> WaitFor(string id, Func<JsonElement, bool> done)
    {
        JsonElement post;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!done(post = await fixture.Host.Client.GetJson("api/posts/" + id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return post;
    }

    private async Task Approve(string id)
    {
        await Post(fixture.People.Staff.Client, $"api/posts/{id}/submit", new { });
        await Post(fixture.People.Head.Client, $"api/posts/{id}/approve", new { });
        await Post(fixture.People.Chief.Client, $"api/posts/{id}/approve", new { });
    }

    private async Task<List<string?>> Findings(string messageId) =>
        [.. (await fixture.Host.Client.GetJson("api/integrity/findings")).GetProperty("items").EnumerateArray()
            .Where(f => f.GetProperty("messageId").GetString() == messageId).Select(f => f.GetProperty("kind").GetString())];

    [Fact]
    public async Task A_correction_and_a_withdrawal_go_through_the_chain_are_applied_on_facebook_and_every_version_is_kept()
    {
        var people = fixture.People;
        var wrong = "Lịch tiếp công dân tháng 12: thứ Năm hằng tuần tại Trụ sở UBND tỉnh " + Guid.NewGuid().ToString("N")[..6];
        var created = await Post(people.Staff.Client, "api/posts", new { category = 6, authority = "office", text = wrong }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        // Nothing to correct before it is on the page.
        Assert.Equal("invalid-transition", (await Post(people.Staff.Client, $"api/posts/{id}/correction", new { text = "x", reason = "y" }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await Approve(id);
        var published = await WaitFor(id, p => p.GetProperty("status").GetString() == "published");
        var graphId = published.GetProperty("publication").GetProperty("graphId").GetString()!;
        Assert.Single(fixture.Graph.Published, p => p.Text == wrong);

        // The correction is a draft: until the whole chain approves it, Facebook is not touched.
        var right = wrong.Replace("thứ Năm", "thứ Sáu", StringComparison.Ordinal);
        using (var noReason = await people.Staff.Client.PostAsync($"api/posts/{id}/correction", Infrastructure.Accounts.Json(new { text = right })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        var proposed = await Post(people.Staff.Client, $"api/posts/{id}/correction", new { text = right, reason = "Nhầm ngày tiếp công dân" });
        Assert.Equal(("drafting", "edited"), (proposed.GetProperty("status").GetString(), proposed.GetProperty("correction").GetString()));
        await Post(people.Staff.Client, $"api/posts/{id}/submit", new { });
        await Post(people.Head.Client, $"api/posts/{id}/approve", new { });
        Assert.DoesNotContain(fixture.Graph.Edits, e => e.ObjectId == graphId);
        await Post(people.Chief.Client, $"api/posts/{id}/approve", new { });
        var corrected = await WaitFor(id, p => p.GetProperty("status").GetString() == "published" && p.GetProperty("versions").GetArrayLength() == 2);
        var edit = Assert.Single(fixture.Graph.Edits, e => e.ObjectId == graphId);
        Assert.Equal(right, edit.Text);
        Assert.Equal(JsonValueKind.Null, corrected.GetProperty("correction").ValueKind);

        // Facebook tells us of the edit: it is what the chain approved, so no finding.
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(graphId, wrong)));
        var edited = MetaDeliveries.PagePost(graphId, right, verb: "edited");
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(edited));

        // Withdrawn the same way: proposed, approved, then removed from the page.
        await Post(people.Staff.Client, $"api/posts/{id}/removal", new { reason = "Lịch tiếp công dân đã thay đổi, đăng thông báo mới" });
        await Approve(id);
        var removed = await WaitFor(id, p => p.GetProperty("status").GetString() == "closed");
        Assert.Equal("removed", removed.GetProperty("closedReason").GetString());
        Assert.Single(fixture.Graph.Deletions, d => d.ObjectId == graphId);
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(graphId, right, verb: "remove")));

        // Every version is kept: as published, as corrected, and the removal.
        var versions = removed.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(["published", "edited", "removed"], versions.Select(v => v.GetProperty("change").GetString()));
        Assert.Equal([wrong, right], versions.Take(2).Select(v => v.GetProperty("text").GetString()));
        Assert.All(versions, v => Assert.Equal(graphId, v.GetProperty("graphId").GetString()));
        var history = removed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains("post.correction-proposed", history);
        Assert.Contains("post.removal-proposed", history);

        // A sentinel page post nobody approved proves the checks above ran: it is a finding, the corrected post is not.
        var sentinel = MetaDeliveries.PageId + "_" + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(sentinel, "Bài không qua phê duyệt " + sentinel)));
        for (var i = 0; i < 100 && (await Findings(sentinel)).Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["unapproved-publication"], await Findings(sentinel));
        Assert.Empty(await Findings(graphId));
    }

    [Fact]
    public async Task A_published_answer_is_corrected_and_then_removed_through_the_chain_and_the_citizens_wait_stays_as_it_was()
    {
        var people = fixture.People;
        var caseId = await NewComment(fixture.Host.Client, "Hồ sơ cấp đổi giấy phép lái xe nộp ở đâu?");
        const string wrong = "Nộp tại Sở Giao thông vận tải, số 2 đường Hoàng Liên.";
        await people.Approve(caseId, wrong);
        var published = await WaitForStatus(fixture.Host.Client, caseId, "published");
        var replyId = Assert.Single(fixture.Graph.Published, p => p.Target == caseId).Id;
        var wait = published.GetProperty("wait").GetProperty("publishedAt").GetDateTimeOffset();

        // A unit officer cannot; the Board proposes; the chain approves; Facebook's reply is edited in place.
        using (var byOfficer = await people.Officer.Client.PostAsync($"api/threads/{caseId}/correction", Infrastructure.Accounts.Json(new { text = "x", reason = "y" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        }

        const string right = "Nộp tại Trung tâm Phục vụ hành chính công tỉnh (bộ phận của Sở Xây dựng).";
        await Post(people.Staff.Client, $"api/threads/{caseId}/correction", new { text = right, reason = "Sai địa chỉ nộp hồ sơ" });
        await Post(people.Staff.Client, $"api/threads/{caseId}/submit", new { });
        await Post(people.Head.Client, $"api/threads/{caseId}/approve", new { });
        await Post(people.Chief.Client, $"api/threads/{caseId}/approve", new { });
        JsonElement corrected;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((corrected = await fixture.Host.Client.GetJson("api/threads/" + caseId)).GetProperty("workflow").GetProperty("versions").GetArrayLength() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(right, Assert.Single(fixture.Graph.Edits, e => e.ObjectId == replyId).Text);
        Assert.Equal("published", corrected.GetProperty("status").GetString());
        Assert.Equal(wait, corrected.GetProperty("wait").GetProperty("publishedAt").GetDateTimeOffset());
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(replyId, right, fromId: MetaDeliveries.PageId, fromName: "UBND tỉnh Lào Cai",
            parentId: caseId, verb: "edited", editedAt: DateTimeOffset.UtcNow)));

        await Post(people.Staff.Client, $"api/threads/{caseId}/removal", new { reason = "Trả lời nhầm vụ việc" });
        await Post(people.Staff.Client, $"api/threads/{caseId}/submit", new { });
        await Post(people.Head.Client, $"api/threads/{caseId}/approve", new { });
        await Post(people.Chief.Client, $"api/threads/{caseId}/approve", new { });
        var removed = await WaitForStatus(fixture.Host.Client, caseId, "closed");
        Assert.Single(fixture.Graph.Deletions, d => d.ObjectId == replyId);
        Assert.Equal("answer-removed", removed.GetProperty("workflow").GetProperty("closedReason").GetString());
        Assert.Equal(["published", "edited", "removed"], removed.GetProperty("workflow").GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("change").GetString()));
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(replyId, right, fromId: MetaDeliveries.PageId, parentId: caseId, verb: "remove")));

        // The checks ran: a sentinel reply nobody approved in the same case is a finding, the corrected reply is none.
        var sentinel = MetaDeliveries.NewCommentId();
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(sentinel, "Trả lời thêm không qua duyệt", fromId: MetaDeliveries.PageId, parentId: caseId)));
        for (var i = 0; i < 100 && (await Findings(sentinel)).Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["unapproved-publication"], await Findings(sentinel));
        Assert.Empty(await Findings(replyId));
    }

    [Fact]
    public async Task A_sent_messenger_answer_cannot_be_corrected()
    {
        var psid = "74" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
        await fixture.Host.Client.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "m_" + psid + "_1", "Cho hỏi giờ làm việc")));
        var caseId = $"messenger:{MetaDeliveries.PageId}:{psid}";
        await fixture.People.Approve(caseId, "Từ 7 giờ 30 đến 17 giờ các ngày làm việc.");
        await WaitForStatus(fixture.Host.Client, caseId, "published");
        Assert.Equal("messenger-final", (await Post(fixture.People.Staff.Client, $"api/threads/{Uri.EscapeDataString(caseId)}/correction",
            new { text = "Sửa", reason = "Sai giờ" }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_edit_made_on_facebook_after_a_correction_is_still_a_finding()
    {
        var people = fixture.People;
        var text = "Thông báo nghỉ Tết Dương lịch " + Guid.NewGuid().ToString("N")[..6];
        var id = (await Post(people.Staff.Client, "api/posts", new { category = 6, authority = "office", text }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Approve(id);
        var graphId = (await WaitFor(id, p => p.GetProperty("status").GetString() == "published")).GetProperty("publication").GetProperty("graphId").GetString()!;
        await Post(people.Staff.Client, $"api/posts/{id}/correction", new { text = text + " (sửa ngày)", reason = "Sai ngày" });
        await Approve(id);
        await WaitFor(id, p => p.GetProperty("versions").GetArrayLength() == 2);

        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(graphId, text + " — sửa tay trên Facebook", verb: "edited")));
        for (var i = 0; i < 100 && (await Findings(graphId)).Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["edited-after-approval"], await Findings(graphId));
    }
}
