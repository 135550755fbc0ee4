namespace LaoCaiFanpage.Contracts.Content;

/// <summary>Where a citizen's message flagged by the Article 12 filter stands (R8.4c).</summary>
public static class ModerationStatuses
{
    /// <summary>High confidence: handed to the page's outbox to be hidden on Facebook.</summary>
    public const string HideQueued = "hide-queued";

    /// <summary>Facebook confirmed the comment is hidden (its author and friends still see it; nobody else does).</summary>
    public const string Hidden = "hidden";

    /// <summary>Facebook refused to hide it; an officer decides again.</summary>
    public const string HideFailed = "hide-failed";

    /// <summary>Medium confidence (or a Messenger message, which cannot be hidden): waits for the Editorial Board.</summary>
    public const string PendingReview = "pending-review";

    /// <summary>An officer decided the message may stay.</summary>
    public const string Kept = "kept";

    /// <summary>An officer reversed the hiding; the outbox unhides it.</summary>
    public const string UnhideQueued = "unhide-queued";

    public const string Unhidden = "unhidden";

    /// <summary>Whether screens keep the message's words back: flagged and not (yet) kept, or hidden.</summary>
    public static bool Withholds(string status) => status is not (Kept or Unhidden);

    public static IReadOnlyList<string> All { get; } = [HideQueued, Hidden, HideFailed, PendingReview, Kept, UnhideQueued, Unhidden];

    /// <summary>Statuses an officer still has to look at.</summary>
    public static bool NeedsReview(string status) => status is PendingReview or HideFailed;

    public static string Vietnamese(string status) => status switch
    {
        HideQueued => "Đang ẩn trên Facebook",
        Hidden => "Đã ẩn trên Facebook",
        HideFailed => "Ẩn không thành công",
        PendingReview => "Chờ Ban biên tập xem xét",
        Kept => "Giữ nguyên (đã xem xét)",
        UnhideQueued => "Đang bỏ ẩn",
        Unhidden => "Đã bỏ ẩn",
        _ => status,
    };
}

/// <summary>What an officer decides about a flagged message.</summary>
public static class ModerationDecisions
{
    public const string Hide = "hide";
    public const string Keep = "keep";
    public const string Unhide = "unhide";

    public static IReadOnlyList<string> All { get; } = [Hide, Keep, Unhide];
}

/// <summary>A flagged message of a case: the filter's findings and every decision since.</summary>
[GenerateSerializer, Immutable, Alias("lcf.ModerationView")]
public sealed record ModerationView(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string Status,
    [property: Id(2)] string Confidence,
    [property: Id(3)] IReadOnlyList<string> Clauses,
    [property: Id(4)] IReadOnlyList<string> Rules,
    [property: Id(5)] IReadOnlyList<string> Excerpts,
    [property: Id(6)] DateTimeOffset DetectedAt,
    [property: Id(7)] string? DecidedBy,
    [property: Id(8)] DateTimeOffset? DecidedAt,
    [property: Id(9)] string? Note,
    [property: Id(10)] string? PublicationId,
    [property: Id(11)] bool HandedOver,
    [property: Id(12)] string? Error)
{
    public string StatusLabel => ModerationStatuses.Vietnamese(Status);
}
