using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Contracts.Reports;

/// <summary>Where a daily report stands: generated (which version, when, by whom), and whether it reached its recipients.</summary>
[GenerateSerializer, Immutable, Alias("lcf.DailyReportStamp")]
public sealed record DailyReportStamp(
    [property: Id(0)] string Date,
    [property: Id(1)] bool Generated,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset? GeneratedAt,
    [property: Id(4)] string? GeneratedBy,
    [property: Id(5)] IReadOnlyList<ReportDeliveryStatus> Deliveries);

/// <summary>One channel's delivery of the latest version: e-mail or webhook, done or still owed (with the last error).</summary>
[GenerateSerializer, Immutable, Alias("lcf.ReportDeliveryStatus")]
public sealed record ReportDeliveryStatus(
    [property: Id(0)] string Channel,
    [property: Id(1)] bool Delivered,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset? DeliveredAt,
    [property: Id(4)] string? LastError);

/// <summary>
/// The daily report of one date (key: "yyyy-MM-dd", Vietnam time, R10): generated once by the schedule (or on
/// demand, again), archived, pushed to the leadership screens and delivered to the configured recipients.
/// </summary>
public interface IDailyReportGrain : IGrainWithStringKey
{
    /// <summary>Generates the report unless it exists (idempotent); <paramref name="regenerate"/> builds a new version.</summary>
    Task<DailyReportStamp> Generate(bool regenerate, Actor actor);

    /// <summary>Retries deliveries still owed (the reminder's and the schedule's work).</summary>
    Task Tick();

    [Orleans.Concurrency.ReadOnly]
    Task<DailyReportStamp> Get();
}
