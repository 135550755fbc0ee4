namespace LaoCaiFanpage.Silo.Hosting;

/// <summary>
/// The system clock shifted by a fixed offset (<c>Diagnostics:ClockOffsetHours</c>), for drills and
/// benchmarks that must see deadlines pass — e.g. how fast overdue clocks fire after a restart. Never
/// set in production: every instant the service records would be shifted too.
/// </summary>
public sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
