using System.Collections.Concurrent;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.GrainTests;

[Collection(ClusterCollection.Name)]
public class CommentThreadGrainTests(ClusterFixture fixture)
{
    private static readonly Author Citizen = new("6100000000000011", "Nguyễn Thị Hoa", false);
    private static readonly Author Page = new(ClusterFixture.PageId, "UBND tỉnh Lào Cai", true);

    private static string NewId() => $"{ClusterFixture.PageId}_900001_{Guid.NewGuid():N}";

    private static ThreadEvent Change(string messageId, ThreadEventKind kind, string? text, Author? author = null, DateTimeOffset? at = null, string? key = null)
    {
        var when = at ?? DateTimeOffset.UtcNow;
        return new ThreadEvent(key ?? Guid.NewGuid().ToString("N"), kind, MessageChannel.Comment, ClusterFixture.PageId, messageId,
            $"{ClusterFixture.PageId}_900001", $"{ClusterFixture.PageId}_900001", author ?? Citizen, text, [], when, when, "https://www.facebook.com/UBNDTLC/posts/900001");
    }

    [Fact]
    public async Task A_comment_becomes_a_case_that_survives_deactivation()
    {
        var id = NewId();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        var result = await grain.Ingest([Change(id, ThreadEventKind.Add, "Đề nghị sửa cầu treo ở xã Tả Van")]);
        Assert.Equal(new IngestResult(1, 0), result);

        await fixture.DeactivateAll();

        var found = await fixture.Grains.GetGrain<ICommentThreadGrain>(id).GetCase();
        Assert.NotNull(found);
        Assert.Equal(CaseStatus.New, found.Status);
        Assert.Equal("Đề nghị sửa cầu treo ở xã Tả Van", Assert.Single(found.Messages).Text);
        Assert.Equal(Citizen, found.Author);
        Assert.True(await fixture.Catalog.CaseExists(id));
    }

    [Fact]
    public async Task A_retried_delivery_changes_nothing()
    {
        var id = NewId();
        var add = Change(id, ThreadEventKind.Add, "Xin hỏi", key: "retry-" + id);
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        Assert.Equal(new IngestResult(1, 0), await grain.Ingest([add]));
        Assert.Equal(new IngestResult(0, 1), await grain.Ingest([add]));
        Assert.Single((await grain.GetCase())!.Messages);
    }

    [Fact]
    public async Task An_edit_before_its_add_is_reconciled_in_storage()
    {
        var id = NewId();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await grain.Ingest([Change(id, ThreadEventKind.Edit, "Bản sửa", at: t0.AddMinutes(5))]);
        await grain.Ingest([Change(id, ThreadEventKind.Add, "Bản gốc", at: t0)]);
        await fixture.DeactivateAll();
        var message = Assert.Single((await grain.GetCase())!.Messages);
        Assert.Equal("Bản sửa", message.Text);
        Assert.Equal("Bản gốc", message.OriginalText);
    }

    [Fact]
    public async Task The_pages_own_post_is_stored_but_is_not_a_case()
    {
        var id = $"{ClusterFixture.PageId}_{Guid.NewGuid():N}";
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([Change(id, ThreadEventKind.Add, "Thông báo lịch tiếp công dân", Page)]);
        Assert.Null(await grain.GetCase());
        Assert.False(await fixture.Catalog.CaseExists(id));
        Assert.Equal(id, await fixture.Catalog.FindCaseOfMessage(id));
    }

    [Fact]
    public async Task A_page_reply_joins_the_case_and_is_catalogued_under_it()
    {
        var id = NewId();
        var reply = id + "_reply";
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([Change(id, ThreadEventKind.Add, "Câu hỏi")]);
        await grain.Ingest([Change(reply, ThreadEventKind.Add, "Trả lời của Trang", Page)]);
        var found = (await grain.GetCase())!;
        Assert.Equal(2, found.Messages.Count);
        Assert.Contains(found.Messages, m => m.Author.IsPage && m.Text == "Trả lời của Trang");
        Assert.Equal(id, await fixture.Catalog.FindCaseOfMessage(reply));
    }

