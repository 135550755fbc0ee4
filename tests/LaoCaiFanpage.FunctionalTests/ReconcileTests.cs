using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// A host whose Graph API is the local stand-in, already holding what no webhook delivered: a citizen's post of three
/// days ago with a comment and a reply, one of ten days ago, and a Messenger conversation of two days ago.
/// </summary>
public sealed class ReconcileFixture : IAsyncLifetime
{
    public static readonly string Page = MetaDeliveries.PageId;

    public FakeGraphServer Graph { get; } = new() { ListPageSize = 2 };

    public HostFixture Host { get; private set; } = null!;

    public string RecentPost { get; } = Page + "_81" + Random.Shared.Next(10000, 99999);

    public string OldPost { get; } = Page + "_82" + Random.Shared.Next(10000, 99999);

    public string Comment => RecentPost + "_1";

    public string Reply => RecentPost + "_2";

    public string Psid { get; } = "73" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999);

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        Graph.Feed.Enqueue(new FakePost(OldPost, "Bài cũ mười ngày", "6100000000000031", "Hà Văn Tú", now.AddDays(-10)));
        Graph.Feed.Enqueue(new FakePost(RecentPost, "Đường vào xã Y Tý sạt lở", "6100000000000032", "Sùng A Lử", now.AddDays(-3)));
        Graph.Comments[RecentPost] = new([
            new FakeComment(Comment, "Đến bao giờ thông đường?", "6100000000000033", "Lý Thị Mai", now.AddDays(-3).AddHours(1)),
            new FakeComment(Reply, "Tôi cũng muốn biết", "6100000000000034", "Ma A Sài", now.AddDays(-3).AddHours(2), ParentId: Comment),
        ]);
        Graph.Conversations.Enqueue(new FakeConversation("t_" + Psid, Psid, "Giàng Thị Pà",
            [new FakeMessage("m_recon_" + Psid, "Xin hỏi lịch tiêm chủng", Psid, now.AddDays(-2))]));
        await Graph.Start();
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Facebook__GraphBaseUrl"] = Graph.BaseAddress.ToString(),
            ["Facebook__PageAccessToken"] = FakeGraphServer.Token,
            ["Facebook__Reconcile__IntervalMinutes"] = "0.1",
            ["Facebook__Reconcile__ThrottleSeconds"] = "1",
            ["Facebook__BackfillDays"] = "7",
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
    }
}

/// <summary>Meta does not guarantee delivery: the page is read back, what no webhook delivered becomes cases, nothing twice.</summary>
public sealed class ReconcileTests(ReconcileFixture fixture) : IClassFixture<ReconcileFixture>
{
    private HttpClient Client => fixture.Host.Client;

    private async Task<JsonElement> WaitForCase(string id, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await Client.GetAsync("api/threads/" + Uri.EscapeDataString(id));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < until, $"case {id} did not appear within {timeout}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_first_start_backfills_the_last_seven_days_of_posts_comments_replies_and_conversations()
    {
        var comment = await WaitForCase(fixture.Comment, TimeSpan.FromSeconds(30));
        var messages = comment.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([fixture.Comment, fixture.Reply], messages.Select(m => m.GetProperty("id").GetString()));
        Assert.All(messages, m => Assert.Equal("reconcile", m.GetProperty("source").GetString()));
        Assert.Equal("Lý Thị Mai", comment.GetProperty("author").GetProperty("name").GetString());

        var post = await WaitForCase(fixture.RecentPost, TimeSpan.FromSeconds(10));
        Assert.Equal("Đường vào xã Y Tý sạt lở", post.GetProperty("messages")[0].GetProperty("text").GetString());
        var conversation = await WaitForCase($"messenger:{ReconcileFixture.Page}:{fixture.Psid}", TimeSpan.FromSeconds(10));
        Assert.Equal("Xin hỏi lịch tiêm chủng", conversation.GetProperty("messages")[0].GetProperty("text").GetString());

        // Older than the backfill: not read.
        using var old = await Client.GetAsync("api/threads/" + fixture.OldPost);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        var state = await Client.GetJson("api/webhooks/reconcile");
        Assert.Equal(JsonValueKind.String, state.GetProperty("backfilledAt").ValueKind);
    }

    [Fact]
    public async Task A_comment_no_webhook_delivered_becomes_a_case_within_the_interval()
    {
        var id = fixture.RecentPost + "_3" + Random.Shared.Next(1000, 9999);
        fixture.Graph.Comments[fixture.RecentPost].Enqueue(new FakeComment(id, "Webhook bị lỡ", "6100000000000035", "Vàng Seo Dín", DateTimeOffset.UtcNow));
        var found = await WaitForCase(id, TimeSpan.FromSeconds(40));
        Assert.Equal("Webhook bị lỡ", found.GetProperty("messages")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reconciling_now_adds_what_was_missed_and_never_duplicates_what_a_webhook_delivered_while_throttling_is_waited_out()
    {
        // One comment reached us by webhook; another did not. Both are on Facebook.
        var delivered = fixture.RecentPost + "_4" + Random.Shared.Next(1000, 9999);
        var missed = fixture.RecentPost + "_5" + Random.Shared.Next(1000, 9999);
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(delivered, "Đã nhận qua webhook", postId: fixture.RecentPost)));
        fixture.Graph.Comments[fixture.RecentPost].Enqueue(new FakeComment(delivered, "Đã nhận qua webhook", "6100000000000011", "Nguyễn Thị Hoa", DateTimeOffset.UtcNow));
        fixture.Graph.Comments[fixture.RecentPost].Enqueue(new FakeComment(missed, "Chưa nhận", "6100000000000036", "Lò Văn Sinh", DateTimeOffset.UtcNow));

        // Meta throttles three times (#613, #4, #32), each asking to wait 1 s.
        fixture.Graph.ThrottleNextGet(613, 1);
        fixture.Graph.ThrottleNextGet(4, 1);
        fixture.Graph.ThrottleNextGet(32, 1);
        var outcome = await Editorial.Post(Client, "api/webhooks/reconcile", new { });
        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("stopped").ValueKind);
        Assert.True(outcome.GetProperty("duplicates").GetInt32() >= 1);

        // Whichever run met them, each throttled call was tried again only after the second Meta asked for.
        Assert.Equal(3, fixture.Graph.ThrottledGets.Count);
        foreach (var (path, at) in fixture.Graph.ThrottledGets)
        {
            var retry = fixture.Graph.Calls.Where(c => c.Method == "GET" && c.Path == path && c.At > at).Select(c => c.At).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            Assert.True(retry - at >= TimeSpan.FromMilliseconds(900), $"{path} was called again {(retry - at).TotalMilliseconds} ms after Meta throttled it");
        }

        var found = await WaitForCase(missed, TimeSpan.FromSeconds(5));
        Assert.Equal("reconcile", found.GetProperty("messages")[0].GetProperty("source").GetString());
        var webhookCase = await Client.GetJson("api/threads/" + delivered);
        var only = Assert.Single(webhookCase.GetProperty("messages").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("source").ValueKind);

        // Once more: everything read is already stored.
        var again = await Editorial.Post(Client, "api/webhooks/reconcile", new { });
        Assert.Equal(0, again.GetProperty("applied").GetInt32());
    }
}
