namespace LaoCaiFanpage.Grains.Notifications;

/// <summary>The kinds of notification (R8, R9, R8.4d, R15): what each user chooses channels for.</summary>
public static class NoticeKinds
{
    /// <summary>A case was assigned or reassigned to a unit.</summary>
    public const string CaseAssigned = "case-assigned";

    /// <summary>A unit was asked to coordinate on a case (R9.2).</summary>
    public const string CoordinationRequested = "coordination-requested";

    /// <summary>An SLA clock turned due soon.</summary>
    public const string ClockDueSoon = "clock-due-soon";

    /// <summary>An SLA clock passed its deadline.</summary>
    public const string ClockMissed = "clock-missed";

    /// <summary>The day's summary of a unit's missed clocks, for the Chief of Office.</summary>
    public const string MissedSummary = "missed-summary";

    /// <summary>A unit submitted its part of a complex case's answer: the Editorial Board composes the answer (R9.3).</summary>
    public const string ContributionSubmitted = "contribution-submitted";

    /// <summary>An answer waits for the recipient's approval (R8.3).</summary>
    public const string ApprovalWaiting = "approval-waiting";

    /// <summary>An approver sent the recipient's draft back.</summary>
    public const string DraftRejected = "draft-rejected";

    /// <summary>A media crisis was raised or its severity went up (R8.4d).</summary>
    public const string CrisisRaised = "crisis-raised";

    /// <summary>Nobody acknowledged a crisis in time: the Chief of Office is told too.</summary>
    public const string CrisisEscalated = "crisis-escalated";

    /// <summary>A crisis is still not acknowledged: repeated until someone does.</summary>
    public const string CrisisReminder = "crisis-reminder";

    /// <summary>Publishing to Facebook stopped (the token was refused…).</summary>
    public const string PublishingHalted = "publishing-halted";

    /// <summary>A page that may impersonate the official one was found (R15.2).</summary>
    public const string ImpostorSuspected = "impostor-suspected";

    /// <summary>The page showed something that did not pass the approval chain (Art. 8.1): the Chief of Office and the head.</summary>
    public const string IntegrityFinding = "integrity-finding";

    public static IReadOnlyList<string> All { get; } =
    [
        CaseAssigned, CoordinationRequested, ClockDueSoon, ClockMissed, MissedSummary, ContributionSubmitted, ApprovalWaiting, DraftRejected,
        CrisisRaised, CrisisEscalated, CrisisReminder, PublishingHalted, ImpostorSuspected, IntegrityFinding,
    ];

    /// <summary>Sent at any hour; a crisis officer cannot switch them off.</summary>
    public static bool IsUrgent(string kind) => kind is CrisisRaised or CrisisEscalated or CrisisReminder;

    public static string Vietnamese(string kind) => kind switch
    {
        CaseAssigned => "Vụ việc được giao cho đơn vị",
        CoordinationRequested => "Đề nghị phối hợp",
        ClockDueSoon => "Sắp đến hạn trả lời",
        ClockMissed => "Quá hạn trả lời",
        MissedSummary => "Tổng hợp vụ việc quá hạn trong ngày",
        ContributionSubmitted => "Đơn vị gửi phần trả lời vụ việc phức tạp",
        ApprovalWaiting => "Chờ tôi phê duyệt",
        DraftRejected => "Bản thảo bị trả lại",
        CrisisRaised => "Khủng hoảng truyền thông",
        CrisisEscalated => "Khủng hoảng chưa được tiếp nhận (chuyển Chánh Văn phòng)",
        CrisisReminder => "Nhắc lại khủng hoảng chưa tiếp nhận",
        PublishingHalted => "Đăng bài lên Facebook bị dừng",
        ImpostorSuspected => "Nghi vấn trang giả mạo",
        IntegrityFinding => "Trang đăng nội dung chưa qua phê duyệt",
        _ => kind,
    };
}
