namespace LaoCaiFanpage.Contracts.Time;

/// <summary>
/// Vietnam civil time (Asia/Ho_Chi_Minh). Vietnam has kept UTC+07:00 without daylight saving since
/// 1975, so a fixed offset is exact for every instant the service handles and needs no tz database.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The same instant expressed at +07:00, as every API and screen shows it.</summary>
    public static DateTimeOffset ToVietnam(this DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The calendar date in Vietnam on which the instant falls.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The first instant of the given Vietnamese calendar date.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The start of the Vietnamese clock hour containing the instant.</summary>
    public static DateTimeOffset StartOfHour(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Offset);
        return new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, Offset);
    }
}
