using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>
/// The page's outbox. It never publishes twice: before each call it stores that a send began; an item found
/// in that state (the process died mid-call, or the call timed out) is first looked up on Facebook, and sent
/// again only when Meta shows no such reply.
/// </summary>
public sealed partial class PagePublisherGrain(
    [PersistentState("page-publisher")] IPersistentState<PagePublisherState> outbox,
    GraphApiClient graph,
    PublicationLedger ledger,
    MediaStore media,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<PagePublisherGrain> logger) : Grain, IPagePublisherGrain, IRemindable
{
    private const string PumpReminder = "outbox";
    private const int KeepFinished = 200;

    private IGrainTimer? _timer;

    /// <summary>Outcomes on their way to their cases (see <see cref="NotifyCases"/>).</summary>
    private readonly HashSet<string> _notifying = new(StringComparer.Ordinal);

    private string PageId => this.GetPrimaryKeyString();

    public async Task Enqueue(PublicationRequest request)
    {
        var existing = outbox.State.Items.FirstOrDefault(i => i.Request.Id == request.Id);
        if (existing is null)
        {
            // Recorded before the item can leave: whatever the page then shows is checked against it (integrity, Art. 8.1).
            if (!PublicationKinds.IsModeration(request.Kind))
            {
                await ledger.Handed(request, time.GetUtcNow());
            }

            // A scheduled post waits for its time in the outbox's own durable state, so a restart keeps the schedule.
            var now = time.GetUtcNow();
            outbox.State.Items.Add(new OutboxItem { Request = request, QueuedAt = now, NextAttemptAt = request.NotBefore > now ? request.NotBefore : null });
            await outbox.WriteStateAsync();
            LogQueued(logger, PageId, request.Id, request.CaseId);
        }
        else if (existing.CaseNotified && PublicationStatus.IsFinal(existing.Status))
        {
            // The case asks again, so it did not record the outcome: tell it once more.
            existing.CaseNotified = false;
        }

        Schedule(TimeSpan.Zero);
    }

    public async Task Pump()
    {
        var now = time.GetUtcNow();
        var state = outbox.State;
        if (state.HaltReason is null && !(state.BlockedUntil > now))
        {
            foreach (var item in state.Items.Where(i => !PublicationStatus.IsFinal(i.Status) && !(i.NextAttemptAt > now)).OrderBy(i => i.QueuedAt).ToList())
            {
                await Attempt(item);
                if (state.HaltReason is not null || state.BlockedUntil > time.GetUtcNow())
                {
                    break;
                }
            }
        }

        await NotifyCases();
        await Prune();
        await ScheduleNext();
    }

    public async Task<PublisherStatus> Resume(Actor actor)
    {
        if (outbox.State.HaltReason is not null)
        {
            LogResumed(logger, PageId, actor.Name, outbox.State.HaltReason);
            outbox.State.HaltReason = null;
            outbox.State.HaltedAt = null;
            await outbox.WriteStateAsync();
            await PushAlert(active: false, "Đã tiếp tục đăng bài lên Facebook.");
            Schedule(TimeSpan.Zero);
        }

        return Status();
    }

    public Task<PublisherStatus> GetStatus() => Task.FromResult(Status());

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => Pump();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (outbox.State.Items.Any(i => !PublicationStatus.IsFinal(i.Status) || !i.CaseNotified))
        {
            Schedule(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    private async Task Attempt(OutboxItem item)
    {
        var request = item.Request;
        var posting = false;
        if (ApprovalChain.Digest(request.Text) != request.TextSha256)
        {
            // Only the exact approved text may leave; anything else is refused here, whatever asked for it.
            LogNotApprovedText(logger, PageId, request.Id);
            await Finish(item, PublicationStatus.Failed, null, "Nội dung khác với bản đã duyệt (SHA-256 không khớp) / The text is not the approved text.");
            return;
        }

        try
        {
            if (item.Status == PublicationStatus.Sending && item.SendingSince is { } since)
            {
                // The last send's outcome is unknown: ask Facebook before sending again.
                var found = await FindPublished(request, since - TimeSpan.FromMinutes(options.Value.ReconcileWindowMinutes));
                if (found is not null)
                {
                    LogReconciled(logger, PageId, request.Id, found);
                    await Finish(item, PublicationStatus.Published, found, null);
                    return;
                }
            }

            string? messagingType = null;
            string? tag = null;
            if (request.Kind == PublicationKinds.Messenger)
            {
                (messagingType, tag) = MessengerWindow(request.LastCitizenMessageAt, time.GetUtcNow());
                if (messagingType is null)
                {
                    await Finish(item, PublicationStatus.NeedsOtherChannel, null, "Quá 7 ngày kể từ tin nhắn cuối của người dân (Messenger không cho phép gửi).");
                    return;
                }
            }

            item.Status = PublicationStatus.Sending;
            item.SendingSince = time.GetUtcNow();
            item.Attempts++;
            item.MessagingType = messagingType;
            await outbox.WriteStateAsync();
            posting = true;

            var id = request.Kind switch
            {
                PublicationKinds.Messenger => await graph.SendMessage(PageId, request.TargetId, request.Text, messagingType!, tag, CancellationToken.None),
                PublicationKinds.PagePost => await graph.PublishPost(PageId, request.Text, CancellationToken.None, await UploadPictures(request)),
                PublicationKinds.EditPost or PublicationKinds.EditComment => await graph.EditObject(request.TargetId, request.Text, CancellationToken.None),
                PublicationKinds.DeletePost or PublicationKinds.DeleteComment => await graph.DeleteObject(request.TargetId, CancellationToken.None),
                PublicationKinds.HideComment => await graph.SetCommentHidden(request.TargetId, true, CancellationToken.None),
                PublicationKinds.UnhideComment => await graph.SetCommentHidden(request.TargetId, false, CancellationToken.None),
                _ => await graph.ReplyToComment(request.TargetId, request.Text, CancellationToken.None, await UploadPictures(request) is [var picture, ..] ? picture : null),
            };
            LogPublished(logger, PageId, request.Id, id, item.Attempts);
            await Finish(item, PublicationStatus.Published, id, null);
        }
        catch (GraphApiException ex)
        {
            await Failed(item, ex, posting);
        }
    }

    /// <param name="posting">True when the send itself failed; false when the look-up before it did (the earlier send stays unknown).</param>
    private async Task Failed(OutboxItem item, GraphApiException ex, bool posting)
    {
        var now = time.GetUtcNow();
        item.LastError = ex.Summary;

        // Meta answering a send with an error means the send did not happen.
        var refused = ex.Failure is GraphFailure.InvalidToken or GraphFailure.Throttled or GraphFailure.Permanent;
        if (posting && refused)
        {
            item.Status = PublicationStatus.Queued;
            item.SendingSince = null;
        }

        switch (ex.Failure)
        {
            case GraphFailure.InvalidToken:
                // Meta refused the call: nothing was published. Retrying with the same token cannot help.
                outbox.State.HaltReason = "Mã truy cập trang Facebook không hợp lệ hoặc đã hết hạn (" + ex.Summary + "). Thay Facebook:PageAccessToken rồi bấm tiếp tục.";
                outbox.State.HaltedAt = now;
                LogHalted(logger, PageId, ex.Summary);
                // The administrator replaces the token; the Office's approvers learn that approved answers wait.
                outbox.State.Notice("publisher/" + PageId, NoticeKinds.PublishingHalted, now, PageId,
                    "Đăng bài lên Facebook đã dừng", outbox.State.HaltReason + " Các câu trả lời đã duyệt đang chờ.", "/cases", null,
                    new NoticeAudience(Roles: [Roles.Admin, Roles.EditorialHead, Roles.ChiefOfOffice]));
                await outbox.WriteStateAsync();
                outbox.State.PendingNotices = [];
                await PushAlert(active: true, outbox.State.HaltReason);
                return;

            case GraphFailure.Throttled:
                var wait = ex.RegainAccessIn ?? options.Value.Backoff(item.Attempts);
                if (ex.RegainAccessIn is not null)
                {
                    outbox.State.BlockedUntil = now + wait;
                }

                item.NextAttemptAt = now + wait;
                LogThrottled(logger, PageId, item.Request.Id, ex.Summary, wait);
                await outbox.WriteStateAsync();
                return;

            case GraphFailure.Unknown:
                // Stays "sending": the next attempt looks on Facebook first.
                item.NextAttemptAt = now + options.Value.Backoff(item.Attempts);
                LogUnknownOutcome(logger, ex, PageId, item.Request.Id);
                await outbox.WriteStateAsync();
                return;

            default:
                LogRefused(logger, PageId, item.Request.Id, ex.Summary);
                await Finish(item, PublicationStatus.Failed, null, ex.Summary);
                return;
        }
    }

    private async Task<string?> FindPublished(PublicationRequest request, DateTimeOffset since) => request.Kind switch
    {
        // Hiding, an edit and a removal are idempotent on Facebook: sending them again is the way to settle them.
        _ when PublicationKinds.IsModeration(request.Kind) || PublicationKinds.IsChange(request.Kind) => null,
        PublicationKinds.Messenger => await graph.FindPageMessage(PageId, request.TargetId, request.Text, since, CancellationToken.None),
        PublicationKinds.PagePost => await graph.FindPagePost(PageId, request.Text, since, CancellationToken.None),
        _ => await graph.FindPageReply(request.TargetId, PageId, request.Text, since, CancellationToken.None),
    };

    /// <summary>
    /// The post's pictures, uploaded unpublished: the exact bytes the chain approved by digest. A crash between this and
    /// the post leaves only unpublished pictures on Facebook, which nobody sees.
    /// </summary>
    private async Task<IReadOnlyList<string>?> UploadPictures(PublicationRequest request)
    {
        if (request.Images is not { Count: > 0 } images)
        {
            return null;
        }

        var ids = new List<string>();
        foreach (var sha in images)
        {
            var picture = await media.Get(sha)
                ?? throw new GraphApiException(GraphFailure.Permanent, 0, null, null, null, $"Không còn ảnh {sha[..12]}… đã duyệt / The approved picture is missing.", null, null);
            ids.Add(await graph.UploadPhoto(PageId, picture.Data, picture.ContentType, CancellationToken.None));
        }

        return ids;
    }

    /// <summary>Meta's windows: RESPONSE within 24 h of the person's last message, the HUMAN_AGENT tag within 7 days.</summary>
    public static (string? MessagingType, string? Tag) MessengerWindow(DateTimeOffset? lastCitizenMessage, DateTimeOffset now)
    {
        if (lastCitizenMessage is not { } last)
        {
            return (null, null);
        }

        return (now - last) switch
        {
            var age when age < TimeSpan.FromHours(24) => ("RESPONSE", null),
            var age when age < TimeSpan.FromDays(7) => ("MESSAGE_TAG", "HUMAN_AGENT"),
            _ => (null, null),
        };
    }

    private async Task Finish(OutboxItem item, string status, string? graphId, string? error)
    {
        item.Status = status;
        item.GraphId = graphId;
        item.LastError = error ?? item.LastError;
        item.FinishedAt = time.GetUtcNow();
        item.NextAttemptAt = null;
        item.CaseNotified = false;
        await outbox.WriteStateAsync();
        if (status == PublicationStatus.Published && !PublicationKinds.IsModeration(item.Request.Kind))
        {
            await ledger.Published(item.Request.Id, graphId, item.FinishedAt.Value);
        }
    }

    /// <summary>
    /// Tells each case (or page post) the outcome of its publication. Not inside this grain's turn: a case may at
    /// that moment be waiting on this grain (handing over another answer after a restart), and each waiting on the
    /// other would stall both until the call timeout. The notice goes out from the thread pool and its result comes
    /// back as a call of its own (<see cref="CaseNotified"/>); until then the item stays unnotified and is retried.
    /// </summary>
    private Task NotifyCases()
    {
        var self = this.AsReference<IPagePublisherGrain>();
        foreach (var item in outbox.State.Items.Where(i => PublicationStatus.IsFinal(i.Status) && !i.CaseNotified && !_notifying.Contains(i.Request.Id)))
        {
            var request = item.Request;
            var outcome = new PublicationOutcome(request.Id, item.Status, item.FinishedAt ?? time.GetUtcNow(), item.GraphId, item.MessagingType, item.LastError);
            var (grains, pageId) = (GrainFactory, PageId);
            _notifying.Add(request.Id);
            _ = Task.Run(async () =>
            {
                var delivered = false;
                try
                {
                    await (request.Kind switch
                    {
                        // A crisis plan's clarification is a page post whose "case" is its crisis.
                        PublicationKinds.PagePost when request.CaseId.StartsWith("crisis-", StringComparison.Ordinal) =>
                            grains.GetGrain<ICrisisGrain>(request.CaseId).PlanPublished(outcome),
                        PublicationKinds.PagePost or PublicationKinds.EditPost or PublicationKinds.DeletePost =>
                            grains.GetGrain<IPagePostGrain>(request.CaseId).PublicationCompleted(outcome),
                        _ when PublicationKinds.IsModeration(request.Kind) => grains.GetGrain<ICommentThreadGrain>(request.CaseId).ModerationCompleted(outcome),
                        _ => grains.GetGrain<ICommentThreadGrain>(request.CaseId).PublicationCompleted(outcome),
                    });
                    delivered = true;
                }
                catch (Exception ex)
                {
                    LogCaseNotifyFailed(logger, ex, pageId, request.CaseId);
                }

                try
                {
                    await self.CaseNotified(request.Id, delivered);
                }
                catch (Exception ex)
                {
                    // The item stays unnotified in the stored state: the next pump tells the case again (it ignores repeats).
                    LogCaseNotifyFailed(logger, ex, pageId, request.CaseId);
                }
            });
        }

        return Task.CompletedTask;
    }

    public async Task CaseNotified(string requestId, bool delivered)
    {
        _notifying.Remove(requestId);
        if (delivered && outbox.State.Items.FirstOrDefault(i => i.Request.Id == requestId) is { CaseNotified: false } item)
        {
            item.CaseNotified = true;
            await outbox.WriteStateAsync();
            await Prune();
            await ScheduleNext();
        }
    }

    private async Task Prune()
    {
        var done = outbox.State.Items.Where(i => PublicationStatus.IsFinal(i.Status) && i.CaseNotified).OrderByDescending(i => i.FinishedAt).Skip(KeepFinished).ToList();
        if (done.Count > 0)
        {
            outbox.State.Items.RemoveAll(done.Contains);
            await outbox.WriteStateAsync();
        }
    }

    /// <summary>A timer for the next due item, and a reminder behind it in case the grain is deactivated meanwhile.</summary>
    private async Task ScheduleNext()
    {
        var state = outbox.State;
        var pending = state.Items.Where(i => !PublicationStatus.IsFinal(i.Status) || !i.CaseNotified).ToList();
        if (pending.Count == 0 || state.HaltReason is not null)
        {
            if (await this.GetReminder(PumpReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var now = time.GetUtcNow();
        var next = pending.Select(i => i.CaseNotified || !PublicationStatus.IsFinal(i.Status) ? i.NextAttemptAt ?? now : now + TimeSpan.FromSeconds(30)).Min();
        if (state.BlockedUntil > next)
        {
            next = state.BlockedUntil.Value;
        }

        Schedule(next - now);
        await this.RegisterOrUpdateReminder(PumpReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private void Schedule(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(Pump, new GrainTimerCreationOptions
        {
            DueTime = due < TimeSpan.Zero ? TimeSpan.Zero : due,
            Period = Timeout.InfiniteTimeSpan,
        });
    }

    private PublisherStatus Status() => new(
        PageId,
        outbox.State.HaltReason is not null,
        outbox.State.HaltReason,
        outbox.State.HaltedAt,
        outbox.State.BlockedUntil > time.GetUtcNow() ? outbox.State.BlockedUntil : null,
        [.. outbox.State.Items.OrderByDescending(i => i.QueuedAt).Select(i => i.ToView())]);

    private async Task PushAlert(bool active, string message)
    {
        try
        {
            await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], null,
                [new OperatorAlert("publishing", PageId, message, time.GetUtcNow(), active)]));
        }
        catch (Exception ex)
        {
            LogAlertPushFailed(logger, ex, PageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox {PageId}: {PublicationId} refused — its text does not match the approved digest")]
    private static partial void LogNotApprovedText(ILogger logger, string pageId, string publicationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {PageId}: queued {PublicationId} for case {CaseId}")]
    private static partial void LogQueued(ILogger logger, string pageId, string publicationId, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {PageId}: published {PublicationId} as {GraphId} (attempt {Attempt})")]
    private static partial void LogPublished(ILogger logger, string pageId, string publicationId, string graphId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {PageId}: {PublicationId} had already been published as {GraphId}; not sent again")]
    private static partial void LogReconciled(ILogger logger, string pageId, string publicationId, string graphId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {PageId}: {PublicationId} throttled ({Error}); next attempt in {Wait}")]
    private static partial void LogThrottled(ILogger logger, string pageId, string publicationId, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {PageId}: outcome of {PublicationId} unknown; Facebook is checked before any new attempt")]
    private static partial void LogUnknownOutcome(ILogger logger, Exception exception, string pageId, string publicationId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Outbox {PageId}: publishing HALTED — the page access token was refused ({Error}); an operator must replace it and resume")]
    private static partial void LogHalted(ILogger logger, string pageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {PageId}: resumed by {Actor} (was halted: {Reason})")]
    private static partial void LogResumed(ILogger logger, string pageId, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox {PageId}: Meta refused {PublicationId} for good ({Error})")]
    private static partial void LogRefused(ILogger logger, string pageId, string publicationId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {PageId}: case {CaseId} was not told of its publication; retried")]
    private static partial void LogCaseNotifyFailed(ILogger logger, Exception exception, string pageId, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {PageId}: the operator alert did not reach the screens")]
    private static partial void LogAlertPushFailed(ILogger logger, Exception exception, string pageId);
}
