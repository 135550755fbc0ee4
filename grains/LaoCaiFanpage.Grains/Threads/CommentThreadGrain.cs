using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Contracts.Units;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Timers;
using LaoCaiFanpage.Grains.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>A case: what citizens wrote, its clocks (this file) and its editorial workflow (CommentThreadGrain.Workflow.cs).</summary>
public sealed partial class CommentThreadGrain(
    [PersistentState("comment-thread")] IPersistentState<CommentThreadState> thread,
    ICaseCatalog catalog,
    SlaClockFactory clocks,
    ContentRules contentRules,
    IOptions<ContentOptions> contentOptions,
    MediaStore media,
    CaseTimers timers,
    TimeProvider time,
    ILogger<CommentThreadGrain> logger) : Grain, ICommentThreadGrain
{
    /// <summary>How soon a hand-over to the outbox that could not be made is tried again.</summary>
    private static readonly TimeSpan HandOverRetry = TimeSpan.FromMinutes(1);

    // The wake-up this activation last stored (Armed: whether it stored one at all since it activated).
    private DateTimeOffset? _armedFor;
    private bool _armed;

    private string Id => this.GetPrimaryKeyString();

    public async Task<IngestResult> Ingest(IReadOnlyList<ThreadEvent> events)
    {
        var state = thread.State;
        var wasCase = state.IsCase;
        var feed = new List<FeedItem>();
        foreach (var change in events)
        {
            if (state.Apply(change))
            {
                var message = state.Messages[change.MessageId];
                feed.Add(new FeedItem(
                    message.Id,
                    Id,
                    message.Channel,
                    change.Kind,
                    new Author(message.AuthorId, message.AuthorName, message.IsPage),
                    message.CurrentText,
                    state.PostId,
                    state.Permalink,
                    message.CreatedAt ?? message.ReceivedAt,
                    change.ReceivedAt,
                    OpensCase: false,
                    Pictures: message.Attachments.Count(a => a.Type is "photo" or "image")));
            }
        }

        var opened = !wasCase && state.IsCase;
        var flagged = false;
        if (opened)
        {
            // The Editorial Board's intake clock runs from the moment the case reached the service.
            state.Clocks.Add(clocks.Intake(state.FirstReceivedAt ?? time.GetUtcNow()));
            var first = feed.FindIndex(f => !f.Author.IsPage);
            feed[first] = feed[first] with { OpensCase = true };
        }

        if (feed.Count > 0)
        {
            // The citizen's words are durable before anyone is told (Meta's 200 came earlier, once the delivery was in
            // the webhook inbox), and so is the content filter's decision about them, with its audit rows.
            state.PendingAudit = Screen(feed);
            flagged = state.PendingAudit.Count > 0;
            for (var i = 0; i < feed.Count; i++)
            {
                if (feed[i].Change == ThreadEventKind.Hide || state.Moderation.Exists(m => m.MessageId == feed[i].MessageId && ModerationStatuses.Withholds(m.Status)))
                {
                    feed[i] = feed[i] with { Withheld = true };
                }
            }

            await Write();
        }

        // Always (re)project — only what changed, or everything when the delivery was a retry: after a
        // crash between the state write and this one, Meta's retry repairs the catalogue.
        await catalog.Project(Id, state, feed.Count > 0 ? [.. feed.Select(f => f.MessageId)] : null);

        if (feed.Count > 0)
        {
            // A new case's intake clock travels with its first message: one call, one push.
            var started = opened ? ClockEvents(state.Clocks) : [];
            await NotifyFanpage(state.PageId!, f => f.RecordActivity(feed, started));
            await CheckIntegrity(feed);
            if (opened)
            {
                await NotifyUnits(started);
                await Arm();
            }

            if (flagged)
            {
                // The Editorial Board's review queue and the case page show it at once.
                await AnnounceCase();
                await HandOverModeration();
            }
        }
        else if (!_armed && state.IsCase)
        {
            // A retried delivery on a fresh activation: the first attempt may have stored the case and then failed
            // before its wake-up was stored (its silo died) — store it now, or the clock would never fire.
            await Arm();
        }

        return new IngestResult(feed.Count, events.Count - feed.Count);
    }

    public Task<CaseSnapshot?> GetCase() =>
        Task.FromResult(thread.State.IsCase ? thread.State.ToSnapshot(Id, clocks.Calendar) : null);

    public async Task<CaseCommandResult> Assign(Assignment assignment, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return Refuse(CaseCommandResult.NoSuchCase, "Không có vụ việc này / No such case.");
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập chuyển vụ việc cho đơn vị / Only the Editorial Board routes cases.");
        }

        if (state.Status == CaseStatus.New)
        {
            return Refuse("not-classified", "Vụ việc phải được phân loại trước khi chuyển đơn vị / Classify the case before assigning it.");
        }

        if (state.Status != CaseStatus.Classified)
        {
            return Refuse("already-assigned", $"Vụ việc đang ở trạng thái '{state.Status}'{(state.Units.Count > 0 ? $", đã giao cho {string.Join(", ", state.Units)}" : string.Empty)} / Only a classified case is assigned; use reassign to change units.");
        }

        var units = assignment.Units.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ComplexityRefusal(units, assignment.Complexity) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var changed = new List<SlaClock>();
        foreach (var intake in state.Clocks.Where(c => c.Kind == ClockKinds.Intake && c.Complete(now, actor.Name)))
        {
            changed.Add(intake);
        }

        var before = new { status = state.Status };
        state.Units = units;
        state.Complexity = assignment.Complexity;
        state.Status = CaseStatus.Assigned;
        foreach (var unit in units)
        {
            var clock = clocks.Answer(unit, assignment.Complexity, now);
            clock.Advance(now);
            state.Clocks.Add(clock);
            changed.Add(clock);
            NoticeAssigned(clock, now, reassigned: false);
        }

        await Save(changed, Audit(actor, "case.assigned", new { before, after = new { status = state.Status, units, complexity = state.Complexity } }, now,
            $"Giao {string.Join(", ", units)} ({(assignment.Complexity == CaseComplexity.Complex ? "phức tạp, 3 ngày làm việc" : "1 ngày làm việc")})"));
        return new CaseCommandResult(state.ToSnapshot(Id, clocks.Calendar), null);
    }

    public async Task<CaseCommandResult> RequestCoordination(CoordinationRequest request, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase || state.Units.Count == 0 || CaseStatus.IsFinished(state.Status))
        {
            return Refuse("not-assigned", "Vụ việc chưa được giao cho đơn vị nào / The case is not assigned yet.");
        }

        if (!state.Units.Contains(request.FromUnit, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse("from-unit", $"Đơn vị {request.FromUnit} không được giao vụ việc này / {request.FromUnit} is not assigned to this case.");
        }

        if (!WorkflowPermissions.CanRoute(actor) && !WorkflowPermissions.IsOfficerOf(actor, [request.FromUnit]))
        {
            return Forbid($"Chỉ Ban biên tập hoặc cán bộ của {request.FromUnit} đề nghị phối hợp thay {request.FromUnit} / Only the Editorial Board or an officer of the asking unit.");
        }

        if (string.Equals(request.FromUnit, request.ToUnit, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("same-unit", "Đơn vị không thể đề nghị chính mình phối hợp / A unit cannot ask itself.");
        }

        var now = time.GetUtcNow();
        var number = state.Clocks.Count(c => c.Kind == ClockKinds.Coordination) + 1;
        var clock = clocks.Coordination(number, request.FromUnit, request.ToUnit, request.Question, now);
        clock.Advance(now);
        state.Clocks.Add(clock);
        NoticeCoordination(clock, now);
        await Save([clock], Audit(actor, "case.coordination-requested",
            new { clock = clock.Id, fromUnit = request.FromUnit, toUnit = request.ToUnit, question = request.Question }, now,
            $"{request.FromUnit} đề nghị {request.ToUnit} phối hợp: {request.Question}"));
        return new CaseCommandResult(state.ToSnapshot(Id, clocks.Calendar), null);
    }

    public async Task<CaseCommandResult> CompleteClock(string clockId, Actor actor)
    {
        var clock = thread.State.Clocks.FirstOrDefault(c => c.Id == clockId);
        if (clock is null)
        {
            return Refuse("no-clock", $"Không có đồng hồ {clockId} / No clock {clockId}.");
        }

        var now = time.GetUtcNow();
        var before = clock.State;
        if (!clock.Complete(now, actor.Name))
        {
            return Refuse("clock-finished", "Đồng hồ đã kết thúc / The clock has already finished.");
        }

        await Save([clock], Audit(actor, "case.clock-completed", new { clock = clock.Id, unit = clock.Unit, before, after = clock.State }, now, $"{clock.Unit}: {clock.State}"));
        return new CaseCommandResult(thread.State.ToSnapshot(Id, clocks.Calendar), null);
    }

    public async Task Tick()
    {
        // Woken by the sweep, whose claim on this case's wake-up only a newly stored one releases.
        _armed = false;
        if (thread.State is { Status: CaseStatus.Approved, Publication.HandedOver: false })
        {
            await HandOver();
        }

        if (ModerationWaiting)
        {
            await HandOverModeration();
        }

        var now = time.GetUtcNow();
        var changed = thread.State.Clocks.Where(c => c.Advance(now)).ToList();
        if (changed.Count > 0)
        {
            LogClocksAdvanced(logger, Id, changed.Count);
            var missed = new List<PendingAuditEntry>();
            foreach (var clock in changed)
            {
                NoticeClock(clock, now);
                if (clock.State == ClockStates.Missed)
                {
                    // Art. 14's record: which case, which unit (or approver), which deadline passed unanswered.
                    missed.Add(Audit(Actor.System("sla-clock"), "case.clock-missed",
                        new { clock = clock.Id, kind = clock.Kind, unit = clock.Unit, role = clock.Role, deadline = clock.Deadline }, now,
                        $"Quá hạn: {clock.Unit}{(clock.Role is null ? string.Empty : " (" + clock.Role + ")")}, hạn {clock.Deadline.ToVietnam():HH:mm dd/MM/yyyy}"));
                }
            }

            await Save(changed, missed);
        }
        else
        {
            await Arm();
        }
    }

    /// <summary>Persists (with the action's audit row, if a person acted), projects, tells units, page and screens, and arms the next wake-up.</summary>
    private Task Save(IReadOnlyList<SlaClock> changed, PendingAuditEntry? audit) => Save(changed, audit is null ? [] : [audit]);

    private async Task Save(IReadOnlyList<SlaClock> changed, List<PendingAuditEntry> audit)
    {
        thread.State.PendingAudit = audit;
        await Write();

        // Written once: the database copied them with this write, and a later write must not carry them again.
        thread.State.PendingNotices = [];
        await catalog.Project(Id, thread.State, []);
        await Announce(changed);
        await AnnounceCase();
        await Arm();
    }

    /// <summary>Tells officer pages that the case moved (they read it again through the API).</summary>
    private async Task AnnounceCase()
    {
        try
        {
            await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(
                null, [], null, null, [new CaseChange(Id, thread.State.Status, [.. thread.State.Units], time.GetUtcNow())]));
        }
        catch (Exception ex)
        {
            LogCaseChangeNotPushed(logger, ex, Id);
        }
    }

    /// <summary>
    /// Writes the state. When the write fails, the change made in memory never happened: the grain
    /// deactivates so that the next call starts again from what is stored.
    /// </summary>
    private async Task Write()
    {
        try
        {
            await thread.WriteStateAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(logger, ex, Id);
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>One processing step: a line of the case's history and the audit row stored with it (R8.4c).</summary>
    private PendingAuditEntry Audit(Actor actor, string action, object details, DateTimeOffset now, string? summary = null)
    {
        return EditorialChain.Record(thread.State, "case/" + Id, actor, action, details, now, summary);
    }

    private async Task Announce(IEnumerable<SlaClock> changed)
    {
        var events = ClockEvents(changed);
        await NotifyUnits(events);
        if (thread.State.PageId is { } pageId)
        {
            await NotifyFanpage(pageId, f => f.RecordClocks(events));
        }
    }

    private List<ClockEvent> ClockEvents(IEnumerable<SlaClock> clocks) =>
        [.. clocks.Select(c => new ClockEvent(Id, thread.State.PageId ?? string.Empty, c.ToView()))];

    private async Task NotifyUnits(IReadOnlyList<ClockEvent> events)
    {
        foreach (var clockEvent in events)
        {
            try
            {
                await GrainFactory.GetGrain<IUnitGrain>(clockEvent.Clock.Unit).ClockChanged(clockEvent);
            }
            catch (Exception ex)
            {
                // The unit rebuilds its figures from the catalogue when it reactivates.
                LogUnitNotifyFailed(logger, ex, Id, clockEvent.Clock.Unit);
            }
        }
    }

    /// <summary>
    /// Stores when this case must next be woken (<see cref="CaseTimers"/>): its next clock transition, or a minute
    /// from now while an approved answer or a hide waits for the outbox; none once nothing will change by itself.
    /// Idempotent. No reminder and no timer stays in memory, so an idle case's grain deactivates and costs nothing.
    /// </summary>
    private async Task Arm()
    {
        var next = thread.State.Clocks.Select(c => c.NextTransitionAt).Where(t => t is not null).Min();
        if (thread.State is { Status: CaseStatus.Approved, Publication.HandedOver: false } || ModerationWaiting)
        {
            var retry = time.GetUtcNow() + HandOverRetry;
            next = next is null || retry < next ? retry : next;
        }

        if (_armed && next == _armedFor)
        {
            return;
        }

        await timers.Schedule(Id, next);
        (_armed, _armedFor) = (true, next);
    }

    private async Task NotifyFanpage(string pageId, Func<IFanpageGrain, Task> call)
    {
        try
        {
            await call(GrainFactory.GetGrain<IFanpageGrain>(pageId));
        }
        catch (Exception ex)
        {
            // Live counters are rebuilt from the catalogue when the page grain reactivates; the case is safe.
            LogFanpageNotifyFailed(logger, ex, Id);
        }
    }

    private static CaseCommandResult Refuse(string code, string message) => new(null, new Refusal(code, message));

    private static CaseCommandResult Forbid(string message) => new(null, Refusal.Forbidden(message));

    /// <summary>R9.1/R9.3, as <see cref="CaseComplexity.Check"/> says.</summary>
    private static CaseCommandResult? ComplexityRefusal(List<string> units, string complexity) =>
        CaseComplexity.Check(units.Count, complexity) is { } refusal ? new CaseCommandResult(null, refusal) : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} is stored but the page's live figures were not told")]
    private static partial void LogFanpageNotifyFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} is stored but open officer pages were not told (they catch up on their next read)")]
    private static partial void LogCaseChangeNotPushed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: unit {Unit} was not told of a clock change")]
    private static partial void LogUnitNotifyFailed(ILogger logger, Exception exception, string caseId, string unit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Case {CaseId}: the change was not stored; the grain reloads what is")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: {Count} SLA clock transition(s)")]
    private static partial void LogClocksAdvanced(ILogger logger, string caseId, int count);
}
