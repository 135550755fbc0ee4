using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.GrainTests;

/// <summary>Crises on the grains: signals open or join, the lifecycle and its refusals, escalation when nobody acknowledges, detection from comments.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrisisGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Officer = new("ungcuu.hoa", "10.3.0.1", "xunit", [Roles.CrisisOfficer]);
    private static readonly Actor Chief = new("chanhvp.minh", "10.1.0.3", "xunit", [Roles.ChiefOfOffice]);
    private static readonly Actor Staff = new("bientap.lan", "10.1.0.1", "xunit", [Roles.EditorialStaff]);

    private ICrisisRegistryGrain Registry => fixture.Grains.GetGrain<ICrisisRegistryGrain>(0);

    private CrisisSignal Signal(string title, string[] posts, int severity = 2, string[]? keywords = null) =>
        new(CrisisSources.Department, title, "Báo điện tử đưa tin, nhiều ý kiến trái chiều", severity, "https://baomoi.example/tin", posts, keywords ?? [], [], fixture.Time.GetUtcNow());

    [Fact]
    public async Task A_signal_on_the_posts_of_an_active_crisis_joins_it_and_only_raises_its_severity()
    {
        var post = "9" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        var opened = await Registry.Raise(Signal("Phản ánh giá vé tham quan " + post, [post]), Officer);
        Assert.Equal((CrisisStatuses.Open, CrisisSources.Department, 2), (opened.Status, opened.Source, opened.Severity));
        Assert.Matches("^crisis-[0-9a-f]{32}$", opened.Id);

        var joined = await Registry.Raise(Signal("Tin khác về cùng bài", [post], severity: 3), Officer);
        Assert.Equal(opened.Id, joined.Id);
        Assert.Equal(3, joined.Severity);
        var lower = await Registry.Raise(Signal("Thêm một tin", [post], severity: 1), Officer);
        Assert.Equal(3, lower.Severity);
        Assert.Equal(["crisis.opened", "crisis.signal-added", "crisis.signal-added"], lower.Timeline.Select(t => t.Action));
        Assert.All(lower.Timeline, t => Assert.Equal(Officer.Name, t.Actor));

        var other = await Registry.Raise(Signal("Chuyện khác hẳn " + post, ["1" + post]), Officer);
        Assert.NotEqual(opened.Id, other.Id);
        Assert.Contains(await Registry.List(CrisisStatuses.Open), c => c.Id == opened.Id);
    }

    [Fact]
    public async Task Officers_take_a_crisis_from_acknowledged_to_resolved_and_others_may_not()
    {
        var crisis = fixture.Grains.GetGrain<ICrisisGrain>((await Registry.Raise(Signal("Sự cố " + Guid.NewGuid().ToString("N"), []), Officer)).Id);
        Assert.Equal("forbidden", (await crisis.Act(CrisisActions.Acknowledge, null, Staff)).Refusal?.Code);
        var acknowledged = (await crisis.Act(CrisisActions.Acknowledge, "Đã nắm thông tin", Officer)).Crisis!;
        Assert.Equal((CrisisStatuses.Acknowledged, Officer.Name), (acknowledged.Status, acknowledged.AcknowledgedBy));
        Assert.Equal("invalid-transition", (await crisis.Act(CrisisActions.Acknowledge, null, Officer)).Refusal?.Code);
        Assert.Equal(CrisisStatuses.Responding, (await crisis.Act(CrisisActions.Respond, "Đăng thông tin chính thức lúc 15 giờ", Chief)).Crisis!.Status);
        var resolved = (await crisis.Act(CrisisActions.Resolve, "Dư luận đã ổn định", Officer)).Crisis!;
        Assert.Equal(CrisisStatuses.Resolved, resolved.Status);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal("invalid-transition", (await crisis.Act(CrisisActions.Resolve, null, Officer)).Refusal?.Code);
        Assert.Equal(["crisis.opened", "crisis.acknowledge", "crisis.respond", "crisis.resolve"], resolved.Timeline.Select(t => t.Action));
        Assert.DoesNotContain(await Registry.List(CrisisStatuses.Open), c => c.Id == resolved.Id);
        Assert.Contains(await Registry.List(CrisisStatuses.Resolved), c => c.Id == resolved.Id);
    }

    [Fact]
    public async Task An_alert_nobody_acknowledges_escalates_to_the_chief_of_office_once()
    {
        var start = fixture.Time.GetUtcNow();
        var view = await Registry.Raise(Signal("Không ai nhận " + Guid.NewGuid().ToString("N"), [], severity: 3), Officer);
        var crisis = fixture.Grains.GetGrain<ICrisisGrain>(view.Id);
        fixture.Time.SetUtcNow(start.AddMinutes(9));
        await crisis.Tick();
        Assert.Null((await crisis.Get())!.EscalatedAt);

        fixture.Time.SetUtcNow(start.AddMinutes(11));
        await crisis.Tick();
        await crisis.Tick();
        var escalated = (await crisis.Get())!;
        Assert.NotNull(escalated.EscalatedAt);
        var line = Assert.Single(escalated.Timeline, t => t.Action == "crisis.escalated");
        Assert.Equal("system:crisis-escalation", line.Actor);
        Assert.Contains("Chánh Văn phòng", line.Detail, StringComparison.Ordinal);

        // Acknowledged in time, nothing escalates.
        var other = fixture.Grains.GetGrain<ICrisisGrain>((await Registry.Raise(Signal("Nhận kịp " + Guid.NewGuid().ToString("N"), []), Officer)).Id);
        await other.Act(CrisisActions.Acknowledge, null, Officer);
        fixture.Time.SetUtcNow(start.AddMinutes(41));
        await other.Tick();
        Assert.Null((await other.Get())!.EscalatedAt);
    }

    [Fact]
    public async Task A_burst_of_angry_comments_on_a_post_opens_an_automatic_crisis_with_its_evidence()
    {
        var post = $"{ClusterFixture.PageId}_{Random.Shared.NextInt64(1_000_000, 9_999_999)}";
        string[] angry = ["Chính quyền vô trách nhiệm, dân bức xúc lắm", "Thật thất vọng, hứa suông mãi", "Phẫn nộ! Quan liêu hách dịch", "chinh quyen tac trach, dan kho qua"];
        // The comments' own times, an hour ago and 0.3 s apart (never ahead of other tests' cases, which the catalogue orders by time).
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 16; i++)
        {
            var now = start.AddMilliseconds(300 * i);
            var id = $"{post}_{i}";
            await fixture.Grains.GetGrain<ICommentThreadGrain>(id).Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment,
                ClusterFixture.PageId, id, post, post, new Author("9" + i, "Người dân " + i, false), angry[i % angry.Length], [], now, now, null)]);
        }

        var crisis = Assert.Single(await Registry.List(null), c => c.PostIds.Contains(post));
        Assert.Equal(CrisisSources.Automatic, crisis.Source);
        Assert.Contains(crisis.Evidence, e => e.Contains("tiêu cực", StringComparison.Ordinal));
        var timeline = (await fixture.Grains.GetGrain<ICrisisGrain>(crisis.Id).Get())!.Timeline;
        Assert.Equal(("crisis.opened", "system:crisis-detector"), (Assert.Single(timeline).Action, timeline[0].Actor));
    }
}
