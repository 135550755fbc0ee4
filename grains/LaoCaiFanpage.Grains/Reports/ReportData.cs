using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Contracts.Integrity;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>The rows a report is computed from, read once from the projections and the registers.</summary>
public sealed record ReportData(
    IReadOnlyList<ReportMessage> Messages,
    IReadOnlyList<ReportCase> Cases,
    IReadOnlyList<ReportClock> Clocks,
    IReadOnlyList<ReportModeration> Moderation,
    IReadOnlyList<CrisisView> Crises,
    IReadOnlyList<ImpostorView> Impostors,
    IReadOnlyList<IntegrityFinding>? Integrity = null,
    IReadOnlyList<ReportPagePost>? PagePosts = null);

/// <summary>One of the Office's own posts published on the page, with its Article 6 category.</summary>
public sealed record ReportPagePost(string PostId, int Category, DateTimeOffset PublishedAt);

/// <summary>A citizen's comment or message: when it arrived, on which post, in which case.</summary>
public sealed record ReportMessage(string MessageId, string CaseId, string Channel, string? PostId, DateTimeOffset ReceivedAt);

/// <summary>A case: when opened, its Article 6 category, its units, when the page's answer was published.</summary>
public sealed record ReportCase(string CaseId, DateTimeOffset CreatedAt, int? Category, IReadOnlyList<string> Units, string Status, DateTimeOffset? AnsweredAt, string? Preview, string? Assignee = null);

/// <summary>An SLA clock as the projection stores it.</summary>
public sealed record ReportClock(string CaseId, string ClockId, string Kind, string Unit, string State, DateTimeOffset StartedAt, DateTimeOffset Deadline, DateTimeOffset? CompletedAt, string? CompletedBy = null);

/// <summary>A comment the content filter flagged, and what became of it.</summary>
public sealed record ReportModeration(string CaseId, string MessageId, string Status, IReadOnlyList<string> Clauses, DateTimeOffset DetectedAt);
