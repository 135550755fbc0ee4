using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// Art. 8.1 end to end: what the page shows on Facebook (brought back by signed webhooks) against what passed the
/// approval chain and left through the outbox to the local Graph stand-in.
/// </summary>
[Collection(PublishingCollection.Name)]
public sealed class IntegrityTests(PublishingFixture fixture, ITestOutputHelper output)
{
    private HttpClient Admin => fixture.Host.Client;

    private async Task<JsonElement?> Finding(string messageId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            var list = await Admin.GetJson("api/integrity/findings");
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("messageId").GetString() == messageId)
                {
                    return item;
                }
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return null;
    }

    /// <summary>A wall screen's connection, with every alert it receives.</summary>
    private async Task<(HubConnection Connection, ConcurrentQueue<JsonElement> Alerts)> Wall()
    {
        var alerts = new ConcurrentQueue<JsonElement>();
        var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Host.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.Host.AdminToken))
            .Build();
        wall.On<JsonElement>("alert", alerts.Enqueue);
        await wall.StartAsync();
        return (wall, alerts);
    }

    /// <summary>The wall's alert that matches, once it has arrived (screens get alerts pushed in batches).</summary>
    private static async Task<JsonElement> Alerted(ConcurrentQueue<JsonElement> alerts, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var alert in alerts)
            {
                if (match(alert))
                {
                    return alert;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The wall did not get the expected alert.");
    }

    private static JsonObject PageReply(string id, string text, string parentId, string verb = "add", DateTimeOffset? editedAt = null) =>
        MetaDeliveries.Comment(id, text, fromId: MetaDeliveries.PageId, fromName: "UBND tỉnh Lào Cai", parentId: parentId, verb: verb, editedAt: editedAt);

    private Task<JsonElement> Deliver(JsonObject change) => Admin.DeliverOk(MetaDeliveries.Feed(change));

    [Fact]
    public async Task An_approved_answer_echoed_back_is_clean_whatever_id_and_spacing_facebook_gives_it()
    {
        const string text = "Kính gửi ông Minh,\nSở Xây dựng trả lời: hồ sơ nộp tại Trung tâm Phục vụ hành chính công.";
        var caseId = await NewComment(Admin, "Hỏi thủ tục cấp phép sửa nhà");
        await fixture.People.Approve(caseId, text);
        await WaitForStatus(Admin, caseId, "published");
        var reply = Assert.Single(fixture.Graph.Published, p => p.Target == caseId);

        // The echo with Facebook's id; then the same words under another id, decomposed (NFD) and re-spaced, as a
        // reconciliation or Meta's own normalisation may bring them back.
        await Deliver(PageReply(reply.Id, text, caseId));
        var otherId = MetaDeliveries.NewCommentId();
        var caseTwo = await NewComment(Admin, "Hỏi giờ làm việc của bộ phận một cửa");
        const string answer = "Bộ phận một cửa làm việc từ 7 giờ 30 đến 17 giờ các ngày làm việc.";
        await fixture.People.Approve(caseTwo, answer);
        await WaitForStatus(Admin, caseTwo, "published");
        await Deliver(PageReply(otherId, "  " + answer.Normalize(NormalizationForm.FormD).Replace(" ", "  \n", StringComparison.Ordinal) + " ", caseTwo));

        // An unapproved reply in the same case is a finding: once it is seen, the approved ones were checked before it.
        var sentinel = MetaDeliveries.NewCommentId();
        await Deliver(PageReply(sentinel, "Trả lời gõ thẳng trên Facebook", caseTwo));
        Assert.NotNull(await Finding(sentinel, TimeSpan.FromSeconds(10)));
        Assert.Null(await Finding(reply.Id, TimeSpan.Zero));
        Assert.Null(await Finding(otherId, TimeSpan.Zero));
    }

    [Fact]
    public async Task Unapproved_replies_and_posts_and_an_edited_or_removed_approved_answer_are_findings_on_the_wall_and_told_to_the_chief()
    {
        var (wall, alerts) = await Wall();
        await using var _ = wall;

        // A reply typed straight into Facebook under a citizen's comment.
        var caseId = await NewComment(Admin, "Đường Hoàng Liên có bị cấm xe tải không?");
        var unapproved = MetaDeliveries.NewCommentId();
        var sent = Stopwatch.GetTimestamp();
        await Deliver(PageReply(unapproved, "Có ạ, cấm từ 6h đến 22h", caseId));
        var reply = await Finding(unapproved, TimeSpan.FromSeconds(5));
        output.WriteLine($"finding after {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms");
        Assert.NotNull(reply);
        Assert.Equal(("unapproved-publication", "open", caseId), (reply.Value.GetProperty("kind").GetString(), reply.Value.GetProperty("status").GetString(), reply.Value.GetProperty("caseId").GetString()));
        Assert.Equal("Có ạ, cấm từ 6h đến 22h", reply.Value.GetProperty("text").GetString());

        // A post nobody approved.
        var postId = MetaDeliveries.PageId + "_" + Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        await Admin.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.PagePost(postId, "Thông báo chưa qua phê duyệt về lịch tiếp dân")));
        var post = await Finding(postId, TimeSpan.FromSeconds(5));
        Assert.Equal(("unapproved-publication", "post"), (post!.Value.GetProperty("kind").GetString(), post.Value.GetProperty("channel").GetString()));

        // An approved answer, then edited on Facebook, then removed there.
        var answered = await NewComment(Admin, "Xin lịch tiêm chủng tháng 12");
        const string approved = "Lịch tiêm chủng tháng 12 đăng tại trang của Trung tâm Kiểm soát bệnh tật tỉnh.";
        await fixture.People.Approve(answered, approved);
        await WaitForStatus(Admin, answered, "published");
        var published = Assert.Single(fixture.Graph.Published, p => p.Target == answered);
        await Deliver(PageReply(published.Id, approved, answered));
        await Deliver(PageReply(published.Id, approved + " (đã sửa: lịch lùi sang tháng 1)", answered, verb: "edited", editedAt: DateTimeOffset.UtcNow));
        var edited = await Finding(published.Id, TimeSpan.FromSeconds(5));
        Assert.Equal("edited-after-approval", edited!.Value.GetProperty("kind").GetString());
        Assert.EndsWith("(đã sửa: lịch lùi sang tháng 1)", edited.Value.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(edited.Value.GetProperty("approvedRequestId").GetString()));
        await Deliver(PageReply(published.Id, string.Empty, answered, verb: "remove"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        List<JsonElement> ofAnswer;
        do
        {
            ofAnswer = [.. (await Admin.GetJson("api/integrity/findings?status=open")).GetProperty("items").EnumerateArray().Where(f => f.GetProperty("messageId").GetString() == published.Id)];
        }
        while (ofAnswer.Count < 2 && DateTime.UtcNow < deadline);
        Assert.Contains(ofAnswer, f => f.GetProperty("kind").GetString() == "removed-after-approval");

        // The wall's alert strip has each of them, and a screen connecting now sees them in its snapshot.
        var ids = new[] { reply.Value, post.Value, edited.Value }.Select(f => f.GetProperty("id").GetString()).ToList();
        foreach (var id in ids)
        {
            await Alerted(alerts, a => a.GetProperty("kind").GetString() == "integrity" && a.GetProperty("subject").GetString() == id && a.GetProperty("active").GetBoolean());
        }

        Assert.Contains(alerts, a => a.GetProperty("subject").GetString() == ids[1] && a.GetProperty("message").GetString()!.Contains("Thông báo chưa qua phê duyệt", StringComparison.Ordinal));
        var snapshot = await wall.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.All(ids, id => Assert.Contains(snapshot.GetProperty("integrity").EnumerateArray(), a => a.GetProperty("subject").GetString() == id));

        // The Chief of Office and the Editorial Board head are told.
        foreach (var person in new[] { fixture.People.Chief.Client, fixture.People.Head.Client })
        {
            List<string?> told = [];
            for (var attempt = 0; attempt < 100 && !ids.All(told.Contains); attempt++)
            {
                await Task.Delay(attempt == 0 ? 0 : 100);
                told = [.. (await person.GetJson("api/me/notifications?limit=200")).GetProperty("items").EnumerateArray()
                    .Where(n => n.GetProperty("kind").GetString() == "integrity-finding").Select(n => n.GetProperty("subject").GetString())];
            }

            Assert.All(ids, id => Assert.Contains(id, told));
        }

        // Only the Chief acknowledges, with the reason; the wall's alert then goes.
        var findingId = ids[0]!;
        using (var byHead = await fixture.People.Head.Client.PostAsync($"api/integrity/findings/{findingId}/acknowledge", Infrastructure.Accounts.Json(new { note = "x" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byHead.StatusCode);
        }

        using (var noNote = await fixture.People.Chief.Client.PostAsync($"api/integrity/findings/{findingId}/acknowledge", Infrastructure.Accounts.Json(new { note = " " })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        }

        var acknowledged = await Post(fixture.People.Chief.Client, $"api/integrity/findings/{findingId}/acknowledge", new { note = "Đăng khẩn theo chỉ đạo của Chủ tịch UBND tỉnh" });
        Assert.Equal(("acknowledged", fixture.People.Chief.Name), (acknowledged.GetProperty("status").GetString(), acknowledged.GetProperty("acknowledgedBy").GetString()));
        using (var again = await fixture.People.Chief.Client.PostAsync($"api/integrity/findings/{findingId}/acknowledge", Infrastructure.Accounts.Json(new { note = "lần hai" })))
        {
            Assert.Equal("already-acknowledged", (await again.ReadProblem(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        }

        await Alerted(alerts, a => a.GetProperty("subject").GetString() == findingId && !a.GetProperty("active").GetBoolean());
        Assert.DoesNotContain((await wall.InvokeAsync<JsonElement>("GetSnapshot")).GetProperty("integrity").EnumerateArray(), a => a.GetProperty("subject").GetString() == findingId);
        Assert.Contains((await Admin.GetJson("api/integrity/findings?status=acknowledged")).GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetString() == findingId);
        var audit = await Admin.GetJson($"api/audit?target={Uri.EscapeDataString("integrity/" + findingId)}&pageSize=10");
        Assert.Equal(["integrity.acknowledged", "integrity.finding"], audit.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("action").GetString()));

        // The day's figures count them (the report of a period computed now, as the daily one is at 17:30).
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = await Admin.GetJson($"api/reports/range?from={today}&to={today}");
        var lines = report.GetProperty("integrity").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.All(ids, id => Assert.Contains(id, lines));
    }

    [Fact]
    public async Task A_private_messages_finding_never_shows_its_words_on_the_wall()
    {
        var (wall, alerts) = await Wall();
        await using var _ = wall;
        var psid = "73" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
        await Admin.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "m_" + psid + "_1", "Cho tôi hỏi về trợ cấp")));
        var echo = "m_" + psid + "_2";
        await Admin.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, echo, "Số điện thoại riêng của cán bộ là 0912 345 678", echo: true)));
        var finding = await Finding(echo, TimeSpan.FromSeconds(5));
        Assert.Equal(("unapproved-publication", "messenger"), (finding!.Value.GetProperty("kind").GetString(), finding.Value.GetProperty("channel").GetString()));
        var id = finding.Value.GetProperty("id").GetString();
        var alert = await Alerted(alerts, a => a.GetProperty("subject").GetString() == id);
        Assert.DoesNotContain("0912", alert.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("tin nhắn", alert.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
