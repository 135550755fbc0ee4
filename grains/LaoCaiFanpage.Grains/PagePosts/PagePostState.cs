using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Workflow;

namespace LaoCaiFanpage.Grains.PagePosts;

public sealed class PagePostState : IEditorialRecord
{
    public bool Exists { get; set; }

    public string PageId { get; set; } = string.Empty;

    public string Status { get; set; } = CaseStatus.Drafting;

    public int? Category { get; set; }

    public string? Authority { get; set; }

    public string? Topic { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? ClosedReason { get; set; }

    public List<CaseDraft> Drafts { get; set; } = [];

    public List<CaseApproval> Approvals { get; set; } = [];

    public List<CaseRejection> Rejections { get; set; } = [];

    public List<CaseHistoryEntry> History { get; set; } = [];

    public CasePublication? Publication { get; set; }

    /// <summary>When the approved post goes out (null: at once).</summary>
    public DateTimeOffset? PublishAt { get; set; }

    /// <summary>A correction under way of the published post: <see cref="PostCorrections.Edit"/> or <see cref="PostCorrections.Remove"/>.</summary>
    public string? Correction { get; set; }

    /// <summary>The post on Facebook as it was published and corrected, every version kept.</summary>
    public List<PublishedVersion> Versions { get; set; } = [];

    /// <summary>Facebook's id of the post while it is on the page.</summary>
    public string? LiveGraphId { get; set; }

    public List<PendingAuditEntry> PendingAudit { get; set; } = [];

    public long AuditSeq { get; set; }

    public PagePostView ToView(string id) => new(
        id,
        PageId,
        Status,
        CaseStatus.Vietnamese(Status),
        Category ?? 0,
        Category is { } c && ContentCategories.Names.TryGetValue(c, out var name) ? name : string.Empty,
        Authority ?? Authorities.Office,
        Topic,
        CreatedBy,
        CreatedAt,
        [.. Drafts],
        [.. Approvals],
        [.. Rejections],
        Publication,
        ClosedReason,
        [.. History],
        PublishAt,
        [.. Versions],
        Correction);
}
