namespace LaoCaiFanpage.Contracts.Impostors;

/// <summary>
/// What a page is taken to be (R15.2). The score sets <see cref="Suspected"/> or <see cref="LowRisk"/>; officers take a
/// suspected page through confirmed → reported (to Meta) → removed, or dismiss it.
/// </summary>
public static class ImpostorStatuses
{
    public const string Official = "official";
    public const string LowRisk = "low-risk";
    public const string Suspected = "suspected";
    public const string Confirmed = "confirmed";
    public const string Reported = "reported";
    public const string Removed = "removed";
    public const string Dismissed = "dismissed";

    public static IReadOnlyList<string> All { get; } = [Official, LowRisk, Suspected, Confirmed, Reported, Removed, Dismissed];

    /// <summary>Pages the screens flag: suspected, or confirmed and still live.</summary>
    public static bool IsFlagged(string status) => status is Suspected or Confirmed or Reported;

    /// <summary>Statuses the score decides; the others are officers' decisions the score does not undo.</summary>
    public static bool IsScored(string status) => status is LowRisk or Suspected;

    public static string Vietnamese(string status) => status switch
    {
        Official => "Trang chính thức",
        LowRisk => "Ít nguy cơ",
        Suspected => "Nghi giả mạo",
        Confirmed => "Đã xác định giả mạo",
        Reported => "Đã báo cáo Meta",
        Removed => "Đã bị gỡ",
        Dismissed => "Không phải giả mạo",
        _ => status,
    };
}

/// <summary>What officers do with a page.</summary>
public static class ImpostorActions
{
    public const string Confirm = "confirm";
    public const string Report = "report";
    public const string Remove = "remove";
    public const string Dismiss = "dismiss";

    public static IReadOnlyList<string> All { get; } = [Confirm, Report, Remove, Dismiss];
}

/// <summary>Where a candidate came from.</summary>
public static class CandidateSources
{
    public const string Officer = "officer";
    public const string Import = "import";
    public const string Search = "search";

    /// <summary>The traffic simulator's pages, recorded by <c>--demo</c> only.</summary>
    public const string Simulator = "simulator";
}

/// <summary>A page that may impersonate the official one, as an officer, an import or the page search saw it.</summary>
[GenerateSerializer, Immutable, Alias("lcf.PageCandidate")]
public sealed record PageCandidate(
    [property: Id(0)] string? Url,
    [property: Id(1)] string? PageId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Username,
    [property: Id(4)] string? About,
    [property: Id(5)] string? Category,
    [property: Id(6)] long? Followers,
    [property: Id(7)] string? VerificationStatus,
    [property: Id(8)] string? PictureUrl,
    [property: Id(9)] ulong? PictureHash,
    [property: Id(10)] string Source);

/// <summary>One reason behind a score: its points (negative ones lower it) and a sentence for the officer.</summary>
[GenerateSerializer, Immutable, Alias("lcf.ImpostorReason")]
public sealed record ImpostorReason(
    [property: Id(0)] string Code,
    [property: Id(1)] int Points,
    [property: Id(2)] string Text);

/// <summary>A score from 0 to 100 with its reasons, and the status it gives.</summary>
[GenerateSerializer, Immutable, Alias("lcf.ImpostorAssessment")]
public sealed record ImpostorAssessment(
    [property: Id(0)] int Score,
    [property: Id(1)] string Status,
    [property: Id(2)] IReadOnlyList<ImpostorReason> Reasons);

/// <summary>A line of a page's history: scored, confirmed, reported, re-checked…</summary>
[GenerateSerializer, Immutable, Alias("lcf.ImpostorHistoryEntry")]
public sealed record ImpostorHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Detail);

[GenerateSerializer, Immutable, Alias("lcf.ImpostorView")]
public sealed record ImpostorView(
    [property: Id(0)] string Id,
    [property: Id(1)] PageCandidate Page,
    [property: Id(2)] int Score,
    [property: Id(3)] string Status,
    [property: Id(4)] IReadOnlyList<ImpostorReason> Reasons,
    [property: Id(5)] DateTimeOffset FirstSeenAt,
    [property: Id(6)] DateTimeOffset LastCheckedAt,
    [property: Id(7)] string? ReportReference,
    [property: Id(8)] IReadOnlyList<ImpostorHistoryEntry> History)
{
    public string StatusLabel => ImpostorStatuses.Vietnamese(Status);
}
