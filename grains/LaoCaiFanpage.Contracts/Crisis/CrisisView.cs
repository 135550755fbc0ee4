namespace LaoCaiFanpage.Contracts.Crisis;

/// <summary>A media crisis's lifecycle (R8.4d).</summary>
public static class CrisisStatuses
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Responding = "responding";
    public const string Resolved = "resolved";

    public static IReadOnlyList<string> All { get; } = [Open, Acknowledged, Responding, Resolved];

    public static bool IsActive(string status) => status != Resolved;

    public static string Vietnamese(string status) => status switch
    {
        Open => "Mới phát hiện, chưa ai nhận xử lý",
        Acknowledged => "Đã tiếp nhận",
        Responding => "Đang xử lý",
        Resolved => "Đã kết thúc",
        _ => status,
    };
}

/// <summary>
/// Where a signal came from: the Department of Information and Communications (a crisis officer's form), a monitoring
/// system's signed feed, or the page's own traffic.
/// </summary>
public static class CrisisSources
{
    public const string Department = "dic";
    public const string Feed = "feed";
    public const string Automatic = "auto";

    /// <summary>How the timeline names a signal's origin: a feed by the name it was registered under.</summary>
    public static string Label(string source, string? feedName) => source switch
    {
        Department => "Sở TT&TT",
        Feed => "hệ thống giám sát «" + feedName + "»",
        _ => "tự động",
    };
}

/// <summary>
/// One signal: raised by a crisis officer for the Department, sent by a registered monitoring system (<paramref name="FeedName"/>
/// names it), or by the detectors with their evidence.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.CrisisSignal")]
public sealed record CrisisSignal(
    [property: Id(0)] string Source,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] int Severity,
    [property: Id(4)] string? SourceUrl,
    [property: Id(5)] IReadOnlyList<string> PostIds,
    [property: Id(6)] IReadOnlyList<string> Keywords,
    [property: Id(7)] IReadOnlyList<string> Evidence,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string? FeedName = null);

/// <summary>A line of a crisis's timeline: a signal, evidence, an alert, an action, and who.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CrisisTimelineEntry")]
public sealed record CrisisTimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Detail);

[GenerateSerializer, Immutable, Alias("lcf.CrisisView")]
public sealed record CrisisView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] int Severity,
    [property: Id(3)] string Source,
    [property: Id(4)] string Status,
    [property: Id(5)] IReadOnlyList<string> PostIds,
    [property: Id(6)] IReadOnlyList<string> Keywords,
    [property: Id(7)] IReadOnlyList<string> Evidence,
    [property: Id(8)] DateTimeOffset OpenedAt,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt,
    [property: Id(10)] string? AcknowledgedBy,
    [property: Id(11)] DateTimeOffset? EscalatedAt,
    [property: Id(12)] DateTimeOffset? ResolvedAt,
    [property: Id(13)] IReadOnlyList<CrisisTimelineEntry> Timeline,
    [property: Id(14)] string? FeedName = null,
    [property: Id(15)] CrisisPlan? Plan = null)
{
    public string StatusLabel => CrisisStatuses.Vietnamese(Status);

    /// <summary>Who raised it, as the officers' screens say it.</summary>
    public string SourceLabel => CrisisSources.Label(Source, FeedName);
}