    [Fact]
    public async Task The_catalogue_lists_cases_newest_first_with_paging()
    {
        var ids = new List<string>();
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            var id = NewId();
            ids.Add(id);
            await fixture.Grains.GetGrain<ICommentThreadGrain>(id).Ingest([Change(id, ThreadEventKind.Add, $"Câu hỏi {i}", at: start.AddSeconds(i))]);
        }

        // Other tests of the collection leave cases too (some dated by a clock moved ahead): compare with the whole list.
        var all = await fixture.Catalog.ListCases(new CaseQuery(CaseStatus.New, null, 1, 500));
        Assert.Equal([ids[2], ids[1], ids[0]], all.Items.Select(c => c.Id).Where(ids.Contains));
        var first = await fixture.Catalog.ListCases(new CaseQuery(CaseStatus.New, null, 1, 2));
        var second = await fixture.Catalog.ListCases(new CaseQuery(CaseStatus.New, null, 2, 2));
        Assert.True(first.Total >= 3);
        Assert.Equal(all.Items.Take(2).Select(c => c.Id), first.Items.Select(c => c.Id));
        Assert.Equal(all.Items.Skip(2).Take(2).Select(c => c.Id), second.Items.Select(c => c.Id));
        var closed = await fixture.Catalog.ListCases(new CaseQuery(CaseStatus.Closed, null, 1, 200));
        Assert.DoesNotContain(closed.Items, c => ids.Contains(c.Id));
    }

    private sealed class RecordingObserver : IDashboardObserver
    {
        public ConcurrentQueue<DashboardDelta> Deltas { get; } = new();

        public Task OnDelta(DashboardDelta delta)
        {
            Deltas.Enqueue(delta);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task New_messages_reach_every_registered_host_and_the_page_counters()
    {
        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IDashboardObserver>(observer);
        await fixture.Grains.GetGrain<IDashboardHostListGrain>(0).Register("test-host", reference);
        try
        {
            var before = (await fixture.Grains.GetGrain<IFanpageGrain>(ClusterFixture.PageId).GetSnapshot()).Counters;
            var id = NewId();

            // Written at the silo's time: other tests move the shared clock on, and "today" is the page's (Vietnam) day by
            // that clock — a comment stamped with the machine's time late in the evening would belong to yesterday.
            await fixture.Grains.GetGrain<ICommentThreadGrain>(id).Ingest([Change(id, ThreadEventKind.Add, "Có ai trả lời không ạ?", at: fixture.Time.GetUtcNow())]);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!observer.Deltas.Any(d => d.Feed.Any(f => f.MessageId == id)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            var delta = observer.Deltas.First(d => d.Feed.Any(f => f.MessageId == id));
            var item = delta.Feed.Single(f => f.MessageId == id);
            Assert.True(item.OpensCase);
            Assert.Equal("Có ai trả lời không ạ?", item.Text);
            Assert.Equal(before.CommentsToday + 1, delta.Counters!.CommentsToday);
            Assert.Equal(before.OpenCases + 1, delta.Counters.OpenCases);

            // Deactivated, the page grain rebuilds the same figures from the catalogue.
            await fixture.DeactivateAll();
            var rebuilt = await fixture.Grains.GetGrain<IFanpageGrain>(ClusterFixture.PageId).GetSnapshot();
            Assert.True(rebuilt.Counters.CommentsToday >= before.CommentsToday + 1);
            Assert.Contains(rebuilt.RecentFeed, f => f.MessageId == id);
            Assert.Equal("UBND tỉnh Lào Cai", (await fixture.Grains.GetGrain<IFanpageGrain>(ClusterFixture.PageId).GetSnapshot()).Name);
        }
        finally
        {
            await fixture.Grains.GetGrain<IDashboardHostListGrain>(0).Unregister("test-host");
        }
    }
}
