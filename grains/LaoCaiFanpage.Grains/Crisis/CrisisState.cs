using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Notifications;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>A crisis as stored: the record of what happened, and the notifications still owed.</summary>
public sealed class CrisisState : INoticeSource
{
    public bool Exists { get; set; }

    public string Title { get; set; } = string.Empty;

    public int Severity { get; set; }

    public string Source { get; set; } = CrisisSources.Automatic;

    /// <summary>The monitoring system whose signal opened the crisis (for <see cref="CrisisSources.Feed"/>).</summary>
    public string? FeedName { get; set; }

    public string Status { get; set; } = CrisisStatuses.Open;

    public List<string> PostIds { get; set; } = [];

    public List<string> Keywords { get; set; } = [];

    public List<string> Evidence { get; set; } = [];

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public List<CrisisTimelineEntry> Timeline { get; set; } = [];

    /// <summary>The response plan (R8.4d), once a crisis officer wrote one.</summary>
    public CrisisPlan? Plan { get; set; }

    /// <summary>Outbound webhook notifications not yet accepted by the receiver.</summary>
    public List<CrisisNotification> Outbound { get; set; } = [];

    /// <summary>Audit rows written with the state (copied into audit_log by 0005-audit-log.sql's trigger).</summary>
    public List<PendingAuditEntry> PendingAudit { get; set; } = [];

    public long AuditSeq { get; set; }

    /// <summary>Who must be told of the step this state was last written for (copied by 0010-notifications.sql's trigger).</summary>
    public List<PendingNotice> PendingNotices { get; set; } = [];

    public long NoticeSeq { get; set; }

    /// <summary>When crisis officers were last told of this crisis (the repeat runs from here until someone acknowledges it).</summary>
    public DateTimeOffset? LastToldAt { get; set; }

    public CrisisView ToView(string id) => new(
        id, Title, Severity, Source, Status, [.. PostIds], [.. Keywords], [.. Evidence], OpenedAt, AcknowledgedAt, AcknowledgedBy,
        EscalatedAt, ResolvedAt, [.. Timeline], FeedName, Plan);
}

/// <summary>One event for the Office's messaging channel, kept until the receiver answers 2xx.</summary>
public sealed class CrisisNotification
{
    public string Id { get; set; } = string.Empty;

    public string Event { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}
