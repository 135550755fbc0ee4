using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Notifications;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>A candidate page as stored: what was seen of it, its score and status, and its history.</summary>
public sealed class ImpostorPageState : INoticeSource
{
    public bool Exists { get; set; }

    public PageCandidate? Page { get; set; }

    public int Score { get; set; }

    public string Status { get; set; } = ImpostorStatuses.LowRisk;

    public List<ImpostorReason> Reasons { get; set; } = [];

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastCheckedAt { get; set; }

    public string? ReportReference { get; set; }

    public List<ImpostorHistoryEntry> History { get; set; } = [];

    /// <summary>Audit rows written with the state (copied into audit_log by 0005-audit-log.sql's trigger).</summary>
    public List<PendingAuditEntry> PendingAudit { get; set; } = [];

    public long AuditSeq { get; set; }

    /// <summary>Who must be told of the step this state was last written for (copied by 0010-notifications.sql's trigger).</summary>
    public List<PendingNotice> PendingNotices { get; set; } = [];

    public long NoticeSeq { get; set; }

    public ImpostorView ToView(string id, bool withHistory = true) =>
        new(id, Page!, Score, Status, [.. Reasons], FirstSeenAt, LastCheckedAt, ReportReference, withHistory ? [.. History] : []);
}
