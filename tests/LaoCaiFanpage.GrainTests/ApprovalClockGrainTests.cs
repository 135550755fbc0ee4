using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;

using static LaoCaiFanpage.GrainTests.CaseCommands;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// The answer is timed from the citizen's words to the last approval (R8, R9): a unit's clock runs until the unit
/// submits, each approval step runs a clock of its own, a rejection gives the units their time again, and a missed
/// clock leaves a row in the processing log.
/// </summary>
[Collection(SlaClusterCollection.Name)]
public class ApprovalClockGrainTests(SlaClusterFixture fixture)
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;
    private static readonly Actor Staff = new("bientap.hoa", "10.1.0.1", "xunit", [Roles.EditorialStaff]);
    private static readonly Actor Head = new("truongban.khanh", "10.1.0.2", "xunit", [Roles.EditorialHead]);
    private static readonly Actor Chief = new("chanhvp.long", "10.1.0.3", "xunit", [Roles.ChiefOfOffice]);

    private static Actor OfficerOf(string unit) => new("canbo." + unit.ToLowerInvariant(), "10.2.0.1", "xunit", [Roles.UnitOfficer], unit);

    private static string NewUnit() => "A" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private async Task<(string Id, ICommentThreadGrain Grain, string Unit)> Assigned()
    {
        var id = $"{ClusterFixture.PageId}_6_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment, ClusterFixture.PageId,
            id, null, null, new Author("64", "Thào A Chư", false), "Xin hỏi khi nào có điện lưới về thôn Sín Chải?", [], now, now, null)]);
        var unit = NewUnit();
        Ok(await grain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Staff));
        return (id, grain, unit);
    }

    private static SlaClockView Only(CaseSnapshot found, string kind, string? role = null) =>
        Assert.Single(found.Clocks, c => c.Kind == kind && (role is null || c.Role == role));

    [Fact]
    public async Task A_units_clock_runs_through_its_drafts_stops_at_submission_and_starts_again_when_the_answer_is_sent_back()
    {
        var (_, grain, unit) = await Assigned();
        var officer = OfficerOf(unit);
        var drafted = Ok(await grain.SaveDraft(new DraftInput("Dự kiến", []), officer));
        Assert.Equal(ClockStates.Running, Only(drafted, ClockKinds.Answer).State);

        fixture.Time.Advance(TimeSpan.FromMinutes(20));
        var submittedAt = fixture.Time.GetUtcNow();
        Ok(await grain.SaveDraft(new DraftInput("Công ty Điện lực sẽ kéo điện về thôn trong quý I năm 2027.", []), officer));
        var submitted = Ok(await grain.Submit(officer));
        var answer = Only(submitted, ClockKinds.Answer);
        Assert.Equal((ClockStates.Met, submittedAt), (answer.State, answer.CompletedAt));

        // The Editorial Board head's turn: four working hours from the submission, due soon two working hours before.
        var head = Only(submitted, ClockKinds.Approval, Roles.EditorialHead);
        Assert.Equal((ClockStates.Running, "VP", submittedAt), (head.State, head.Unit, head.StartedAt));
        Assert.Equal(Calendar.AddWorkingTime(submittedAt, TimeSpan.FromHours(4)), head.Deadline);
        Assert.Equal(Calendar.SubtractWorkingTime(head.Deadline, TimeSpan.FromHours(2)), head.DueSoonAt);

        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        var approved = Ok(await grain.Approve(null, Head));
        Assert.Equal(ClockStates.Met, Only(approved, ClockKinds.Approval, Roles.EditorialHead).State);
        var chief = Only(approved, ClockKinds.Approval, Roles.ChiefOfOffice);
        Assert.Equal((ClockStates.Running, fixture.Time.GetUtcNow()), (chief.State, chief.StartedAt));

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var rejectedAt = fixture.Time.GetUtcNow();
        var rejected = Ok(await grain.Reject("Cần nêu rõ tháng", Chief));
        Assert.Equal(ClockStates.Met, Only(rejected, ClockKinds.Approval, Roles.ChiefOfOffice).State);
        var answers = rejected.Clocks.Where(c => c.Kind == ClockKinds.Answer).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Equal((ClockStates.Met, submittedAt), (answers[0].State, answers[0].CompletedAt));
        Assert.Equal(($"answer:{unit}:2", ClockStates.Running, rejectedAt), (answers[1].Id, answers[1].State, answers[1].StartedAt));
        Assert.Equal(Calendar.Deadline(rejectedAt, 1, DeadlineRule.Civil), answers[1].Deadline);

        // Submitted again: the head's second clock; the first keeps its record.
        Ok(await grain.SaveDraft(new DraftInput("Công ty Điện lực sẽ kéo điện về thôn trong tháng 3 năm 2027.", []), officer));
        var resubmitted = Ok(await grain.Submit(officer));
        Assert.Equal([$"approval:{Roles.EditorialHead}", $"approval:{Roles.EditorialHead}:2"],
            resubmitted.Clocks.Where(c => c.Kind == ClockKinds.Approval && c.Role == Roles.EditorialHead).Select(c => c.Id));
        Assert.All(resubmitted.Clocks.Where(c => c.Kind == ClockKinds.Answer), c => Assert.Equal(ClockStates.Met, c.State));
    }

    [Fact]
    public async Task An_approval_left_waiting_turns_due_soon_then_missed_tells_the_role_and_the_chief_and_is_logged()
    {
        var (id, grain, unit) = await Assigned();
        var officer = OfficerOf(unit);
        Ok(await grain.SaveDraft(new DraftInput("Sẽ có điện trong quý I năm 2027.", []), officer));
        var head = Only(Ok(await grain.Submit(officer)), ClockKinds.Approval, Roles.EditorialHead);

        fixture.Time.SetUtcNow(head.DueSoonAt.AddMinutes(1));
        await grain.Tick();
        Assert.Equal(ClockStates.DueSoon, Only((await grain.GetCase())!, ClockKinds.Approval).State);
        fixture.Time.SetUtcNow(head.Deadline.AddMinutes(1));
        await grain.Tick();
        await grain.Tick();
        var missed = Only((await grain.GetCase())!, ClockKinds.Approval);
        Assert.Equal(ClockStates.Missed, missed.State);
        Assert.Equal([ClockStates.Running, ClockStates.DueSoon, ClockStates.Missed], missed.Transitions.Select(t => t.State));
        Assert.Equal(head.Deadline, missed.Transitions[^1].At);

        Assert.Single(await fixture.AuditActions("case/" + id), a => a == "case.clock-missed");
        var notices = (await NoticeGrainTests.Notices(fixture.Database, "case/" + id)).Where(n => n.Kind is NoticeKinds.ClockDueSoon or NoticeKinds.ClockMissed).ToList();
        Assert.Equal([NoticeKinds.ClockDueSoon, NoticeKinds.ClockMissed], notices.Select(n => n.Kind));
        Assert.Equal([Roles.EditorialHead], notices[0].Roles);
        Assert.Equal([Roles.EditorialHead, Roles.ChiefOfOffice], notices[1].Roles);
        Assert.Contains("Trưởng Ban biên tập", notices[1].Title, StringComparison.Ordinal);

        // Late, the head still approves: the clock records the late answer and the chief's turn starts on time.
        var approved = Ok(await grain.Approve(null, Head));
        var record = Only(approved, ClockKinds.Approval, Roles.EditorialHead);
        Assert.Equal((ClockStates.Missed, "answered-late"), (record.State, record.Transitions[^1].State));
        Assert.Equal(ClockStates.Running, Only(approved, ClockKinds.Approval, Roles.ChiefOfOffice).State);
    }
}

[Collection(PostgresSlaClusterCollection.Name)]
public sealed class PostgresApprovalClockGrainTests(PostgresSlaClusterFixture fixture) : ApprovalClockGrainTests(fixture);
