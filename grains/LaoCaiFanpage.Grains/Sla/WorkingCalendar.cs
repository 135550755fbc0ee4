using System.Collections.Concurrent;
using LaoCaiFanpage.Contracts.Time;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>How a deadline of N working days is counted.</summary>
public enum DeadlineRule
{
    /// <summary>Civil Code 2015 Art. 147–148: the day of receipt is not counted; the deadline is 24:00 of the N-th working day after it.</summary>
    Civil,

    /// <summary>N × one day's working time, counted inside office hours from receipt (or from the next opening).</summary>
    OfficeHours,
}

/// <summary>Why a date is or is not a working day.</summary>
public enum DayKind
{
    WorkingDay,
    Weekend,
    Holiday,
    MakeUpWorkingDay,
}

public readonly record struct DayInfo(DateOnly Date, DayKind Kind, string? Name, bool Provisional)
{
    public bool IsWorkingDay => Kind is DayKind.WorkingDay or DayKind.MakeUpWorkingDay;
}

/// <summary>
/// The working days of Vietnamese state agencies: Monday–Friday, minus the official days off, plus the
/// official make-up Saturdays; a year the Government has not announced is derived provisionally.
/// Deadlines are found through per-year cumulative counts (a binary search), never by stepping day by day.
/// Pure code: no clock, no Orleans.
/// </summary>
public sealed class WorkingCalendar
{
    public const int MinYear = 1901;
    public const int MaxYear = 2199;

    private readonly IReadOnlyDictionary<int, YearSchedule> _official;
    private readonly IReadOnlyList<ExtraHoliday> _extras;
    private readonly ConcurrentDictionary<int, YearTable> _tables = new();

    public WorkingCalendar(IReadOnlyDictionary<int, YearSchedule> official, OfficeHours officeHours, IReadOnlyList<ExtraHoliday>? extraHolidays = null)
    {
        _official = official;
        OfficeHours = officeHours;
        _extras = extraHolidays ?? [];
    }

    /// <summary>The shipped official schedules and Lào Cai's office hours.</summary>
    public static WorkingCalendar Default { get; } = new(OfficialSchedules.Load(), OfficeHours.LaoCai);

    public OfficeHours OfficeHours { get; }

    public YearSchedule Schedule(int year) => Table(year).Schedule;

    public DayInfo Describe(DateOnly date)
    {
        var table = Table(date.Year);
        if (table.Off.TryGetValue(date, out var holiday))
        {
            return new DayInfo(date, DayKind.Holiday, holiday, table.Schedule.Provisional);
        }

        if (table.MakeUp.TryGetValue(date, out var makeUp))
        {
            return new DayInfo(date, DayKind.MakeUpWorkingDay, makeUp, table.Schedule.Provisional);
        }

        return new DayInfo(date, IsWeekend(date) ? DayKind.Weekend : DayKind.WorkingDay, null, table.Schedule.Provisional);
    }

    public bool IsWorkingDay(DateOnly date)
    {
        var table = Table(date.Year);
        var i = date.DayOfYear - 1;
        return table.Cumulative[i] != (i == 0 ? 0 : table.Cumulative[i - 1]);
    }

    /// <summary>The <paramref name="n"/>-th working day strictly after <paramref name="date"/> (n ≥ 1).</summary>
    public DateOnly NthWorkingDayAfter(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var table = Table(date.Year);
        var remaining = n;
        var doneInYear = table.Cumulative[date.DayOfYear - 1];
        var year = date.Year;
        while (doneInYear + remaining > table.Total)
        {
            remaining -= table.Total - doneInYear;
            year++;
            table = Table(year);
            doneInYear = 0;
        }

        // First day of the year whose cumulative count reaches the target.
        var target = doneInYear + remaining;
        var index = Array.BinarySearch(table.Cumulative, target);
        if (index < 0)
        {
            index = ~index;
        }

        while (index > 0 && table.Cumulative[index - 1] == target)
        {
            index--;
        }

        return new DateOnly(year, 1, 1).AddDays(index);
    }

    /// <summary>The deadline of <paramref name="workingDays"/> working days from a receipt instant (fast path, no explanation).</summary>
    public DateTimeOffset Deadline(DateTimeOffset receivedAt, int workingDays, DeadlineRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        var local = receivedAt.ToVietnam();
        var date = DateOnly.FromDateTime(local.DateTime);
        if (rule == DeadlineRule.Civil)
        {
            // 24:00 of the N-th working day after the day of receipt = 00:00 of the following day.
            return VietnamTime.StartOf(NthWorkingDayAfter(date, workingDays).AddDays(1));
        }

        return AddWorkingTime(receivedAt, OfficeHours.PerDay * workingDays);
    }

