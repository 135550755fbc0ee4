namespace LaoCaiFanpage.Contracts.Threads;

/// <summary>Where a case stands in the Editorial Board's workflow (R8.3, R8.4).</summary>
public static class CaseStatus
{
    public const string New = "new";
    public const string Classified = "classified";
    public const string Assigned = "assigned";
    public const string Drafting = "drafting";
    public const string PendingEditorialHead = "pending-editorial-head";
    public const string PendingChiefOfOffice = "pending-chief-of-office";
    public const string PendingStandingCommittee = "pending-standing-committee";
    public const string Approved = "approved";
    public const string Published = "published";
    public const string Closed = "closed";

    /// <summary>Spam, off-topic or otherwise needing no answer (with a reason).</summary>
    public const string NotActionable = "not-actionable";

    /// <summary>A duplicate merged into another case, which carries the answer.</summary>
    public const string Merged = "merged";

    public static IReadOnlyList<string> All { get; } =
        [New, Classified, Assigned, Drafting, PendingEditorialHead, PendingChiefOfOffice, PendingStandingCommittee, Approved, Published, Closed, NotActionable, Merged];

    /// <summary>Waiting for an approver.</summary>
    public static bool IsPending(string status) => status is PendingEditorialHead or PendingChiefOfOffice or PendingStandingCommittee;

    /// <summary>Nothing more is expected of anyone (until it is reopened).</summary>
    public static bool IsFinished(string status) => status is Closed or NotActionable or Merged;

    /// <summary>Routed to units whose answer is being prepared or approved.</summary>
    public static bool IsRouted(string status) => status is Assigned or Drafting || IsPending(status) || status == Approved;

    /// <summary>The status as officers read it on screen.</summary>
    public static string Vietnamese(string status) => status switch
    {
        New => "Mới tiếp nhận",
        Classified => "Đã phân loại",
        Assigned => "Đã chuyển đơn vị",
        Drafting => "Đang soạn trả lời",
        PendingEditorialHead => "Chờ Trưởng Ban biên tập duyệt",
        PendingChiefOfOffice => "Chờ Chánh Văn phòng duyệt",
        PendingStandingCommittee => "Chờ Thường trực UBND tỉnh duyệt",
        Approved => "Đã duyệt, chờ đăng",
        Published => "Đã đăng trả lời",
        Closed => "Đã kết thúc",
        NotActionable => "Không cần xử lý",
        Merged => "Đã gộp vào vụ việc khác",
        _ => status,
    };
}
