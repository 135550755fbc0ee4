using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Contracts.Units;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.GrainTests;

/// <summary>A silo whose clock starts on Friday 27/11/2026 at 15:00 in Vietnam.</summary>
public class SlaClusterFixture : ClusterFixture
{
    public static readonly DateTimeOffset Friday1500 = new(2026, 11, 27, 15, 0, 0, TimeSpan.FromHours(7));

    protected override DateTimeOffset StartTime => Friday1500;
}

[CollectionDefinition(Name)]
public sealed class SlaClusterCollection : ICollectionFixture<SlaClusterFixture>
{
    public const string Name = "sla-cluster";
}

[Collection(SlaClusterCollection.Name)]
public class SlaClockGrainTests(SlaClusterFixture fixture)
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;
    private static readonly Actor Officer = new("bien-tap-1", "10.0.0.7", "xunit", [Roles.EditorialStaff]);

    private async Task<(string Id, ICommentThreadGrain Grain)> NewCase(MessageChannel channel = MessageChannel.Comment)
    {
        var id = channel == MessageChannel.Messenger ? $"messenger:{ClusterFixture.PageId}:{Guid.NewGuid():N}" : $"{ClusterFixture.PageId}_1_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, channel, ClusterFixture.PageId,
            channel == MessageChannel.Messenger ? "m_" + id : id, null, null, new Author("61", "Giàng A Páo", false),
            "Đề nghị hướng dẫn thủ tục", [], now, now, null)]);
        return (id, grain);
    }

    private static SlaClockView Clock(CaseSnapshot found, string id) => found.Clocks.Single(c => c.Id == id);

    private static string NewUnit() => "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task A_new_case_starts_the_editorial_intake_clock_and_assignment_meets_it()
    {
        var (_, grain) = await NewCase();
        var received = fixture.Time.GetUtcNow();
        var intake = Clock((await grain.GetCase())!, ClockKinds.Intake);
        Assert.Equal(ClockStates.Running, intake.State);
        Assert.Equal("VP", intake.Unit);
        // Four working hours (from Friday 15:00 when this test runs first: Monday 09:30). The collection's clock only
        // moves forward and other tests move it, so the deadline is checked against the calendar from the receipt.
        Assert.Equal(Calendar.AddWorkingTime(received, TimeSpan.FromHours(4)), intake.Deadline);

        var result = await grain.ClassifyAndAssign(new Assignment([NewUnit()], CaseComplexity.Own), Officer);
        Assert.Null(result.Refusal);
        Assert.Equal(ClockStates.Met, Clock(result.Case!, ClockKinds.Intake).State);
        Assert.Equal(CaseStatus.Assigned, result.Case!.Status);
    }

    [Fact]
    public async Task An_own_case_runs_one_working_day_and_goes_due_soon_then_missed_once()
    {
        var (id, grain) = await NewCase();
        var unit = NewUnit();
        var assigned = (await grain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Officer)).Case!;
        var answer = Clock(assigned, $"answer:{unit}");
        var start = fixture.Time.GetUtcNow();
        Assert.Equal(Calendar.Deadline(start, 1, DeadlineRule.Civil), answer.Deadline);
        Assert.Equal(Calendar.SubtractWorkingTime(answer.Deadline, TimeSpan.FromHours(2)), answer.DueSoonAt);
        var sla = await fixture.Grains.GetGrain<IUnitGrain>(unit).GetSla(queueLimit: 100);
        Assert.Equal(1, sla.Open);
        Assert.Equal(id, Assert.Single(sla.Queue).CaseId);

        // Just before the due-soon mark nothing changes; a minute after it, the clock is due soon.
        fixture.Time.SetUtcNow(answer.DueSoonAt.AddSeconds(-1));
        await grain.Tick();
        Assert.Equal(ClockStates.Running, Clock((await grain.GetCase())!, answer.Id).State);
        fixture.Time.SetUtcNow(answer.DueSoonAt.AddMinutes(1));
        await grain.Tick();
        var dueSoon = Clock((await grain.GetCase())!, answer.Id);
        Assert.Equal(ClockStates.DueSoon, dueSoon.State);
        Assert.Equal(answer.DueSoonAt, dueSoon.Transitions[^1].At);
        Assert.Equal(1, (await fixture.Grains.GetGrain<IUnitGrain>(unit).GetSla(queueLimit: 100)).DueSoon);
        Assert.True((await fixture.Grains.GetGrain<IFanpageGrain>(ClusterFixture.PageId).GetSnapshot()).Counters.DueSoon >= 1);

        fixture.Time.SetUtcNow(answer.Deadline.AddSeconds(30));
        await grain.Tick();
        await grain.Tick();
        var missed = Clock((await grain.GetCase())!, answer.Id);
        Assert.Equal(ClockStates.Missed, missed.State);
        Assert.Equal([ClockStates.Running, ClockStates.DueSoon, ClockStates.Missed], missed.Transitions.Select(t => t.State));
        var overdue = await fixture.Grains.GetGrain<IUnitGrain>(unit).GetSla(queueLimit: 100);
        Assert.Equal(1, overdue.Overdue);
        Assert.Equal(0, overdue.Open);

        // A late answer is recorded as late.
        var late = await grain.CompleteClock(answer.Id, Officer);
        Assert.Equal(ClockStates.Missed, Clock(late.Case!, answer.Id).State);
        Assert.NotNull(Clock(late.Case!, answer.Id).CompletedAt);
        var after = await fixture.Grains.GetGrain<IUnitGrain>(unit).GetSla(queueLimit: 100);
        Assert.Equal(0, after.Overdue);
        Assert.Equal(1, after.AnsweredLateToday);
        Assert.Equal(0.0, after.OnTimeRate30Days);
    }

    [Fact]
    public async Task The_catalogue_lists_cases_by_their_most_urgent_clock_and_names_the_officer_who_answered_late()
    {
        var unit = NewUnit();
        var officer = new Actor("can-bo-" + unit.ToLowerInvariant(), "10.0.0.8", "xunit", [Roles.UnitOfficer], unit);
        var (late, lateGrain) = await NewCase();
        var answer = Clock(CaseCommands.Ok(await lateGrain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Officer)), $"answer:{unit}");
        CaseCommands.Ok(await lateGrain.SetAssignee(new OfficerAssignment(officer.Name, unit), officer));

        // The first case's unit misses its deadline; a second one, routed after that, is still running.
        fixture.Time.SetUtcNow(answer.Deadline.AddMinutes(1));
        await lateGrain.Tick();
        var (fresh, freshGrain) = await NewCase();
        CaseCommands.Ok(await freshGrain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Officer));

        async Task<string[]> List(string? slaState = null, string sort = CaseSort.Received) =>
            [.. (await fixture.Catalog.ListCases(new CaseQuery(null, unit, 1, 50, Sort: sort, SlaState: slaState))).Items.Select(i => i.Id)];
        Assert.Equal([late], await List(ClockStates.Missed));
        Assert.Equal([fresh], await List(ClockStates.Running));
        Assert.Empty(await List(ClockStates.DueSoon));
        Assert.Equal([late, fresh], await List(sort: CaseSort.Deadline));
        Assert.Equal([fresh, late], await List());
        Assert.Equal([fresh], [.. (await fixture.Catalog.ListCases(new CaseQuery(null, unit, 1, 50, NotOverdue: true))).Items.Select(i => i.Id)]);
        var overdue = (await fixture.Catalog.ListCases(new CaseQuery(null, unit, 1, 50, SlaState: ClockStates.Missed))).Items.Single();
        Assert.Equal(officer.Name, overdue.Assignee);
        Assert.Equal(answer.Deadline, overdue.NextDeadline);
        var now = fixture.Time.GetUtcNow();
        var today = VietnamTime.StartOf(VietnamTime.DateOf(now));
        Assert.Equal(new OfficerRecord(officer.Name, 1, 1, 0, 0, 0, 0),
            Assert.Single(await fixture.Catalog.OfficerFigures(unit, today, today.AddDays(-29))));

        // The officer answers after the deadline: the late answer is theirs (R14), and the case leaves their open list.
        CaseCommands.Ok(await lateGrain.SaveDraft(new DraftInput("Đơn vị trả lời: đã xử lý.", []), officer));
        CaseCommands.Ok(await lateGrain.Submit(officer));
        Assert.Equal(new OfficerRecord(officer.Name, 0, 0, 0, 1, 0, 1),
            Assert.Single(await fixture.Catalog.OfficerFigures(unit, today, today.AddDays(-29))));
    }

    [Fact]
    public async Task A_unit_with_more_open_clocks_than_a_screen_shows_lists_the_most_urgent_and_counts_them_all()
    {
        // The Office holds every new case's intake clock: under a burst, tens of thousands. A screen asks for a few.
        var unit = fixture.Grains.GetGrain<IUnitGrain>(NewUnit());
        var now = fixture.Time.GetUtcNow();
        SlaClockView View(string state, int hours) =>
            new("answer:X", ClockKinds.Answer, "X", null, null, "civil", 1, now.AddDays(-3), now.AddHours(hours - 2), now.AddHours(hours), state, null, []);
        for (var i = 0; i < 30; i++)
        {
            // Cases 0–9 overdue by 10 down to 1 hours, 10–29 due later; case 0 has a second, later clock.
            await unit.ClockChanged(new ClockEvent($"case-{i:D2}", ClusterFixture.PageId, View(i < 10 ? ClockStates.Missed : ClockStates.Running, i < 10 ? i - 10 : i)));
        }

        await unit.ClockChanged(new ClockEvent("case-00", ClusterFixture.PageId, View(ClockStates.Running, 100) with { Id = "coordination:X" }));

        var sla = await unit.GetSla(queueLimit: 3);
        Assert.Equal(["case-00", "case-01", "case-02"], sla.Queue.Select(q => q.CaseId));
        Assert.Equal(31, sla.QueueTotal);
        Assert.Equal(30, sla.OpenCases);
        Assert.Equal(10, sla.Overdue);
        Assert.Equal(21, sla.Open);
        Assert.Equal(now.AddHours(-10), sla.OldestOverdueDeadline);
        Assert.Equal(31, (await unit.GetSla(queueLimit: 1000)).Queue.Count);
    }

    [Fact]
    public async Task A_complex_case_runs_three_days_on_every_unit_and_a_coordination_request_two()
    {
        var (_, grain) = await NewCase();
        var a = NewUnit();
        var b = NewUnit();
        var c = NewUnit();
        var assigned = (await grain.ClassifyAndAssign(new Assignment([a, b], CaseComplexity.Complex), Officer)).Case!;
        var now = fixture.Time.GetUtcNow();
        Assert.All(new[] { a, b }, u => Assert.Equal(Calendar.Deadline(now, 3, DeadlineRule.Civil), Clock(assigned, $"answer:{u}").Deadline));

        var asked = await grain.RequestCoordination(new CoordinationRequest(a, c, "Đề nghị cung cấp hồ sơ địa chính thửa đất số 12"), Officer);
        var coordination = asked.Case!.Clocks.Single(x => x.Kind == ClockKinds.Coordination);
        Assert.Equal(c, coordination.Unit);
        Assert.Equal(a, coordination.FromUnit);
        Assert.Equal(Calendar.Deadline(now, 2, DeadlineRule.Civil), coordination.Deadline);

        var answered = await grain.CompleteClock(coordination.Id, Officer);
        Assert.Equal(ClockStates.Met, Clock(answered.Case!, coordination.Id).State);
        var sla = await fixture.Grains.GetGrain<IUnitGrain>(c).GetSla(queueLimit: 100);
        Assert.Equal(1, sla.AnsweredOnTimeToday);
        Assert.Equal(1.0, sla.OnTimeRateToday);
    }

    [Fact]
    public async Task Commands_that_do_not_fit_the_case_are_refused_with_a_reason()
    {
        var (_, grain) = await NewCase();
        Assert.Equal("complexity", (await grain.ClassifyAndAssign(new Assignment([NewUnit(), NewUnit()], CaseComplexity.Own), Officer)).Refusal?.Code);
        Assert.Equal("not-assigned", (await grain.RequestCoordination(new CoordinationRequest("A", "B", "?"), Officer)).Refusal?.Code);
        var unit = NewUnit();
        await grain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Officer);
        Assert.Equal("already-assigned", (await grain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Officer)).Refusal?.Code);
        Assert.Equal("from-unit", (await grain.RequestCoordination(new CoordinationRequest("OTHER", unit, "?"), Officer)).Refusal?.Code);
        Assert.Equal("same-unit", (await grain.RequestCoordination(new CoordinationRequest(unit, unit, "?"), Officer)).Refusal?.Code);
        Assert.Equal("no-clock", (await grain.CompleteClock("nope", Officer)).Refusal?.Code);
    }

    [Fact]
    public async Task A_messenger_case_whose_deadline_outlives_metas_reply_window_is_flagged()
    {
        var (_, grain) = await NewCase(MessageChannel.Messenger);
        var assigned = (await grain.ClassifyAndAssign(new Assignment([NewUnit(), NewUnit()], CaseComplexity.Complex), Officer)).Case!;
        var window = assigned.ReplyWindow!;
        Assert.Equal(window.LastCitizenMessageAt.AddHours(24), window.StandardClosesAt);
        Assert.Equal(window.LastCitizenMessageAt.AddDays(7), window.HumanAgentClosesAt);
        Assert.True(window.DeadlineAfterStandardWindow);
        Assert.False(window.DeadlineAfterHumanAgentWindow);
        Assert.Null((await (await NewCase()).Grain.GetCase())!.ReplyWindow);
    }
}

