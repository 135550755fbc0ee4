using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Sla;

namespace LaoCaiFanpage.UnitTests.Sla;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    /// <summary>The official schedule as the data file states it, read without the calendar's code.</summary>
    private static (HashSet<DateOnly> Off, HashSet<DateOnly> MakeUp) Official(int year)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "grains", "LaoCaiFanpage.Grains", "Sla", "vn-official-days-off.json");
        using var file = JsonDocument.Parse(File.ReadAllText(path));
        var entry = file.RootElement.GetProperty("years").GetProperty(year.ToString(CultureInfo.InvariantCulture));
        static HashSet<DateOnly> Dates(JsonElement list) => [.. list.EnumerateArray().Select(d => DateOnly.Parse(d.GetProperty("date").GetString()!, CultureInfo.InvariantCulture))];
        return (Dates(entry.GetProperty("daysOff")), Dates(entry.GetProperty("makeUpWorkingDays")));
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Every_day_of_an_official_year_is_classified_as_announced(int year)
    {
        var (off, makeUp) = Official(year);
        var working = 0;
        for (var date = new DateOnly(year, 1, 1); date.Year == year; date = date.AddDays(1))
        {
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var expected = makeUp.Contains(date) || (!weekend && !off.Contains(date));
            Assert.True(expected == Calendar.IsWorkingDay(date), $"{date:yyyy-MM-dd}");
            Assert.Equal(expected, Calendar.Describe(date).IsWorkingDay);
            Assert.False(Calendar.Describe(date).Provisional);
            working += expected ? 1 : 0;
        }

        Assert.InRange(working, 240, 255);
    }

    [Fact]
    public void Named_days_of_the_official_schedules_are_recognised()
    {
        Assert.Equal(DayKind.Holiday, Calendar.Describe(new DateOnly(2026, 2, 17)).Kind);
        Assert.Equal("Tết Nguyên đán", Calendar.Describe(new DateOnly(2026, 2, 17)).Name);
        Assert.Equal(DayKind.MakeUpWorkingDay, Calendar.Describe(new DateOnly(2024, 5, 4)).Kind);
        Assert.Equal(DayKind.MakeUpWorkingDay, Calendar.Describe(new DateOnly(2026, 1, 10)).Kind);
        Assert.Equal(DayKind.Holiday, Calendar.Describe(new DateOnly(2025, 9, 1)).Kind);
        Assert.Equal(DayKind.Weekend, Calendar.Describe(new DateOnly(2026, 11, 29)).Kind);
        Assert.Equal(DayKind.WorkingDay, Calendar.Describe(new DateOnly(2026, 11, 30)).Kind);
    }

    /// <summary>The reference: step day by day.</summary>
    private static DateOnly NaiveNth(DateOnly date, int n)
    {
        while (n > 0)
        {
            date = date.AddDays(1);
            if (Calendar.Describe(date).IsWorkingDay)
            {
                n--;
            }
        }

        return date;
    }

    [Fact]
    public void The_nth_working_day_matches_day_by_day_counting_for_every_day_2023_to_2028()
    {
        for (var date = new DateOnly(2023, 1, 1); date.Year <= 2028; date = date.AddDays(1))
        {
            foreach (var n in new[] { 1, 2, 3, 5, 20, 260 })
            {
                Assert.Equal(NaiveNth(date, n), Calendar.NthWorkingDayAfter(date, n));
            }
        }
    }

    [Fact]
    public void A_civil_deadline_is_midnight_ending_the_nth_working_day_after_the_day_of_receipt()
    {
        // Friday 13/2/2026 15:20, before Tết: the weekend, Tết (16–20/2) and the next weekend are skipped.
        var deadline = Calendar.Deadline(new DateTimeOffset(2026, 2, 13, 15, 20, 0, Vn), 1, DeadlineRule.Civil);
        Assert.Equal(new DateTimeOffset(2026, 2, 24, 0, 0, 0, Vn), deadline);
        // A make-up Saturday counts: Friday 9/1/2026 + 1 working day = Saturday 10/1 (làm bù).
        Assert.Equal(new DateTimeOffset(2026, 1, 11, 0, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 1, 9, 8, 0, 0, Vn), 1, DeadlineRule.Civil));
        // Receipt on a Sunday: Monday is the first day.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 11, 29, 23, 59, 0, Vn), 2, DeadlineRule.Civil));
        // 23:30 UTC on Sunday is already Monday in Vietnam: Monday is the day of receipt and is not counted.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero), 1, DeadlineRule.Civil));
    }

    [Fact]
    public void An_office_hours_deadline_counts_working_time_from_receipt()
    {
        // Monday 10:00: 2 h left in the morning + 3.5 h in the afternoon = 5.5 h; 2.5 h more on Tuesday → 10:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Vn), 1, DeadlineRule.OfficeHours));
        // Received during the lunch break: counting starts at 13:30 (3.5 h), then 4.5 h on Tuesday morning:
        // the earliest instant with 8 h elapsed is Tuesday 12:00, not after the next lunch break.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 11, 30, 12, 45, 0, Vn), 1, DeadlineRule.OfficeHours));
        // Received Friday evening: counting starts Monday 07:30 and ends Monday 17:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 11, 27, 18, 0, 0, Vn), 1, DeadlineRule.OfficeHours));
        // Received at 07:30 sharp: one day ends at 17:00 the same day.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 0, 0, Vn), Calendar.Deadline(new DateTimeOffset(2026, 11, 30, 7, 30, 0, Vn), 1, DeadlineRule.OfficeHours));
    }

    /// <summary>Working time between two instants, minute by minute: the reference for office-hours deadlines.</summary>
    private static TimeSpan NaiveWorkingTime(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        for (var t = from.ToVietnam(); t < to; t = t.AddMinutes(1))
        {
            var date = DateOnly.FromDateTime(t.DateTime);
            var time = TimeOnly.FromDateTime(t.DateTime);
            if (Calendar.IsWorkingDay(date) && Calendar.OfficeHours.Sessions.Any(s => time >= s.Start && time < s.End))
            {
                total += TimeSpan.FromMinutes(1);
            }
        }

        return total;
    }

    [Fact]
    public void Deadline_properties_hold_for_thousands_of_random_receipts()
    {
        var random = new Random(1933);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, Vn);
        for (var i = 0; i < 20_000; i++)
        {
            var a = start.AddMinutes(random.Next(0, 4 * 366 * 24 * 60));
            var b = a.AddMinutes(random.Next(0, 3 * 24 * 60));
            var n = random.Next(1, 4);

            var civilA = Calendar.Deadline(a, n, DeadlineRule.Civil);
            var civilB = Calendar.Deadline(b, n, DeadlineRule.Civil);
            Assert.True(civilB >= civilA, $"civil: later receipt {b} gave an earlier deadline");
            Assert.Equal(TimeSpan.Zero, civilA.ToVietnam().TimeOfDay);
            Assert.True(Calendar.IsWorkingDay(DateOnly.FromDateTime(civilA.ToVietnam().DateTime).AddDays(-1)), $"civil deadline {civilA} does not end a working day");

            var officeA = Calendar.Deadline(a, n, DeadlineRule.OfficeHours);
            var officeB = Calendar.Deadline(b, n, DeadlineRule.OfficeHours);
            Assert.True(officeB >= officeA, $"office-hours: later receipt {b} gave an earlier deadline");
            var local = officeA.ToVietnam();
            var time = TimeOnly.FromDateTime(local.DateTime);
            Assert.True(Calendar.IsWorkingDay(DateOnly.FromDateTime(local.DateTime)), $"office-hours deadline {officeA} is not on a working day");
            Assert.True(Calendar.OfficeHours.Sessions.Any(s => time > s.Start && time <= s.End), $"office-hours deadline {officeA} is outside office hours");
        }
    }

    [Fact]
    public void Office_hours_deadlines_contain_exactly_n_days_of_working_time()
    {
        var random = new Random(4999);
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, Vn);
        for (var i = 0; i < 150; i++)
        {
            var from = start.AddMinutes(random.Next(0, 120 * 24 * 60));
            var n = random.Next(1, 4);
            var deadline = Calendar.Deadline(from, n, DeadlineRule.OfficeHours);
            var exact = new DateTimeOffset(from.Ticks - (from.Ticks % TimeSpan.TicksPerMinute), from.Offset);
            Assert.Equal(Calendar.OfficeHours.PerDay * n, NaiveWorkingTime(exact, deadline));
        }
    }

    [Fact]
    public void Due_soon_is_the_given_working_time_before_the_deadline()
    {
        // Civil deadline 24:00 Tuesday → 2 working hours before is Tuesday 15:00.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 0, 0, Vn), Calendar.SubtractWorkingTime(new DateTimeOffset(2026, 12, 2, 0, 0, 0, Vn), TimeSpan.FromHours(2)));
        // Office-hours deadline Tuesday 08:30 → 1 h on Tuesday, 1 h on Monday: Monday 16:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, Vn), Calendar.SubtractWorkingTime(new DateTimeOffset(2026, 12, 1, 8, 30, 0, Vn), TimeSpan.FromHours(2)));
        // Across Tết 2026: 24:00 Monday 23/2 minus 10 h → Friday 13/2 15:30.
        Assert.Equal(new DateTimeOffset(2026, 2, 13, 15, 0, 0, Vn), Calendar.SubtractWorkingTime(new DateTimeOffset(2026, 2, 24, 0, 0, 0, Vn), TimeSpan.FromHours(10)));
    }

    [Fact]
    public void A_year_without_an_official_schedule_is_derived_and_marked_provisional()
    {
        var y2027 = Calendar.Schedule(2027);
        Assert.True(y2027.Provisional);
        Assert.True(Calendar.Describe(new DateOnly(2027, 1, 1)).Provisional);
        var tet = VietnameseLunarCalendar.NewYear(2027);
        Assert.Equal(new DateOnly(2027, 2, 6), tet);
        // Tết 2027 starts on a Saturday: the weekend days of Tết are compensated on the next working days.
        Assert.Contains(y2027.DaysOff, d => d.Date == new DateOnly(2027, 2, 5));
        Assert.Contains(y2027.DaysOff, d => d.Date == new DateOnly(2027, 2, 8));
        Assert.Contains(y2027.DaysOff, d => d.Date == new DateOnly(2027, 2, 10) && d.Name.StartsWith("Nghỉ bù", StringComparison.Ordinal));
        // 1/5/2027 is a Saturday: Monday 3/5 is off (Art. 111(3)).
        Assert.Contains(y2027.DaysOff, d => d.Date == new DateOnly(2027, 5, 3));
        Assert.Empty(y2027.MakeUpWorkingDays);
    }

    [Fact]
    public void The_derivation_reproduces_an_announced_year_except_the_governments_own_swaps()
    {
        var derived = ProvisionalSchedule.Derive(2026, []).DaysOff.Select(d => d.Date).ToHashSet();
        var (off, makeUp) = Official(2026);
        // 2026's swaps (2/1 for 10/1, 31/8 for 22/8) are decided each year; everything else follows the law.
        var swaps = new HashSet<DateOnly> { new(2026, 1, 2), new(2026, 8, 31) };
        Assert.Equal(off.Except(swaps).Order(), derived.Order());
        Assert.Equal(2, makeUp.Count);
    }

    [Fact]
    public void Extra_holidays_from_configuration_are_days_off()
    {
        var calendar = new WorkingCalendar(OfficialSchedules.Load(), OfficeHours.LaoCai, [new ExtraHoliday(11, 24, "Ngày Văn hóa Việt Nam", 2026)]);
        Assert.Equal(DayKind.Holiday, calendar.Describe(new DateOnly(2026, 11, 24)).Kind);
        Assert.Equal(DayKind.Holiday, calendar.Describe(new DateOnly(2027, 11, 24)).Kind);
        Assert.Equal(DayKind.WorkingDay, calendar.Describe(new DateOnly(2025, 11, 24)).Kind);
        Assert.Equal(DayKind.WorkingDay, Calendar.Describe(new DateOnly(2026, 11, 24)).Kind);
    }

    [Fact]
    public void The_explanation_names_every_skipped_day_and_the_rule_in_vietnamese()
    {
        var explained = Calendar.Explain(new DateTimeOffset(2026, 2, 13, 15, 20, 0, Vn), 1, DeadlineRule.Civil);
        Assert.Equal(new DateTimeOffset(2026, 2, 24, 0, 0, 0, Vn), explained.Deadline);
        Assert.Contains("không tính vào thời hạn", explained.Lines[0].Text, StringComparison.Ordinal);
        Assert.Equal(5, explained.Lines.Count(l => l.Kind == "holiday" && l.Text.Contains("Tết Nguyên đán", StringComparison.Ordinal)));
        Assert.Equal(4, explained.Lines.Count(l => l.Kind == "weekend"));
        Assert.Equal("Thứ Hai 23/02/2026: ngày làm việc — tính ngày thứ 1.", explained.Lines.Single(l => l.Kind == "working-day").Text);
        Assert.StartsWith("Hạn: 24:00 Thứ Hai 23/02/2026", explained.Lines[^1].Text, StringComparison.Ordinal);
        Assert.False(explained.Provisional);

        var provisional = Calendar.Explain(new DateTimeOffset(2027, 2, 4, 9, 0, 0, Vn), 1, DeadlineRule.Civil);
        Assert.True(provisional.Provisional);
        Assert.Contains(provisional.Lines, l => l.Kind == "provisional");
        Assert.Contains(provisional.Lines, l => l.Text.Contains("(tạm tính)", StringComparison.Ordinal));
    }
}
