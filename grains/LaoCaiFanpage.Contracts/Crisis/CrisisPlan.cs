namespace LaoCaiFanpage.Contracts.Crisis;

/// <summary>Where a crisis response plan stands (R8.4d): drafted by a crisis officer, approved by the Chief of Office and, beyond the Office's authority, the Standing Committee.</summary>
public static class CrisisPlanStatuses
{
    public const string Drafting = "drafting";
    public const string PendingChiefOfOffice = "pending-chief-of-office";
    public const string PendingStandingCommittee = "pending-standing-committee";
    public const string Approved = "approved";
    public const string Published = "published";

    public static string Vietnamese(string status) => status switch
    {
        Drafting => "Đang soạn",
        PendingChiefOfOffice => "Chờ Chánh Văn phòng duyệt",
        PendingStandingCommittee => "Chờ Thường trực UBND tỉnh duyệt",
        Approved => "Đã duyệt, đang đăng thông tin làm rõ",
        Published => "Đã đăng thông tin làm rõ",
        _ => status,
    };
}

/// <summary>What a crisis officer writes: what happened, the proposed response, the clarification to publish, and the cases it concerns.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CrisisPlanInput")]
public sealed record CrisisPlanInput(
    [property: Id(0)] string WhatHappened,
    [property: Id(1)] string Response,
    [property: Id(2)] string Clarification,
    [property: Id(3)] bool BeyondOffice,
    [property: Id(4)] IReadOnlyList<string> CaseIds);

[GenerateSerializer, Immutable, Alias("lcf.CrisisPlanApproval")]
public sealed record CrisisPlanApproval(
    [property: Id(0)] string Step,
    [property: Id(1)] string By,
    [property: Id(2)] DateTimeOffset At);

/// <summary>A crisis's response plan and the clarification post it publishes once approved.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CrisisPlan")]
public sealed record CrisisPlan(
    [property: Id(0)] int Version,
    [property: Id(1)] string Status,
    [property: Id(2)] string WhatHappened,
    [property: Id(3)] string Response,
    [property: Id(4)] string Clarification,
    [property: Id(5)] bool BeyondOffice,
    [property: Id(6)] IReadOnlyList<string> CaseIds,
    [property: Id(7)] string DraftedBy,
    [property: Id(8)] DateTimeOffset DraftedAt,
    [property: Id(9)] IReadOnlyList<CrisisPlanApproval> Approvals,
    [property: Id(10)] string? ReturnedReason,
    [property: Id(11)] string? PublicationId,
    [property: Id(12)] bool HandedOver,
    [property: Id(13)] string? PostId,
    [property: Id(14)] DateTimeOffset? PublishedAt,
    [property: Id(15)] string? PublicationError)
{
    public string StatusLabel => CrisisPlanStatuses.Vietnamese(Status);
}
