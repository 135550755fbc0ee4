using System.Globalization;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>The working sessions of a working day (Lào Cai: 07:30–12:00 and 13:30–17:00).</summary>
public sealed class OfficeHours
{
    public OfficeHours(IEnumerable<(TimeOnly Start, TimeOnly End)> sessions)
    {
        Sessions = [.. sessions.OrderBy(s => s.Start)];
        if (Sessions.Count == 0)
        {
            throw new ArgumentException("Office hours need at least one session.", nameof(sessions));
        }

        for (var i = 0; i < Sessions.Count; i++)
        {
            if (Sessions[i].End <= Sessions[i].Start || (i > 0 && Sessions[i].Start < Sessions[i - 1].End))
            {
                throw new ArgumentException("Office hours sessions must be increasing and must not overlap.", nameof(sessions));
            }
        }

        PerDay = TimeSpan.FromTicks(Sessions.Sum(s => (s.End - s.Start).Ticks));
    }

    public static OfficeHours LaoCai { get; } = Parse(["07:30-12:00", "13:30-17:00"]);

    public IReadOnlyList<(TimeOnly Start, TimeOnly End)> Sessions { get; }

    /// <summary>Working time in one working day.</summary>
    public TimeSpan PerDay { get; }

    public TimeOnly Opening => Sessions[0].Start;

    /// <summary>Parses sessions written "HH:mm-HH:mm".</summary>
    public static OfficeHours Parse(IEnumerable<string> sessions) => new(sessions.Select(s =>
    {
        var parts = s.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            throw new FormatException($"Office hours session '{s}' is not HH:mm-HH:mm.");
        }

        return (start, end);
    }));

    /// <summary>Working time in a working day from the given time of day to closing.</summary>
    public TimeSpan RemainingAfter(TimeOnly time)
    {
        var remaining = TimeSpan.Zero;
        foreach (var (start, end) in Sessions)
        {
            if (time < end)
            {
                remaining += end - (time > start ? time : start);
            }
        }

        return remaining;
    }

    /// <summary>The time of day at which <paramref name="worked"/> working time has elapsed since <paramref name="from"/>.</summary>
    public TimeOnly After(TimeOnly from, TimeSpan worked)
    {
        foreach (var (start, end) in Sessions)
        {
            if (from >= end)
            {
                continue;
            }

            var begin = from > start ? from : start;
            var available = end - begin;
            if (worked <= available)
            {
                return begin.Add(worked);
            }

            worked -= available;
        }

        throw new ArgumentOutOfRangeException(nameof(worked), "More working time than the day has left.");
    }
}
