using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Workflow;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// Everything a thread has received, exactly as stored. Meta delivers at least once and in no
/// guaranteed order, so every change is applied idempotently and commutatively: an edit or removal
/// that arrives before its add is kept and reconciled when the add comes.
/// </summary>
public sealed class CommentThreadState : IEditorialRecord, INoticeSource
{
    public string? PageId { get; set; }

    public MessageChannel Channel { get; set; }

    public string? PostId { get; set; }

    public string? Permalink { get; set; }

    /// <summary>True once anything a citizen wrote reached this thread (the page's own posts are not cases).</summary>
    public bool IsCase { get; set; }

    public string Status { get; set; } = CaseStatus.New;

    public List<string> Units { get; set; } = [];

    public string? Complexity { get; set; }

    /// <summary>The unit officer who has the case (R13, R14: who answered, who was late), and their unit.</summary>
    public string? Assignee { get; set; }

    public string? AssigneeUnit { get; set; }

    /// <summary>The Article 6 category (1–6), once classified.</summary>
    public int? Category { get; set; }

    /// <summary><c>office</c> (Chief of Office approves) or <c>standing-committee</c>.</summary>
    public string? Authority { get; set; }

    public string? Topic { get; set; }

    /// <summary>Every draft ever written, oldest first; the last is the current one.</summary>
    public List<CaseDraft> Drafts { get; set; } = [];

    public List<CaseApproval> Approvals { get; set; } = [];

    public List<CaseRejection> Rejections { get; set; } = [];

    public List<CoordinationAnswer> CoordinationAnswers { get; set; } = [];

    /// <summary>For a complex case: each unit's part of the answer, the latest per unit.</summary>
    public List<UnitContribution> Contributions { get; set; } = [];

    /// <summary>A complex case routed to several units: the units contribute, the Editorial Board composes the answer.</summary>
    public bool IsCombined => Complexity == CaseComplexity.Complex && Units.Count > 1;

    public List<CaseHistoryEntry> History { get; set; } = [];

    public CasePublication? Publication { get; set; }

    /// <summary>Messages the content filter flagged, or an officer hid, and what became of them (R8.4c).</summary>
    public List<ModerationView> Moderation { get; set; } = [];

    public string? MergedInto { get; set; }

    public List<string> MergedFrom { get; set; } = [];

    public string? ClosedReason { get; set; }

    /// <summary>A correction under way of the published reply: <c>edited</c> or <c>removed</c> (see <c>PostCorrections</c>).</summary>
    public string? Correction { get; set; }

    /// <summary>The page's reply on Facebook as published and corrected, every version kept.</summary>
    public List<PublishedVersion> Versions { get; set; } = [];

    /// <summary>Facebook's id of the page's reply while it is on the page.</summary>
    public string? LiveReplyId { get; set; }

    /// <summary>When the citizen was first answered: a later correction does not change how long they waited.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The case's SLA clocks: intake, each unit's answer, coordination requests.</summary>
    public List<SlaClock> Clocks { get; set; } = [];

