using LaoCaiFanpage.Contracts.Sla;

namespace LaoCaiFanpage.Contracts.Units;

/// <summary>
/// An organisational unit that answers cases (key: its unit code, e.g. <c>STC</c>): its queue of open
/// clocks ordered by deadline and its on-time figures. Derived from the case catalogue on activation.
/// </summary>
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Takes note of a clock of this unit that started or changed state.</summary>
    Task ClockChanged(ClockEvent clock);

    /// <summary>
    /// The unit's figures with the <paramref name="queueLimit"/> most urgent open clocks: a unit can hold tens of
    /// thousands of open clocks (the Office's intake clocks under a burst), and a screen shows only the first.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<UnitSla> GetSla(int queueLimit);
}

[GenerateSerializer, Immutable, Alias("lcf.UnitQueueItem")]
public sealed record UnitQueueItem(
    [property: Id(0)] string CaseId,
    [property: Id(1)] string ClockId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset Deadline);

[GenerateSerializer, Immutable, Alias("lcf.UnitSla")]
public sealed record UnitSla(
    [property: Id(0)] string Code,
    [property: Id(1)] int Open,
    [property: Id(2)] int DueSoon,
    [property: Id(3)] int Overdue,
    [property: Id(4)] int AnsweredOnTimeToday,
    [property: Id(5)] int AnsweredLateToday,
    [property: Id(6)] double? OnTimeRateToday,
    [property: Id(7)] double? OnTimeRate30Days,
    [property: Id(8)] IReadOnlyList<UnitQueueItem> Queue,
    [property: Id(9)] int QueueTotal,
    [property: Id(10)] int OpenCases,
    [property: Id(11)] DateTimeOffset? OldestOverdueDeadline);
