namespace LaoCaiFanpage.Grains.Sla;

/// <summary>An extra public holiday (recurring every year on a day and month), e.g. one a new law adds.</summary>
public sealed record ExtraHoliday(int Month, int Day, string Name, int FromYear = 1);

/// <summary>
/// A year's schedule derived from the Labour Code 2019 when the Government has not announced it yet:
/// Art. 112 — 1/1; Tết: the last day of the lunar year and the first four of the new one; Giỗ Tổ
/// Hùng Vương 10/3 lunar; 30/4; 1/5; 2/9 with the adjacent weekday before it (after it when that is a
/// weekend day); plus configured extra holidays. Art. 111(3) — a holiday on a Saturday or Sunday gives
/// the next working day off. No make-up Saturdays: those are only ever announced.
/// </summary>
public static class ProvisionalSchedule
{
    public static YearSchedule Derive(int year, IReadOnlyList<ExtraHoliday> extras)
    {
        var holidays = new List<NamedDay> { new(new DateOnly(year, 1, 1), "Tết Dương lịch") };

        // Tết of the lunar year beginning in this Gregorian year; the eve belongs to the previous lunar year.
        var tet = VietnameseLunarCalendar.NewYear(year);
        holidays.Add(new NamedDay(tet.AddDays(-1), "Tết Nguyên đán (tất niên)"));
        for (var i = 0; i < 4; i++)
        {
            holidays.Add(new NamedDay(tet.AddDays(i), $"Tết Nguyên đán (mùng {i + 1})"));
        }

        holidays.Add(new NamedDay(VietnameseLunarCalendar.ToGregorian(10, 3, year)!.Value, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"));
        holidays.Add(new NamedDay(new DateOnly(year, 4, 30), "Ngày Chiến thắng"));
        holidays.Add(new NamedDay(new DateOnly(year, 5, 1), "Quốc tế Lao động"));
        var national = new DateOnly(year, 9, 2);
        var before = national.AddDays(-1);
        holidays.Add(new NamedDay(IsWeekend(before) ? national.AddDays(1) : before, "Quốc khánh (ngày liền kề)"));
        holidays.Add(new NamedDay(national, "Quốc khánh"));
        foreach (var extra in extras.Where(e => year >= e.FromYear))
        {
            holidays.Add(new NamedDay(new DateOnly(year, extra.Month, extra.Day), extra.Name));
        }

        // Art. 111(3): each holiday falling on a weekend day moves to the next working day.
        var off = new SortedDictionary<DateOnly, string>();
        foreach (var holiday in holidays.OrderBy(h => h.Date).Where(h => h.Date.Year == year))
        {
            if (!IsWeekend(holiday.Date))
            {
                off.TryAdd(holiday.Date, holiday.Name);
            }
        }

        foreach (var holiday in holidays.OrderBy(h => h.Date).Where(h => IsWeekend(h.Date)))
        {
            var day = holiday.Date.AddDays(1);
            while (IsWeekend(day) || off.ContainsKey(day) || holidays.Any(h => h.Date == day))
            {
                day = day.AddDays(1);
            }

            if (day.Year == year)
            {
                off.TryAdd(day, $"Nghỉ bù {holiday.Name} ({holiday.Date:dd/MM} trùng ngày nghỉ hằng tuần)");
            }
        }

        return new YearSchedule(year, true, "Tạm tính theo Bộ luật Lao động 2019, Điều 111–112",
            [.. off.Select(p => new NamedDay(p.Key, p.Value))], []);
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