    public DateTimeOffset? FirstReceivedAt { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    public Dictionary<string, StoredMessage> Messages { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The audit rows of the action this state was last written for. The database copies them into
    /// audit_log inside the same write (trigger in 0005-audit-log.sql), so they commit with the action.
    /// </summary>
    public List<PendingAuditEntry> PendingAudit { get; set; } = [];

    /// <summary>The last audit sequence number this case used (its audit rows' source_seq).</summary>
    public long AuditSeq { get; set; }

    /// <summary>Who must be told of the step this state was last written for (copied by 0010-notifications.sql's trigger).</summary>
    public List<PendingNotice> PendingNotices { get; set; } = [];

    public long NoticeSeq { get; set; }

    /// <summary>Digests of every change already applied: a retried delivery changes nothing.</summary>
    public HashSet<string> SeenEvents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Applies one change; returns false when it adds nothing to what is stored.</summary>
    public bool Apply(ThreadEvent change)
    {
        if (!SeenEvents.Add(change.EventKey))
        {
            return false;
        }

        PageId ??= change.PageId;
        if (Messages.Count == 0)
        {
            Channel = change.Channel;
        }

        PostId ??= change.PostId;
        Permalink ??= change.Permalink;
        FirstReceivedAt ??= change.ReceivedAt;
        if (change.ReceivedAt > LastActivityAt)
        {
            LastActivityAt = change.ReceivedAt;
        }

        if (!Messages.TryGetValue(change.MessageId, out var message))
        {
            message = new StoredMessage
            {
                Id = change.MessageId,
                Channel = change.Channel,
                ParentId = change.ParentId,
                AuthorId = change.Author.Id,
                AuthorName = change.Author.Name,
                IsPage = change.Author.IsPage,
                ReceivedAt = change.ReceivedAt,
            };
            Messages.Add(message.Id, message);
        }

        var changed = message.Apply(change);
        if (changed && !change.Author.IsPage)
        {
            IsCase = true;
        }

        return changed;
    }

    /// <summary>The message the case is about: the top-level comment or post, else the first citizen message.</summary>
    public StoredMessage? RootMessage(string caseId) =>
        Messages.TryGetValue(caseId, out var root)
            ? root
            : Messages.Values.Where(m => !m.IsPage).OrderBy(m => m.CreatedAt ?? m.ReceivedAt).FirstOrDefault();

    /// <param name="calendar">Counts the citizen's wait in working hours (no wait is given without it).</param>
    public CaseSnapshot ToSnapshot(string caseId, WorkingCalendar? calendar = null)
    {
        var root = RootMessage(caseId);
        var from = root?.CreatedAt ?? FirstReceivedAt ?? LastActivityAt;
        var ordered = Messages.Values.OrderBy(m => m.CreatedAt ?? m.ReceivedAt).ThenBy(m => m.Id, StringComparer.Ordinal);
        return new CaseSnapshot(
            caseId,
            Channel,
            PageId ?? string.Empty,
            PostId,
            Permalink,
            root is null ? null : new Author(root.AuthorId, root.AuthorName, root.IsPage),
            Status,
            from,
            FirstReceivedAt ?? LastActivityAt,
            LastActivityAt,
            [.. Units],
            [.. ordered.Select(m => m.ToSnapshot())],
            Complexity,
            [.. Clocks.Select(c => c.ToView())],
            ReplyWindow(),
            new CaseWorkflowView(
                CaseStatus.Vietnamese(Status),
                Category,
                Category is { } c && ContentCategories.Names.TryGetValue(c, out var name) ? name : null,
                Authority,
                Topic,
                [.. Drafts],
                [.. Approvals],
                [.. Rejections],
                [.. CoordinationAnswers],
                Publication,
                MergedInto,
                [.. MergedFrom],
                ClosedReason,
                [.. History],
                [.. Contributions],
                [.. Versions],
                Correction),
            [.. Moderation],
            (AnsweredAt ?? Publication?.PublishedAt) is { } published && calendar is not null
                ? new CitizenWait(from, published, Math.Round((published - from).TotalHours, 2), Math.Round(calendar.WorkingTimeBetween(from, published).TotalHours, 2))
                : null,
            Assignee);
    }

    /// <summary>Meta lets the page answer a Messenger user within 24 h of their last message (7 days with the HUMAN_AGENT tag).</summary>
    public ReplyWindow? ReplyWindow()
    {
        if (Channel != MessageChannel.Messenger)
        {
            return null;
        }

        var last = Messages.Values.Where(m => !m.IsPage).Select(m => m.CreatedAt ?? m.ReceivedAt).DefaultIfEmpty().Max();
        if (last == default)
        {
            return null;
        }

        var standard = last.AddHours(24);
        var humanAgent = last.AddDays(7);
        var latest = Clocks.Where(c => c.Kind == ClockKinds.Answer && c.CompletedAt is null)
            .Select(c => (DateTimeOffset?)c.Deadline).Max();
        return new ReplyWindow(last, standard, humanAgent, latest > standard, latest > humanAgent);
    }
}

public sealed class StoredRevision
{
    public string? Text { get; set; }

    public DateTimeOffset EditedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

public sealed class StoredMessage
{
    public string Id { get; set; } = string.Empty;

    public MessageChannel Channel { get; set; }

    public string? ParentId { get; set; }

    public string AuthorId { get; set; } = string.Empty;

    public string? AuthorName { get; set; }

    public bool IsPage { get; set; }

    /// <summary>True once the add itself arrived (an edit or removal may come first).</summary>
    public bool AddReceived { get; set; }

    /// <summary>How the words reached us when not by webhook: <c>reconcile</c> (read back through the Graph API).</summary>
    public string? Source { get; set; }

    public string? OriginalText { get; set; }

    public List<StoredRevision> Edits { get; set; } = [];

    public List<Attachment> Attachments { get; set; } = [];

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    public bool Hidden { get; set; }

    public DateTimeOffset? HiddenChangedAt { get; set; }

    /// <summary>What the message says now: the latest edit, else the original text.</summary>
    public string? CurrentText => Edits.Count > 0 ? Edits[^1].Text : OriginalText;

    public bool Apply(ThreadEvent change)
    {
        AuthorName ??= change.Author.Name;
        ParentId ??= change.ParentId;
        if (change.ReceivedAt < ReceivedAt)
        {
            ReceivedAt = change.ReceivedAt;
        }

        switch (change.Kind)
        {
            case ThreadEventKind.Add:
                if (AddReceived)
                {
                    return false;
                }

                AddReceived = true;
                Source = change.Source;
                OriginalText = change.Text;
                CreatedAt = change.OccurredAt;
                if (change.Attachments.Count > 0)
                {
                    Attachments = [.. change.Attachments];
                }

                return true;

            case ThreadEventKind.Edit:
                if (Edits.Any(e => e.EditedAt == change.OccurredAt && e.Text == change.Text))
                {
                    return false;
                }

                Edits.Add(new StoredRevision { Text = change.Text, EditedAt = change.OccurredAt, ReceivedAt = change.ReceivedAt });
                Edits.Sort((a, b) => a.EditedAt.CompareTo(b.EditedAt));
                if (change.Attachments.Count > 0)
                {
                    Attachments = [.. change.Attachments];
                }

                return true;

            case ThreadEventKind.Remove:
                if (RemovedAt is not null)
                {
                    return false;
                }

                // The text stays stored: a removal on Facebook never erases the record of what was written.
                RemovedAt = change.OccurredAt;
                return true;

            case ThreadEventKind.Hide:
            case ThreadEventKind.Unhide:
                if (HiddenChangedAt is { } last && change.OccurredAt < last)
                {
                    return false;
                }

                var hidden = change.Kind == ThreadEventKind.Hide;
                var differs = hidden != Hidden;
                Hidden = hidden;
                HiddenChangedAt = change.OccurredAt;
                return differs;

            default:
                return false;
        }
    }

    public MessageSnapshot ToSnapshot() => new(
        Id,
        Channel,
        ParentId,
        new Author(AuthorId, AuthorName, IsPage),
        CurrentText,
        OriginalText,
        [.. Edits.Select(e => new MessageRevision(e.Text, e.EditedAt, e.ReceivedAt))],
        [.. Attachments],
        CreatedAt,
        ReceivedAt,
        RemovedAt,
        Hidden,
        AddReceived,
        Source);
}
