using System.Globalization;
using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>A host whose Graph API is the local fake server, with short retries.</summary>
public sealed class PublishingFixture : IAsyncLifetime
{
    public FakeGraphServer Graph { get; } = new();

    public HostFixture Host { get; private set; } = null!;

    public Editorial People { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Graph.Start();
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Facebook__GraphBaseUrl"] = Graph.BaseAddress.ToString(),
            ["Facebook__PageAccessToken"] = FakeGraphServer.Token,
            ["Publishing__FirstRetrySeconds"] = "1",
        });
        await Host.InitializeAsync();
        People = await Editorial.SignIn(Host, "SXD");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
    }
}

/// <summary>One host with the local Graph stand-in for every test of publishing: they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PublishingCollection : ICollectionFixture<PublishingFixture>
{
    public const string Name = "publishing";
}

/// <summary>The outbox against a fake Graph API speaking Meta's formats and errors.</summary>
[Collection(PublishingCollection.Name)]
public sealed class PublishingTests(PublishingFixture fixture)
{
    private HttpClient Admin => fixture.Host.Client;

    [Fact]
    public async Task The_approved_text_is_published_once_exactly_as_approved_as_the_pages_reply()
    {
        const string text = "Kính gửi bà Hoa,\nUBND tỉnh trả lời: hồ sơ gồm đơn đề nghị (mẫu 01) và bản vẽ — nộp tại Trung tâm Phục vụ hành chính công. <b>không phải HTML</b> 😊";
        var id = await NewComment(Admin, "Xin hỏi thủ tục cấp phép xây dựng?");
        await fixture.People.Approve(id, text);
        var published = await WaitForStatus(Admin, id, "published");

        var replies = fixture.Graph.Published.Where(p => p.Target == id).ToList();
        var reply = Assert.Single(replies);
        Assert.Equal(text, reply.Text);
        Assert.Equal("comment-reply", reply.Kind);
        var publication = published.GetProperty("workflow").GetProperty("publication");
        Assert.Equal(reply.Id, publication.GetProperty("graphId").GetString());
        Assert.Contains(published.GetProperty("workflow").GetProperty("history").EnumerateArray(),
            h => h.GetProperty("action").GetString() == "case.publication-published" && h.GetProperty("actor").GetString() == "system:publisher");
    }

