using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Integrity;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Publishing;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Integrity;

/// <summary>The audit rows and notices of the page's last integrity change (the findings themselves are rows: <see cref="IntegrityStore"/>).</summary>
public sealed class IntegrityState : INoticeSource
{
    /// <summary>Audit rows written with the state (copied into audit_log by 0005-audit-log.sql's trigger).</summary>
    public List<PendingAuditEntry> PendingAudit { get; set; } = [];

    public long AuditSeq { get; set; }

    public List<PendingNotice> PendingNotices { get; set; } = [];

    public long NoticeSeq { get; set; }
}

/// <summary>
/// Art. 8.1: the Chief of Office and the Editorial Board head answer for everything on the page. Each thing the
/// page does on Facebook is compared with what the approval chain handed to the outbox (<see cref="PublicationLedger"/>:
/// the same normalised text in the same place, or Facebook's own id for it). A match is clean whatever id Facebook
/// gave it; anything else is a finding, on the wall's alert strip and told to the Chief and the head until the
/// Chief acknowledges it with a note.
/// </summary>
public sealed partial class IntegrityGrain(
    [PersistentState("integrity")] IPersistentState<IntegrityState> integrity,
    PublicationLedger ledger,
    IntegrityStore findings,
    TimeProvider time,
    ILogger<IntegrityGrain> logger) : Grain, IIntegrityGrain
{
    /// <summary>How far back an approved text is looked for: a reply is published within minutes of its approval.</summary>
    private static readonly TimeSpan MatchWindow = TimeSpan.FromDays(30);

    private string PageId => this.GetPrimaryKeyString();

    public async Task Observe(IReadOnlyList<PageAction> actions)
    {
        var found = new List<IntegrityFinding>();
        foreach (var action in actions)
        {
            if (await Check(action) is { } finding)
            {
                // The row first: it is the record; the audit row and the notices follow with the state.
                await findings.Save(PageId, finding);
                found.Add(finding);
            }
        }

        if (found.Count == 0)
        {
            return;
        }

        var state = integrity.State;
        var now = time.GetUtcNow();
        var audit = new List<PendingAuditEntry>();
        foreach (var finding in found)
        {
            audit.Add(PendingAuditEntry.Create(++state.AuditSeq, now, Actor.System("integrity"), "integrity.finding", "integrity/" + finding.Id,
                new { finding.Kind, finding.MessageId, finding.CaseId, channel = finding.Channel.ToString(), finding.Text, finding.Permalink, finding.ApprovedRequestId }));
            state.Notice("integrity/" + finding.Id, NoticeKinds.IntegrityFinding, now, finding.Id,
                $"Trang đăng nội dung chưa qua phê duyệt: {finding.KindLabel.ToLowerInvariant()}",
                $"{finding.KindLabel} ({IntegrityAlerts.ChannelLabel(finding.Channel)}): «{PublishedText.Normalize(finding.Text)}». Chánh Văn phòng xem và ghi nhận lý do.",
                finding.Channel == MessageChannel.Post ? "/" : "/cases/" + finding.CaseId, null,
                new NoticeAudience(Roles: [Roles.ChiefOfOffice, Roles.EditorialHead]));
            LogFinding(logger, PageId, finding.Kind, finding.MessageId);
        }

        await Save(audit);
        await Alert([.. found.Select(f => IntegrityAlerts.For(f, now))]);
    }

    public async Task<IntegrityCommandResult> Acknowledge(string findingId, string note, Actor actor)
    {
        var state = integrity.State;
        var finding = await findings.Get(PageId, findingId);
        if (finding is null)
        {
            return new IntegrityCommandResult(null, new Refusal(Refusal.NotFoundCode, "Không có phát hiện này / No such finding."));
        }

        if (!actor.HasRole(Roles.ChiefOfOffice))
        {
            return new IntegrityCommandResult(null, Refusal.Forbidden("Chỉ Chánh Văn phòng ghi nhận / Only the Chief of Office acknowledges a finding."));
        }

        if (finding.Status == IntegrityStatuses.Acknowledged)
        {
            return new IntegrityCommandResult(null, new Refusal("already-acknowledged", $"Đã được {finding.AcknowledgedBy} ghi nhận / Acknowledged already."));
        }

        var now = time.GetUtcNow();
        finding = finding with { Status = IntegrityStatuses.Acknowledged, AcknowledgedBy = actor.Name, AcknowledgedAt = now, Note = note };
        await findings.Save(PageId, finding);
        await Save([PendingAuditEntry.Create(++state.AuditSeq, now, actor, "integrity.acknowledged", "integrity/" + finding.Id, new { note })]);
        await Alert([IntegrityAlerts.For(finding, now)]);
        return new IntegrityCommandResult(finding, null);
    }

    public Task<IReadOnlyList<IntegrityFinding>> List(string? status) => findings.List(PageId, status, 1000);

    /// <summary>The finding this action makes, or null when it is what was approved (or not the page's business).</summary>
    private async Task<IntegrityFinding?> Check(PageAction action)
    {
        var digest = PublishedText.Digest(action.Text);
        var known = await ledger.OfMessage(PageId, action.MessageId);
        switch (action.Change)
        {
            case ThreadEventKind.Add:
                if (known is not null)
                {
                    return null;
                }

                var matched = (await ledger.WithText(PageId, digest, action.At - MatchWindow)).FirstOrDefault(p => p.MessageId is null && SamePlace(p, action));
                if (matched is not null)
                {
                    await ledger.Matched(matched.RequestId, action.MessageId);
                    return null;
                }

                return await Finding(IntegrityKinds.UnapprovedPublication, action, null);

            case ThreadEventKind.Edit:
                if (known is not null)
                {
                    // The last approved text (the publication, or a correction approved through the chain since).
                    return known.TextSha256 == digest && !PublicationKinds.IsRemoval(known.Kind)
                        ? null : await Finding(IntegrityKinds.EditedAfterApproval, action, known.RequestId);
                }

                return await Finding(IntegrityKinds.UnapprovedPublication, action, null);

            case ThreadEventKind.Remove:
                return known is null || PublicationKinds.IsRemoval(known.Kind) ? null : await Finding(IntegrityKinds.RemovedAfterApproval, action, known.RequestId);

            default:
                return null;
        }
    }

    /// <summary>The approved item went where the page's message is: the same comment replied to, conversation, or the page's feed.</summary>
    private static bool SamePlace(HandedPublication publication, PageAction action) => action.Channel switch
    {
        MessageChannel.Post => publication.Kind == PublicationKinds.PagePost,
        MessageChannel.Messenger => publication.Kind == PublicationKinds.Messenger && publication.CaseId == action.CaseId,
        _ => publication.Kind == PublicationKinds.CommentReply && (publication.TargetId == action.ParentId || publication.CaseId == action.CaseId),
    };

    /// <summary>One finding per message and kind: a second edit of the same message updates the open one.</summary>
    private async Task<IntegrityFinding> Finding(string kind, PageAction action, string? approvedRequestId)
    {
        var open = await findings.Open(PageId, action.MessageId, kind);
        return open is not null
            ? open with { Text = action.Text ?? open.Text, SeenAt = time.GetUtcNow() }
            : new IntegrityFinding("integrity-" + Guid.NewGuid().ToString("N"), kind, action.MessageId,
                action.CaseId, action.Channel, action.Text, action.Permalink, time.GetUtcNow(), IntegrityStatuses.Open, approvedRequestId, null, null, null);
    }

    private async Task Save(List<PendingAuditEntry> audit)
    {
        integrity.State.PendingAudit = audit;
        await integrity.WriteStateAsync();

        // Written once: the database copied them with this write.
        integrity.State.PendingAudit = [];
        integrity.State.PendingNotices = [];
    }

    private async Task Alert(IReadOnlyList<OperatorAlert> alerts)
    {
        try
        {
            await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], null, alerts));
        }
        catch (Exception ex)
        {
            LogAlertFailed(logger, ex, PageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integrity finding on page {PageId}: {Kind} for message {MessageId}")]
    private static partial void LogFinding(ILogger logger, string pageId, string kind, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The integrity alert of page {PageId} did not reach the screens")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string pageId);
}
