using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>
/// One media crisis (R8.4d): opened by a Department signal or by the detectors, alerted on every screen at once,
/// escalated to the Chief of Office when nobody acknowledges it in time, told to the Office's messaging channel
/// through a signed webhook (retried until accepted), and taken through acknowledge → respond → resolve. Every
/// step is a timeline line and an audit row written with the state.
/// </summary>
public sealed partial class CrisisGrain(
    [PersistentState("crisis")] IPersistentState<CrisisState> crisis,
    CrisisWebhook webhook,
    IOptions<CrisisDetectionOptions> options,
    IOptions<NotificationOptions> notifications,
    IOptions<FanpageOptions> fanpage,
    TimeProvider time,
    ILogger<CrisisGrain> logger) : Grain, ICrisisGrain, IRemindable
{
    private const string TickReminder = "crisis";
    private const int MaxAttempts = 20;

    private IGrainTimer? _timer;

    private string Id => this.GetPrimaryKeyString();

    public async Task<CrisisView> Open(CrisisSignal signal, Actor actor)
    {
        var state = crisis.State;
        if (state.Exists)
        {
            return await AddSignal(signal, actor);
        }

        var now = time.GetUtcNow();
        state.Exists = true;
        state.Title = signal.Title;
        state.Severity = Math.Clamp(signal.Severity, 1, 4);
        state.Source = signal.Source;
        state.FeedName = signal.FeedName;
        state.OpenedAt = now;
        Merge(signal);
        var audit = Record(actor, "crisis.opened", new { signal.Source, signal.FeedName, signal.Title, signal.Severity, signal.PostIds, signal.Keywords, signal.Evidence, signal.SourceUrl, signal.Description }, now,
            $"Mở khủng hoảng (mức {state.Severity}, nguồn {CrisisSources.Label(signal.Source, signal.FeedName)}): {signal.Title}");
        Notify("crisis.opened", now);
        Tell(NoticeKinds.CrisisRaised, now, $"KHỦNG HOẢNG TRUYỀN THÔNG mức {state.Severity}: {state.Title}");
        await Save(audit);
        LogOpened(logger, Id, state.Severity, signal.Source, signal.Title);
        await Alert(true, $"KHỦNG HOẢNG TRUYỀN THÔNG mức {state.Severity}: {state.Title}");
        return await Finish(tellRegistry: false);
    }

    public async Task<CrisisView> AddSignal(CrisisSignal signal, Actor actor)
    {
        var state = crisis.State;
        var now = time.GetUtcNow();
        var raised = Math.Clamp(signal.Severity, 1, 4) > state.Severity;
        state.Severity = Math.Max(state.Severity, Math.Clamp(signal.Severity, 1, 4));
        Merge(signal);
        var audit = Record(actor, "crisis.signal-added", new { signal.Source, signal.FeedName, signal.Title, signal.Severity, signal.PostIds, signal.Keywords, signal.Evidence }, now,
            $"Tín hiệu mới ({CrisisSources.Label(signal.Source, signal.FeedName)}): {signal.Title}");
        if (raised)
        {
            Notify("crisis.severity-raised", now);
            Tell(NoticeKinds.CrisisRaised, now, $"KHỦNG HOẢNG nâng lên mức {state.Severity}: {state.Title}");
        }

        await Save(audit);
        if (raised)
        {
            await Alert(true, $"KHỦNG HOẢNG nâng lên mức {state.Severity}: {state.Title}");
        }

        return await Finish(tellRegistry: false);
    }

    public async Task<CrisisCommandResult> Act(string action, string? note, Actor actor)
    {
        var state = crisis.State;
        if (!state.Exists)
        {
            return new CrisisCommandResult(null, new Refusal(Refusal.NotFoundCode, "Không có khủng hoảng này / No such crisis."));
        }

        if (!actor.HasRole(Roles.CrisisOfficer) && !actor.HasRole(Roles.ChiefOfOffice))
        {
            return new CrisisCommandResult(null, Refusal.Forbidden("Chỉ cán bộ xử lý khủng hoảng hoặc Chánh Văn phòng / Only crisis officers or the Chief of Office."));
        }

        var next = (action, state.Status) switch
        {
            (CrisisActions.Acknowledge, CrisisStatuses.Open) => CrisisStatuses.Acknowledged,
            (CrisisActions.Respond, CrisisStatuses.Open or CrisisStatuses.Acknowledged or CrisisStatuses.Responding) => CrisisStatuses.Responding,
            (CrisisActions.Resolve, not CrisisStatuses.Resolved) => CrisisStatuses.Resolved,
            _ => null,
        };
        if (next is null)
        {
            return new CrisisCommandResult(null, new Refusal("invalid-transition", $"Không thể '{action}' khi khủng hoảng {CrisisStatuses.Vietnamese(state.Status).ToLowerInvariant()} / Not allowed in this status."));
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        state.Status = next;
        if (state.AcknowledgedAt is null && next != CrisisStatuses.Open)
        {
            state.AcknowledgedAt = now;
            state.AcknowledgedBy = actor.Name;
        }

        if (next == CrisisStatuses.Resolved)
        {
            state.ResolvedAt = now;
        }

        var audit = Record(actor, "crisis." + action, new { before, after = next, note }, now,
            CrisisStatuses.Vietnamese(next) + (note is null ? string.Empty : ": " + note));
        Notify("crisis." + next, now);
        await Save(audit);
        await Alert(next != CrisisStatuses.Resolved, $"Khủng hoảng mức {state.Severity}: {state.Title} — {CrisisStatuses.Vietnamese(next).ToLowerInvariant()} ({actor.Name})");
        return new CrisisCommandResult(await Finish(tellRegistry: true), null);
    }

    public async Task Tick()
    {
        var state = crisis.State;
        if (!state.Exists)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (state.Status == CrisisStatuses.Open && state.EscalatedAt is null && now >= state.OpenedAt.AddMinutes(options.Value.EscalateAfterMinutes))
        {
            state.EscalatedAt = now;
            var audit = Record(Actor.System("crisis-escalation"), "crisis.escalated", new { after = options.Value.EscalateAfterMinutes }, now,
                $"Sau {options.Value.EscalateAfterMinutes} phút chưa ai tiếp nhận: chuyển Chánh Văn phòng");
            Notify("crisis.escalated", now);
            Tell(NoticeKinds.CrisisEscalated, now, $"CHƯA AI TIẾP NHẬN sau {options.Value.EscalateAfterMinutes} phút — đề nghị Chánh Văn phòng chỉ đạo: {state.Title}");
            await Save(audit);
            LogEscalated(logger, Id);
            await Alert(true, $"CHƯA AI TIẾP NHẬN sau {options.Value.EscalateAfterMinutes} phút — đề nghị Chánh Văn phòng chỉ đạo: {state.Title}", "crisis-escalated");
            await TellRegistry();
        }

        if (state.Status == CrisisStatuses.Open && state.LastToldAt is { } told && now >= told + RepeatEvery)
        {
            // Nobody has acknowledged it yet: every crisis officer hears of it again, until one does.
            Tell(NoticeKinds.CrisisReminder, now, $"NHẮC LẠI — khủng hoảng mức {state.Severity} chưa được tiếp nhận: {state.Title}");
            await Save(null);
        }

        await HandOverPlan();
        await SendNotifications();
        await Arm();
    }

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => Tick();

    public Task<CrisisView?> Get() => Task.FromResult(crisis.State.Exists ? crisis.State.ToView(Id) : null);

    private void Merge(CrisisSignal signal)
    {
        var state = crisis.State;
        state.PostIds = [.. state.PostIds.Union(signal.PostIds, StringComparer.Ordinal)];
        state.Keywords = [.. state.Keywords.Union(signal.Keywords, StringComparer.OrdinalIgnoreCase)];
        state.Evidence.AddRange(signal.Evidence);
        if (signal.Description is { Length: > 0 } description)
        {
            state.Evidence.Add(description);
        }

        if (signal.SourceUrl is { Length: > 0 } url)
        {
            state.Evidence.Add("Nguồn: " + url);
        }
    }

    private PendingAuditEntry Record(Actor actor, string action, object details, DateTimeOffset now, string summary)
    {
        var state = crisis.State;
        state.Timeline.Add(new CrisisTimelineEntry(now, actor.Name, action, summary));
        return PendingAuditEntry.Create(++state.AuditSeq, now, actor, action, "crisis/" + Id, details);
    }

    private void Notify(string eventName, DateTimeOffset now)
    {
        if (webhook.Configured)
        {
            crisis.State.Outbound.Add(new CrisisNotification
            {
                Id = $"{Id}:{crisis.State.Timeline.Count}",
                Event = eventName,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }

    private async Task Save(PendingAuditEntry? audit)
    {
        crisis.State.PendingAudit = audit is null ? [] : [audit];
        await crisis.WriteStateAsync();

        // Written once: the database copied them with this write.
        crisis.State.PendingNotices = [];
    }

    private TimeSpan RepeatEvery => TimeSpan.FromMinutes(notifications.Value.CrisisRepeatMinutes);

    /// <summary>
    /// Tells every crisis officer (and, once escalated, the Chief of Office) with the next write; urgent: at any hour,
    /// on every channel they have.
    /// </summary>
    private void Tell(string kind, DateTimeOffset now, string title)
    {
        var state = crisis.State;
        string[] roles = state.EscalatedAt is null ? [Roles.CrisisOfficer] : [Roles.CrisisOfficer, Roles.ChiefOfOffice];
        var body = $"Mức {state.Severity}/4, mở lúc {state.OpenedAt.ToVietnam():HH:mm dd/MM/yyyy} (giờ Việt Nam), trạng thái: {CrisisStatuses.Vietnamese(state.Status).ToLowerInvariant()}."
            + (state.Status == CrisisStatuses.Open ? " Cần tiếp nhận ngay." : string.Empty);
        state.Notice("crisis/" + Id, kind, now, Id, title, body, "/crises#" + Uri.EscapeDataString(Id), null, new NoticeAudience(Roles: roles));
        state.LastToldAt = now;
    }

    /// <param name="tellRegistry">False when the registry itself asked (it records the view it gets back).</param>
    private async Task<CrisisView> Finish(bool tellRegistry)
    {
        if (tellRegistry)
        {
            await TellRegistry();
        }

        await SendNotifications();
        await Arm();
        return crisis.State.ToView(Id);
    }

    private async Task TellRegistry()
    {
        try
        {
            await GrainFactory.GetGrain<ICrisisRegistryGrain>(0).Updated(crisis.State.ToView(Id));
        }
        catch (Exception ex)
        {
            LogRegistryFailed(logger, ex, Id);
        }
    }

    /// <summary>Sends what is due; a refusal or a timeout waits for the next attempt (5 s, 10 s, 20 s … 10 min).</summary>
    private async Task SendNotifications()
    {
        var state = crisis.State;
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var notification in state.Outbound.Where(n => n.NextAttemptAt <= now).ToList())
        {
            var error = await webhook.Send(notification.Id, notification.Event, state.ToView(Id), now, CancellationToken.None);
            changed = true;
            notification.Attempts++;
            if (error is null)
            {
                state.Outbound.Remove(notification);
                continue;
            }

            notification.LastError = error;
            notification.NextAttemptAt = now + CrisisWebhook.Backoff(notification.Attempts);
            LogWebhookFailed(logger, Id, notification.Event, notification.Attempts, error);
            if (notification.Attempts >= MaxAttempts)
            {
                state.Outbound.Remove(notification);
                state.Timeline.Add(new CrisisTimelineEntry(now, "system:webhook", "crisis.notification-abandoned", $"Không gửi được thông báo {notification.Event} sau {MaxAttempts} lần: {error}"));
            }
        }

        if (changed)
        {
            await Save(null);
        }
    }

    /// <summary>Wakes for the escalation deadline and the next notification attempt; nothing left, no reminder.</summary>
    private async Task Arm()
    {
        var state = crisis.State;
        DateTimeOffset? next = state.Outbound.Count > 0 ? state.Outbound.Min(n => n.NextAttemptAt) : null;
        if (state.Status == CrisisStatuses.Open && state.EscalatedAt is null)
        {
            var escalation = state.OpenedAt.AddMinutes(options.Value.EscalateAfterMinutes);
            next = next is null || escalation < next ? escalation : next;
        }

        if (state.Status == CrisisStatuses.Open && state.LastToldAt is { } told)
        {
            var repeat = told + RepeatEvery;
            next = next is null || repeat < next ? repeat : next;
        }

        if (state.Plan is { Status: CrisisPlanStatuses.Approved, HandedOver: false })
        {
            // The clarification was approved but the outbox did not take it yet: try again shortly.
            var retry = time.GetUtcNow().AddSeconds(30);
            next = next is null || retry < next ? retry : next;
        }

        if (next is null)
        {
            if (await this.GetReminder(TickReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var due = next.Value - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(TickReminder, due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due, TimeSpan.FromMinutes(1));
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions { DueTime = due < TimeSpan.Zero ? TimeSpan.Zero : due, Period = Timeout.InfiniteTimeSpan, Interleave = false });
    }

    private async Task Alert(bool active, string message, string kind = "crisis")
    {
        try
        {
            await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], null,
                [new OperatorAlert(kind, Id, message, time.GetUtcNow(), active, crisis.State.Severity, crisis.State.OpenedAt)]));
        }
        catch (Exception ex)
        {
            LogAlertFailed(logger, ex, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId} opened: severity {Severity} from {Source}: {Title}")]
    private static partial void LogOpened(ILogger logger, string crisisId, int severity, string source, string title);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId} not acknowledged in time: escalated to the Chief of Office")]
    private static partial void LogEscalated(ILogger logger, string crisisId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId}: webhook {Event} refused (attempt {Attempt}): {Error}")]
    private static partial void LogWebhookFailed(ILogger logger, string crisisId, string @event, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId}: the registry was not told (it is told again on the next change)")]
    private static partial void LogRegistryFailed(ILogger logger, Exception exception, string crisisId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Crisis {CrisisId}: the alert did not reach the screens")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string crisisId);
}
