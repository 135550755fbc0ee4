using LaoCaiFanpage.Contracts.Time;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>When daily reports fall due (pure: the schedule service and its tests share it).</summary>
public static class ReportSchedule
{
    /// <summary>
    /// The dates whose report is due at <paramref name="now"/>: the latest date whose report time has passed, and the
    /// days missed since the newest archived report (at most <paramref name="catchUpDays"/> back; none before the
    /// first report, so a new installation does not send a week of empty reports).
    /// </summary>
    public static IReadOnlyList<DateOnly> DueDates(DateTimeOffset now, TimeOnly at, int catchUpDays, DateOnly? latestArchived)
    {
        var local = now.ToVietnam();
        var today = DateOnly.FromDateTime(local.DateTime);
        var last = TimeOnly.FromDateTime(local.DateTime) >= at ? today : today.AddDays(-1);
        var first = latestArchived is { } latest ? Max(latest.AddDays(1), last.AddDays(-catchUpDays)) : last;
        var dates = new List<DateOnly>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            dates.Add(day);
        }

        return dates;
    }

    /// <summary>The next report time after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at)
    {
        var today = VietnamTime.DateOf(now);
        var candidate = VietnamTime.StartOf(today).Add(at.ToTimeSpan());
        return candidate > now ? candidate : VietnamTime.StartOf(today.AddDays(1)).Add(at.ToTimeSpan());
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

/// <summary>What the schedule drives: the archive's newest date, generating a date's report, waking a date's deliveries.</summary>
public interface IDailyReportRunner
{
    Task<DateOnly?> LatestArchived(CancellationToken cancellationToken);

    Task Generate(DateOnly date, CancellationToken cancellationToken);

    Task Wake(DateOnly date, CancellationToken cancellationToken);
}