    [Fact]
    public async Task Throttling_is_retried_within_thirty_seconds_and_the_reply_still_appears_once()
    {
        var id = await NewComment(Admin, "Đèn đường hỏng");
        fixture.Graph.FailNextPost(400, 4, message: "(#4) Application request limit reached");
        var started = DateTimeOffset.UtcNow;
        await fixture.People.Approve(id, "Đã giao Công ty Điện lực sửa trong tuần.");
        await WaitForStatus(Admin, id, "published");
        Assert.Single(fixture.Graph.Published, p => p.Target == id);
        var posts = fixture.Graph.Calls.Where(c => c.Method == "POST" && c.Path.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.True(posts[1].At - posts[0].At < TimeSpan.FromSeconds(30), $"retry after {posts[1].At - posts[0].At}");
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_published_answer_carries_the_citizens_wait_and_the_days_review_shows_how_long_each_step_took()
    {
        var id = await NewComment(Admin, "Xin lịch cắt điện tuần sau ở phường Cốc Lếu");
        await fixture.People.Approve(id, "Lịch cắt điện tuần sau đăng tại trang của Công ty Điện lực Lào Cai.");
        var published = await WaitForStatus(Admin, id, "published");
        var wait = published.GetProperty("wait");
        Assert.Equal(published.GetProperty("workflow").GetProperty("publication").GetProperty("publishedAt").GetDateTimeOffset(), wait.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal(published.GetProperty("createdAt").GetDateTimeOffset(), wait.GetProperty("from").GetDateTimeOffset());
        Assert.InRange(wait.GetProperty("hours").GetDouble(), 0, 0.5);
        Assert.InRange(wait.GetProperty("workingHours").GetDouble(), 0, wait.GetProperty("hours").GetDouble());
        Assert.Equal(["answer", "approval", "approval"], published.GetProperty("clocks").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).Where(k => k != "intake"));

        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var review = (await Admin.GetJson($"api/reports/range?from={today}&to={today}")).GetProperty("wait");
        Assert.True(review.GetProperty("answered").GetInt32() >= 1);
        Assert.True(review.GetProperty("medianHours").GetDouble() >= 0);
        var steps = review.GetProperty("steps").EnumerateArray().ToDictionary(x => x.GetProperty("step").GetString()!);
        Assert.True(steps["approval:EditorialHead"].GetProperty("count").GetInt32() >= 1);
        Assert.True(steps["approval:ChiefOfOffice"].GetProperty("count").GetInt32() >= 1);
        Assert.True(steps["publishing"].GetProperty("count").GetInt32() >= 1);
        var html = await (await Admin.GetAsync($"api/reports/range?from={today}&to={today}&format=html")).Content.ReadAsStringAsync();
        Assert.Contains("Thời gian người dân chờ câu trả lời", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_token_halts_publishing_alerts_the_operator_and_resuming_publishes()
    {
        var id = await NewComment(Admin, "Hỏi về học phí");
        fixture.Graph.FailNextPost(400, 190, 463, message: "Error validating access token: Session has expired.");
        await fixture.People.Approve(id, "Học phí năm học 2026–2027 giữ nguyên.");

        JsonElement status = default;
        for (var i = 0; i < 100 && !(status = await Admin.GetJson("api/publishing")).GetProperty("halted").GetBoolean(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(status.GetProperty("halted").GetBoolean());
        Assert.Contains("190", status.GetProperty("haltReason").GetString(), StringComparison.Ordinal);
        Assert.Contains(status.GetProperty("items").EnumerateArray(), i => i.GetProperty("caseId").GetString() == id && i.GetProperty("status").GetString() == "queued");
        await Task.Delay(1500);
        Assert.DoesNotContain(fixture.Graph.Published, p => p.Target == id);
        Assert.Equal("approved", (await Admin.GetJson("api/threads/" + id)).GetProperty("status").GetString());
        Assert.Contains("HALTED", fixture.Host.Host.Output, StringComparison.Ordinal);

        // The administrator (who replaces the token) finds it in the notification list, as the head and the chief do.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await Admin.GetJson("api/me/notifications")).GetProperty("items").EnumerateArray().Any(n => n.GetProperty("kind").GetString() == "publishing-halted"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no publishing-halted notification for the administrator");
            await Task.Delay(100);
        }

        Assert.Contains((await fixture.People.Chief.Client.GetJson("api/me/notifications")).GetProperty("items").EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "publishing-halted" && n.GetProperty("link").GetString() == "/cases");

        var resumed = await Post(Admin, "api/publishing/resume", new { });
        Assert.False(resumed.GetProperty("halted").GetBoolean());
        await WaitForStatus(Admin, id, "published");
        Assert.Single(fixture.Graph.Published, p => p.Target == id);
    }

    [Fact]
    public async Task Messenger_answers_use_the_response_window_then_the_human_agent_tag_then_another_channel()
    {
        (int AgeHours, string? Type, string? Tag, string Status)[] cases =
        [
            (1, "RESPONSE", null, "published"),
            (72, "MESSAGE_TAG", "HUMAN_AGENT", "published"),
            (24 * 8, null, null, "needs-other-channel"),
        ];
        foreach (var (age, type, tag, expected) in cases)
        {
            var psid = "2" + Guid.NewGuid().ToString("N")[..15];
            var at = DateTimeOffset.UtcNow.AddHours(-age);
            await Admin.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "mid." + Guid.NewGuid().ToString("N"), "Cho tôi hỏi lịch tiếp công dân", at: at)));
            var id = $"messenger:{MetaDeliveries.PageId}:{psid}";
            await fixture.People.Approve(id, "Lịch tiếp công dân: sáng thứ Năm hằng tuần.");
            if (expected == "published")
            {
                await WaitForStatus(Admin, id, "published");
                var sent = Assert.Single(fixture.Graph.Published, p => p.Target == psid);
                Assert.Equal(type, sent.MessagingType);
                Assert.Equal(tag, sent.Tag);
            }
            else
            {
                JsonElement found = default;
                for (var i = 0; i < 100; i++)
                {
                    found = await Admin.GetJson("api/threads/" + Uri.EscapeDataString(id));
                    if (found.GetProperty("workflow").GetProperty("publication").GetProperty("status").GetString() == expected)
                    {
                        break;
                    }

                    await Task.Delay(100);
                }

                Assert.Equal(expected, found.GetProperty("workflow").GetProperty("publication").GetProperty("status").GetString());
                Assert.Equal("approved", found.GetProperty("status").GetString());
                Assert.DoesNotContain(fixture.Graph.Published, p => p.Target == psid);

                // Answered by telephone instead: the Board closes it with a note.
                var closed = await Post(fixture.People.Staff.Client, $"api/threads/{Uri.EscapeDataString(id)}/close", new { note = "Đã gọi điện trả lời ngày 29/11" });
                Assert.Equal("closed", closed.GetProperty("status").GetString());
            }
        }
    }
}

/// <summary>A crash in the middle of a publish: Meta has the reply, the host never heard back.</summary>
public sealed class PublishingCrashTests(PublishingFixture fixture) : IClassFixture<PublishingFixture>
{
    [Fact]
    public async Task A_host_killed_during_a_publish_does_not_publish_twice_after_it_restarts()
    {
        var admin = fixture.Host.Client;
        var id = await NewComment(admin, "Hỏi về đất đai");
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Graph.HoldNextPostAfterPublishing(received, release.Task);
        await fixture.People.Approve(id, "Thửa đất của ông thuộc quy hoạch đất ở.");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Meta has published the reply; the host dies before it hears so.
        await fixture.Host.Host.Kill();
        release.SetResult();
        await fixture.Host.Host.Start(keepHttpPort: true);

        var published = await WaitForStatus(admin, id, "published", TimeSpan.FromSeconds(60));
        var reply = Assert.Single(fixture.Graph.Published, p => p.Target == id);
        Assert.Equal(reply.Id, published.GetProperty("workflow").GetProperty("publication").GetProperty("graphId").GetString());
        Assert.Single(fixture.Graph.Calls, c => c.Method == "POST" && c.Path.Contains(id, StringComparison.Ordinal));
        Assert.Contains(fixture.Graph.Calls, c => c.Method == "GET" && c.Path.Contains(id, StringComparison.Ordinal));
    }
}

/// <summary>The Office's own page posts: the same approval chain and the same outbox as answers.</summary>
public sealed class PagePostPublishingTests(PublishingFixture fixture) : IClassFixture<PublishingFixture>
{
    [Fact]
    public async Task A_page_post_is_approved_by_the_head_and_the_chief_and_published_once_to_the_page()
    {
        var people = fixture.People;
        const string text = "Thông báo: từ ngày 01/12/2026, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ cả sáng thứ Bảy.";
        var created = await Post(people.Staff.Client, "api/posts", new { category = 3, authority = "office", text }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("drafting", created.GetProperty("status").GetString());

        // Official information: the source is required before it goes up (R7.3).
        Assert.Equal("source-required", (await Post(people.Staff.Client, $"api/posts/{id}/submit", new { }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await Post(people.Staff.Client, $"api/posts/{id}/drafts", new { text, sources = new[] { "Quyết định 2150/QĐ-UBND ngày 20/11/2026" } });
        await Post(people.Staff.Client, $"api/posts/{id}/submit", new { });
        Assert.Equal("out-of-order", (await Post(people.Chief.Client, $"api/posts/{id}/approve", new { }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        using (var admin = await fixture.Host.Client.PostAsync($"api/posts/{id}/approve", Infrastructure.Accounts.Json(new { })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        }

        await Post(people.Head.Client, $"api/posts/{id}/approve", new { draft = 2 });
        await Post(people.Chief.Client, $"api/posts/{id}/approve", new { draft = 2 });

        JsonElement post = default;
        for (var i = 0; i < 200 && (post = await fixture.Host.Client.GetJson("api/posts/" + id)).GetProperty("status").GetString() != "published"; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("published", post.GetProperty("status").GetString());
        var published = Assert.Single(fixture.Graph.Published, p => p.Kind == "page-post" && p.Text == text);
        Assert.Equal(MetaDeliveries.PageId, published.Target);
        Assert.Equal(published.Id, post.GetProperty("publication").GetProperty("graphId").GetString());
        Assert.Equal([people.Head.Name, people.Chief.Name], post.GetProperty("approvals").EnumerateArray().Where(a => !a.GetProperty("voided").GetBoolean()).Select(a => a.GetProperty("approver").GetString()));

        var listed = await fixture.Host.Client.GetJson("api/posts?status=published");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        var audit = await fixture.Host.Client.GetJson($"api/audit?target={Uri.EscapeDataString("post/" + id)}&pageSize=50");
        Assert.Equal(
            ["post.created", "post.draft-saved", "post.submitted", "post.approved", "post.approved", "post.publication-published"],
            audit.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).Reverse());
    }

    [Fact]
    public async Task Bad_post_commands_are_precise_problems()
    {
        var staff = fixture.People.Staff.Client;
        await Post(staff, "api/posts", new { category = 0, authority = "office", text = "x" }, HttpStatusCode.BadRequest);
        await Post(staff, "api/posts", new { category = 3, authority = "office", text = "" }, HttpStatusCode.BadRequest);
        await Post(staff, "api/posts/post-00000000000000000000000000000000/submit", new { }, HttpStatusCode.NotFound);
        await Post(staff, "api/posts/post-%7B0%7D%27%3B--/submit", new { }, HttpStatusCode.NotFound);
        var (_, officer) = await fixture.Host.NewUser("UnitOfficer", "SXD");
        using var refused = await officer.PostAsync("api/posts", Infrastructure.Accounts.Json(new { category = 3, authority = "office", text = "Bài của đơn vị" }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
