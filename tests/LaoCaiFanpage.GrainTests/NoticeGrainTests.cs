using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Storage;

using static LaoCaiFanpage.GrainTests.CaseCommands;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// Who must hear of a step is written with the step: the grain's state carries the notice and the database copies it
/// into notification_event in the same write (the trigger of 0010-notifications.sql), exactly once per notice.
/// </summary>
[Collection(ClusterCollection.Name)]
public class NoticeGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("bientap.thu", "10.1.0.1", "xunit", [Roles.EditorialStaff]);
    private static readonly Actor Head = new("truongban.son", "10.1.0.2", "xunit", [Roles.EditorialHead]);
    private static readonly Actor Chief = new("chanhvp.ha", "10.1.0.3", "xunit", [Roles.ChiefOfOffice]);
    private static readonly Actor CrisisOfficer = new("ungcuu.mai", "10.3.0.1", "xunit", [Roles.CrisisOfficer]);

    private static Actor OfficerOf(string unit) => new("canbo." + unit.ToLowerInvariant(), "10.2.0.1", "xunit", [Roles.UnitOfficer], unit);

    internal static async Task<List<PendingNotice>> Notices(FanpageDatabase database, string source)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, kind, source_seq FROM notification_event WHERE source = @s ORDER BY source_seq";
        command.AddParameter("@s", source);
        var found = new List<PendingNotice>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var notice = JsonSerializer.Deserialize<PendingNotice>(reader.GetString(0), JsonGrainStateSerializer.Options)!;
            Assert.Equal((notice.Kind, notice.Seq), (reader.GetString(1), reader.GetInt64(2)));
            found.Add(notice);
        }

        return found;
    }

    private Task<List<PendingNotice>> Notices(string source) => Notices(fixture.Database, source);

    private async Task<(string Id, ICommentThreadGrain Grain)> NewCase(MessageChannel channel = MessageChannel.Comment)
    {
        var id = channel == MessageChannel.Messenger ? $"messenger:{ClusterFixture.PageId}:{Guid.NewGuid():N}" : $"{ClusterFixture.PageId}_8_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, channel, ClusterFixture.PageId,
            channel == MessageChannel.Messenger ? "m_" + id : id, null, null, new Author("81", "Hoàng Thị Xuân", false),
            "Đường vào bản Tả Van bị sạt lở, xin hỏi bao giờ sửa?", [], now, now, null)]);
        return (id, grain);
    }

    [Fact]
    public async Task Assignment_tells_the_units_officers_and_heads_with_the_deadline_and_the_citizens_words()
    {
        var (id, grain) = await NewCase();
        Assert.Empty(await Notices("case/" + id));
        var assigned = Ok(await grain.ClassifyAndAssign(new Assignment(["SXD", "SGTVT"], CaseComplexity.Complex), Staff));

        var notices = await Notices("case/" + id);
        Assert.Equal([NoticeKinds.CaseAssigned, NoticeKinds.CaseAssigned], notices.Select(n => n.Kind));
        Assert.Equal([["SXD"], ["SGTVT"]], notices.Select(n => n.Officers));
        Assert.Equal([["SXD"], ["SGTVT"]], notices.Select(n => n.Heads));
        var sxd = notices[0];
        Assert.Equal(assigned.Clocks.Single(c => c.Id == "answer:SXD").Deadline.ToUnixTimeMilliseconds(), sxd.DueAt);
        Assert.Equal("/cases/" + Uri.EscapeDataString(id), sxd.Link);
        Assert.Contains("Tả Van", sxd.Body, StringComparison.Ordinal);
        Assert.Contains("(giờ Việt Nam)", sxd.Body, StringComparison.Ordinal);
        Assert.Contains(id, sxd.Title, StringComparison.Ordinal);
        Assert.Contains("SXD", sxd.Readers!);
        Assert.Contains("SGTVT", sxd.Readers!);

        // Another write of the same state (a later comment) copies nothing twice.
        var now = fixture.Time.GetUtcNow();
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment, ClusterFixture.PageId,
            id + "_r", id, null, new Author("82", "Sùng A Lử", false), "Đúng vậy", [], now, now, null)]);
        await fixture.DeactivateAll();
        Assert.Equal(2, (await Notices("case/" + id)).Count);
    }

    [Fact]
    public async Task A_private_message_is_never_copied_into_a_notification()
    {
        var (id, grain) = await NewCase(MessageChannel.Messenger);
        Ok(await grain.ClassifyAndAssign(new Assignment(["SYT"], CaseComplexity.Own), Staff));
        var notice = Assert.Single(await Notices("case/" + id));
        Assert.DoesNotContain("Tả Van", notice.Body + notice.Title, StringComparison.Ordinal);
        Assert.Contains("Tin nhắn riêng", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_approval_chain_tells_each_approver_in_turn_and_a_rejection_tells_the_drafter()
    {
        var (id, grain) = await NewCase();
        Ok(await grain.ClassifyAndAssign(new Assignment(["SXD"], CaseComplexity.Own), Staff));
        var officer = OfficerOf("SXD");
        Ok(await grain.SaveDraft(new DraftInput("Kính gửi bà Xuân, Sở đã giao đơn vị sửa chữa trong tháng này.", ["Kế hoạch 12/KH-SXD"]), officer));
        Ok(await grain.Submit(officer));
        Ok(await grain.Reject("Cần nêu rõ thời gian hoàn thành", Head));
        Ok(await grain.SaveDraft(new DraftInput("Kính gửi bà Xuân, đường sẽ được sửa xong trước ngày 20/12/2026.", ["Kế hoạch 12/KH-SXD"]), officer));
        Ok(await grain.Submit(officer));
        Ok(await grain.Approve(null, Head));
        Ok(await grain.Approve(null, Chief));

        var notices = (await Notices("case/" + id)).Where(n => n.Kind != NoticeKinds.CaseAssigned).ToList();
        Assert.Equal(
            [(NoticeKinds.ApprovalWaiting, Roles.EditorialHead, ""), (NoticeKinds.DraftRejected, "", officer.Name),
             (NoticeKinds.ApprovalWaiting, Roles.EditorialHead, ""), (NoticeKinds.ApprovalWaiting, Roles.ChiefOfOffice, "")],
            notices.Select(n => (n.Kind, n.Roles.SingleOrDefault() ?? "", n.Users.SingleOrDefault() ?? "")));
        Assert.Contains("Cần nêu rõ thời gian hoàn thành", notices[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unacknowledged_crisis_is_told_again_until_an_officer_acknowledges_it()
    {
        var start = fixture.Time.GetUtcNow();
        var registry = fixture.Grains.GetGrain<ICrisisRegistryGrain>(0);
        var view = await registry.Raise(new CrisisSignal(CrisisSources.Department, "Tin đồn sai sự thật " + Guid.NewGuid().ToString("N"), null, 3, null, [], [], [], start), CrisisOfficer);
        var crisis = fixture.Grains.GetGrain<ICrisisGrain>(view.Id);
        fixture.Time.SetUtcNow(Later(start.AddMinutes(10.5)));
        await crisis.Tick();
        await crisis.Tick();
        fixture.Time.SetUtcNow(Later(start.AddMinutes(21)));
        await crisis.Tick();
        await crisis.Act(CrisisActions.Acknowledge, "Đã tiếp nhận", CrisisOfficer);
        fixture.Time.SetUtcNow(Later(start.AddMinutes(45)));
        await crisis.Tick();

        var notices = await Notices("crisis/" + view.Id);
        // Opened; at 10.5 min the escalation (which tells the Chief of Office too) is also that round's repeat; at 21 min a repeat; then acknowledged: no more.
        Assert.Equal([NoticeKinds.CrisisRaised, NoticeKinds.CrisisEscalated, NoticeKinds.CrisisReminder], notices.Select(n => n.Kind));
        Assert.Equal([Roles.CrisisOfficer], notices[0].Roles);
        Assert.Equal([Roles.CrisisOfficer, Roles.ChiefOfOffice], notices[1].Roles);
        Assert.Equal([Roles.CrisisOfficer, Roles.ChiefOfOffice], notices[2].Roles);
        Assert.All(notices, n => Assert.True(NoticeKinds.IsUrgent(n.Kind)));
    }

    /// <summary>The collection's clock only moves forward (other tests move it too).</summary>
    private DateTimeOffset Later(DateTimeOffset wanted) => wanted > fixture.Time.GetUtcNow() ? wanted : fixture.Time.GetUtcNow();
}

/// <summary>SLA clocks' notices, on the collection whose clock may move days ahead.</summary>
[Collection(SlaClusterCollection.Name)]
public class ClockNoticeGrainTests(SlaClusterFixture fixture)
{
    private static readonly Actor Staff = new("bientap.thu", "10.1.0.1", "xunit", [Roles.EditorialStaff]);

    private async Task<(string Id, ICommentThreadGrain Grain)> NewCase()
    {
        var id = $"{ClusterFixture.PageId}_8_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment, ClusterFixture.PageId,
            id, null, null, new Author("83", "Vàng A Dình", false), "Xin hỏi lịch tiêm chủng tháng này", [], now, now, null)]);
        return (id, grain);
    }

    private Task<List<PendingNotice>> Notices(string source) => NoticeGrainTests.Notices(fixture.Database, source);

    private DateTimeOffset Later(DateTimeOffset wanted) => wanted > fixture.Time.GetUtcNow() ? wanted : fixture.Time.GetUtcNow();

    [Fact]
    public async Task A_clock_due_soon_tells_the_officers_and_a_missed_one_their_head_too()
    {
        var (id, grain) = await NewCase();
        var unit = "N" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var clock = Ok(await grain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Staff)).Clocks.Single(c => c.Kind == ClockKinds.Answer);
        fixture.Time.SetUtcNow(Later(clock.DueSoonAt.AddMinutes(1)));
        await grain.Tick();
        fixture.Time.SetUtcNow(Later(clock.Deadline.AddMinutes(1)));
        await grain.Tick();
        await grain.Tick();

        var clocks = (await Notices("case/" + id)).Where(n => n.Kind is NoticeKinds.ClockDueSoon or NoticeKinds.ClockMissed).ToList();
        Assert.Equal([NoticeKinds.ClockDueSoon, NoticeKinds.ClockMissed], clocks.Select(n => n.Kind));
        Assert.Equal([unit], clocks[0].Officers);
        Assert.Empty(clocks[0].Heads);
        Assert.Equal([unit], clocks[1].Officers);
        Assert.Equal([unit], clocks[1].Heads);
        Assert.StartsWith("QUÁ HẠN", clocks[1].Title, StringComparison.Ordinal);
    }

}

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresNoticeGrainTests(PostgresClusterFixture fixture) : NoticeGrainTests(fixture);

[Collection(PostgresSlaClusterCollection.Name)]
public sealed class PostgresClockNoticeGrainTests(PostgresSlaClusterFixture fixture) : ClockNoticeGrainTests(fixture);
