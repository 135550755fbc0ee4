using System.Net;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class WebhookEndpointTests(HostFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private Task<JsonElement> Case(string id, HttpStatusCode expected = HttpStatusCode.OK) =>
        Client.GetJson("api/threads/" + Uri.EscapeDataString(id), expected);

    [Fact]
    public async Task The_verification_handshake_answers_the_challenge_only_with_the_right_token()
    {
        using var ok = await Client.GetAsync($"webhooks/facebook?hub.mode=subscribe&hub.verify_token={MetaDeliveries.VerifyToken}&hub.challenge=1158201444");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        using var wrong = await Client.GetAsync("webhooks/facebook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        await wrong.ReadProblem(HttpStatusCode.Forbidden);

        using var reflected = await Client.GetAsync($"webhooks/facebook?hub.mode=subscribe&hub.verify_token={MetaDeliveries.VerifyToken}&hub.challenge=%3Cscript%3E");
        await reflected.ReadProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_signed_comment_is_stored_and_readable_with_vietnam_times()
    {
        var id = MetaDeliveries.NewCommentId();
        var result = await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Xin hỏi về hồ sơ đăng ký hộ kinh doanh ở phường Cam Đường?")));
        Assert.Equal(1, result.GetProperty("stored").GetInt32());

        var found = await Case(id);
        Assert.Equal("new", found.GetProperty("status").GetString());
        Assert.Equal("comment", found.GetProperty("channel").GetString());
        Assert.Equal("Nguyễn Thị Hoa", found.GetProperty("author").GetProperty("name").GetString());
        var message = found.GetProperty("messages")[0];
        Assert.Equal("Xin hỏi về hồ sơ đăng ký hộ kinh doanh ở phường Cam Đường?", message.GetProperty("text").GetString());
        Assert.EndsWith("+07:00", found.GetProperty("receivedAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("+07:00", message.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_or_wrongly_signed_deliveries_are_refused_and_store_nothing()
    {
        var id = MetaDeliveries.NewCommentId();
        var body = MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Giả mạo"));
        using (var unsigned = await Client.Deliver(body, signature: null))
        {
            await unsigned.ReadProblem(HttpStatusCode.Unauthorized);
        }

        using (var wrongSecret = await Client.Deliver(body, MetaDeliveries.Sign(body, "not_the_app_secret")))
        {
            await wrongSecret.ReadProblem(HttpStatusCode.Unauthorized);
        }

        using (var garbage = await Client.Deliver(body, "sha256=xyz"))
        {
            await garbage.ReadProblem(HttpStatusCode.Unauthorized);
        }

        await Case(id, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_json_and_invalid_utf8_are_bad_requests()
    {
        using (var notJson = await Client.Deliver("{\"object\":\"page\",\"entry\":[")) { await notJson.ReadProblem(HttpStatusCode.BadRequest); }
        var bytes = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "AB")));
        var at = Array.IndexOf(bytes, (byte)'A');
        bytes[at] = 0xFF;
        using var invalid = await Client.Deliver(bytes);
        await invalid.ReadProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_with_413_declared_or_streamed()
    {
        var big = MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), new string('a', 1024 * 1024)));
        using (var declared = await Client.Deliver(big)) { await declared.ReadProblem(HttpStatusCode.RequestEntityTooLarge); }

        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/facebook")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", MetaDeliveries.Sign(big));
        using var streamed = await Client.SendAsync(request);
        await streamed.ReadProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Unknown_objects_are_acknowledged_and_ignored()
    {
        var result = await Client.DeliverOk("""{"object":"user","entry":[{"id":"1","time":1764374400,"changes":[{"field":"email","value":"x"}]}]}""");
        Assert.Equal(0, result.GetProperty("stored").GetInt32());
        Assert.Equal(1, result.GetProperty("ignored").GetInt32());
    }

    [Fact]
    public async Task A_batch_of_hundreds_of_changes_is_taken_whole_and_every_change_becomes_a_case()
    {
        var ids = Enumerable.Range(0, 300).Select(_ => MetaDeliveries.NewCommentId()).ToArray();
        var result = await Client.DeliverOk(MetaDeliveries.Feed([.. ids.Select((id, i) => MetaDeliveries.Comment(id, $"Câu hỏi số {i} về thủ tục hành chính"))]));
        Assert.Equal(300, result.GetProperty("stored").GetInt32());
        foreach (var id in ids.Where((_, i) => i % 25 == 0))
        {
            await Case(id);
        }
    }

    [Fact]
    public async Task A_redelivered_batch_changes_nothing()
    {
        var id = MetaDeliveries.NewCommentId();
        var body = MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Gửi hai lần"), MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Trả lời", parentId: id));
        var first = await Client.DeliverOk(body);
        var second = await Client.DeliverOk(body);
        Assert.Equal(2, first.GetProperty("stored").GetInt32());
        Assert.Equal(0, second.GetProperty("stored").GetInt32());
        Assert.Equal(2, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, (await Case(id)).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Out_of_order_edits_removals_and_replies_are_reconciled()
    {
        var id = MetaDeliveries.NewCommentId();
        var reply = MetaDeliveries.NewCommentId();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(reply, "Em bổ sung ảnh", parentId: id, createdAt: t0.AddMinutes(2))));
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Bản sửa lần hai", verb: "edited", createdAt: t0, editedAt: t0.AddMinutes(5))));
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(reply, "", verb: "remove", parentId: id)));
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Bản gốc", createdAt: t0)));

        var found = await Case(id);
        var messages = found.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(2, messages.Length);
        var root = messages.Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal("Bản sửa lần hai", root.GetProperty("text").GetString());
        Assert.Equal("Bản gốc", root.GetProperty("originalText").GetString());
        var removed = messages.Single(m => m.GetProperty("id").GetString() == reply);
        Assert.Equal("Em bổ sung ảnh", removed.GetProperty("text").GetString());
        Assert.NotEqual(JsonValueKind.Null, removed.GetProperty("removedAt").ValueKind);
        await Case(reply, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reply_to_a_reply_joins_the_original_case_and_the_pages_reply_is_not_a_new_case()
    {
        var id = MetaDeliveries.NewCommentId();
        var reply = MetaDeliveries.NewCommentId();
        var pageReply = MetaDeliveries.NewCommentId();
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Câu hỏi")));
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(reply, "Bổ sung", parentId: id)));
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(pageReply, "Trang đã chuyển Sở Y tế", fromId: MetaDeliveries.PageId, fromName: "UBND tỉnh Lào Cai", parentId: reply)));

        var found = await Case(id);
        Assert.Equal(3, found.GetProperty("messages").GetArrayLength());
        Assert.Contains(found.GetProperty("messages").EnumerateArray(), m => m.GetProperty("author").GetProperty("isPage").GetBoolean());
        await Case(pageReply, HttpStatusCode.NotFound);

        var pageOnly = MetaDeliveries.NewCommentId();
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(pageOnly, "Trang bình luận trên bài của mình", fromId: MetaDeliveries.PageId)));
        await Case(pageOnly, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_messenger_conversation_is_one_case_ordered_by_timestamp()
    {
        var psid = "72" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Client.DeliverOk(MetaDeliveries.MessengerDelivery(
            MetaDeliveries.Messenger(psid, "m_" + psid + "_2", "Tin thứ hai", at: t0.AddSeconds(30)),
            MetaDeliveries.Messenger(psid, "m_" + psid + "_1", "Tin thứ nhất", at: t0)));
        await Client.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "m_" + psid + "_3", "Chúng tôi đã tiếp nhận", echo: true, at: t0.AddMinutes(1))));

        var found = await Case($"messenger:{MetaDeliveries.PageId}:{psid}");
        Assert.Equal("messenger", found.GetProperty("channel").GetString());
        var texts = found.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray();
        Assert.Equal(["Tin thứ nhất", "Tin thứ hai", "Chúng tôi đã tiếp nhận"], texts);
    }
}
