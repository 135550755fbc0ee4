using LaoCaiFanpage.Grains.Audit;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>A date's report as the grain keeps it (the report itself is in the archive table).</summary>
public sealed class DailyReportState
{
    public int Version { get; set; }

    public DateTimeOffset? GeneratedAt { get; set; }

    public string? GeneratedBy { get; set; }

    /// <summary>Channel → delivery of the latest version.</summary>
    public Dictionary<string, DeliveryRecord> Deliveries { get; set; } = new(StringComparer.Ordinal);

    public List<PendingAuditEntry> PendingAudit { get; set; } = [];

    public long AuditSeq { get; set; }
}

public sealed class DeliveryRecord
{
    public bool Delivered { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}