    /// <summary>
    /// The earliest instant at which <paramref name="workingTime"/> of office hours has elapsed since
    /// <paramref name="from"/> (counting from the next opening when <paramref name="from"/> is outside them).
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(workingTime, TimeSpan.Zero);
        var local = from.ToVietnam();
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var needed = workingTime;
        var today = IsWorkingDay(date) ? OfficeHours.RemainingAfter(time) : TimeSpan.Zero;
        if (needed <= today)
        {
            return At(date, OfficeHours.After(time, needed));
        }

        needed -= today;
        var wholeDays = (int)Math.Ceiling(needed / OfficeHours.PerDay);
        var lastDay = NthWorkingDayAfter(date, wholeDays);
        var inLastDay = needed - OfficeHours.PerDay * (wholeDays - 1);
        return At(lastDay, OfficeHours.After(OfficeHours.Opening, inLastDay));
    }

    /// <summary>The office hours of working days that lie between two instants (zero when <paramref name="to"/> is not later).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var first = VietnamTime.DateOf(from);
        var last = VietnamTime.DateOf(to);
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            foreach (var (start, end) in OfficeHours.Sessions)
            {
                var sessionStart = At(date, start);
                var sessionEnd = At(date, end);
                var overlap = (to < sessionEnd ? to : sessionEnd) - (from > sessionStart ? from : sessionStart);
                if (overlap > TimeSpan.Zero)
                {
                    total += overlap;
                }
            }
        }

        return total;
    }

    /// <summary>
    /// <paramref name="from"/> itself when it falls inside office hours on a working day, otherwise the opening of
    /// the next working session (what quiet hours wait for).
    /// </summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset from)
    {
        var local = from.ToVietnam();
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (IsWorkingDay(date))
        {
            foreach (var (start, end) in OfficeHours.Sessions)
            {
                if (time < end)
                {
                    return time >= start ? from : At(date, start);
                }
            }
        }

        return At(NthWorkingDayAfter(date, 1), OfficeHours.Opening);
    }

    /// <summary>The working time between two instants (for "due soon": a fixed amount of working time before the deadline).</summary>
    public DateTimeOffset SubtractWorkingTime(DateTimeOffset deadline, TimeSpan workingTime)
    {
        // Walk back whole working days (at most a handful in practice), then inside the day.
        var local = deadline.ToVietnam();
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (local.TimeOfDay == TimeSpan.Zero)
        {
            // 24:00 of the previous day.
            date = date.AddDays(-1);
            time = OfficeHours.Sessions[^1].End;
        }

        for (var guard = 0; guard < 3660; guard++)
        {
            if (IsWorkingDay(date))
            {
                var workedBefore = OfficeHours.PerDay - OfficeHours.RemainingAfter(time);
                if (workingTime <= workedBefore)
                {
                    return At(date, OfficeHours.After(OfficeHours.Opening, workedBefore - workingTime));
                }

                workingTime -= workedBefore;
            }

            date = date.AddDays(-1);
            time = OfficeHours.Sessions[^1].End;
        }

        throw new InvalidOperationException("No working time found in ten years before the deadline.");
    }

    private static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), VietnamTime.Offset);

    private YearTable Table(int year)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"The calendar covers {MinYear}–{MaxYear}.");
        }

        return _tables.GetOrAdd(year, y =>
        {
            var schedule = _official.TryGetValue(y, out var official) ? WithExtras(official) : ProvisionalSchedule.Derive(y, _extras);
            return new YearTable(schedule);
        });
    }

    /// <summary>Extra holidays configured after an official schedule was announced still count.</summary>
    private YearSchedule WithExtras(YearSchedule official)
    {
        var added = _extras
            .Where(e => official.Year >= e.FromYear)
            .Select(e => new NamedDay(new DateOnly(official.Year, e.Month, e.Day), e.Name))
            .Where(d => !IsWeekend(d.Date) && official.DaysOff.All(o => o.Date != d.Date))
            .ToList();
        return added.Count == 0 ? official : official with { DaysOff = [.. official.DaysOff.Concat(added).OrderBy(d => d.Date)] };
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private sealed class YearTable
    {
        public YearTable(YearSchedule schedule)
        {
            Schedule = schedule;
            Off = schedule.DaysOff.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First().Name);
            MakeUp = schedule.MakeUpWorkingDays.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.First().Name);
            var first = new DateOnly(schedule.Year, 1, 1);
            var days = DateTime.IsLeapYear(schedule.Year) ? 366 : 365;
            Cumulative = new int[days];
            var count = 0;
            for (var i = 0; i < days; i++)
            {
                var date = first.AddDays(i);
                var working = MakeUp.ContainsKey(date) || (!IsWeekend(date) && !Off.ContainsKey(date));
                Cumulative[i] = count += working ? 1 : 0;
            }

            Total = count;
        }

        public YearSchedule Schedule { get; }

        public Dictionary<DateOnly, string> Off { get; }

        public Dictionary<DateOnly, string> MakeUp { get; }

        /// <summary>Cumulative[i] = working days from 1 January to day i (0-based) inclusive.</summary>
        public int[] Cumulative { get; }

        public int Total { get; }
    }
}