/// <summary>
/// The embedded profile keeps reminders in memory: a restarted silo re-arms every open clock from the clock table.
/// (On PostgreSQL reminders are durable; the cluster failover test covers that profile.)
/// </summary>
[Collection(SlaClusterCollection.Name)]
public sealed class SlaClockRestartTests(SlaClusterFixture fixture)
{
    private static readonly Actor Officer = new("bien-tap-1", "10.0.0.7", "xunit", [Roles.EditorialStaff]);

    private async Task<(string Id, ICommentThreadGrain Grain)> NewCase()
    {
        var id = $"{ClusterFixture.PageId}_1_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment, ClusterFixture.PageId,
            id, null, null, new Author("61", "Giàng A Páo", false), "Đề nghị hướng dẫn thủ tục", [], now, now, null)]);
        return (id, grain);
    }

    private static string NewUnit() => "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private static SlaClockView Clock(CaseSnapshot found, string id) => found.Clocks.Single(c => c.Id == id);

    [Fact]
    public async Task After_a_restart_open_clocks_are_rearmed_and_a_deadline_missed_while_down_fires_at_once()
    {
        var (id, grain) = await NewCase();
        var unit = NewUnit();
        var answer = Clock((await grain.ClassifyAndAssign(new Assignment([unit], CaseComplexity.Own), Officer)).Case!, $"answer:{unit}");

        // A second silo on the same database, started after the deadline: its in-memory reminders know nothing.
        var restarted = await fixture.StartCluster(answer.Deadline.AddHours(3));
        try
        {
            // The new client learns the cluster's grain types from its gateway shortly after connecting.
            ICommentThreadGrain? again = null;
            for (var attempt = 0; again is null; attempt++)
            {
                try
                {
                    again = restarted.Client.GetGrain<ICommentThreadGrain>(id);
                }
                catch (ArgumentException) when (attempt < 300)
                {
                    await Task.Delay(100);
                }
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            SlaClockView clock;
            do
            {
                await Task.Delay(100);
                clock = Clock((await again.GetCase())!, answer.Id);
            }
            while (clock.State != ClockStates.Missed && DateTime.UtcNow < deadline);

            Assert.Equal(ClockStates.Missed, clock.State);
            Assert.Equal(answer.Deadline, clock.Transitions.Single(t => t.State == ClockStates.Missed).At);
            Assert.Equal(answer.Deadline.AddHours(3), clock.Transitions.Single(t => t.State == ClockStates.Missed).RecordedAt);
            Assert.Equal(1, (await restarted.Client.GetGrain<IUnitGrain>(unit).GetSla(queueLimit: 100)).Overdue);
        }
        finally
        {
            await restarted.StopAllSilosAsync();
            await restarted.DisposeAsync();
        }
    }
}
