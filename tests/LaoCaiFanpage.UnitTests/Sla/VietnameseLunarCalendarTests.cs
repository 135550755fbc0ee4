using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Grains.Sla;

namespace LaoCaiFanpage.UnitTests.Sla;

public sealed class VietnameseLunarCalendarTests
{
    public static TheoryData<int, string, string, int?> Vectors()
    {
        var data = new TheoryData<int, string, string, int?>();
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sla", "lunar-vectors.json")));
        foreach (var year in file.RootElement.GetProperty("years").EnumerateArray())
        {
            var leap = year.GetProperty("leapMonth");
            data.Add(year.GetProperty("year").GetInt32(), year.GetProperty("tet").GetString()!, year.GetProperty("hungKings").GetString()!,
                leap.ValueKind == JsonValueKind.Null ? null : leap.GetInt32());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Matches_the_reference_vectors(int year, string tet, string hungKings, int? leapMonth)
    {
        Assert.Equal(DateOnly.Parse(tet, CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));
        Assert.Equal(DateOnly.Parse(hungKings, CultureInfo.InvariantCulture), VietnameseLunarCalendar.ToGregorian(10, 3, year));
        Assert.Equal(leapMonth, VietnameseLunarCalendar.LeapMonth(year));
        Assert.Equal(new LunarDate(1, 1, year, false), VietnameseLunarCalendar.FromGregorian(DateOnly.Parse(tet, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(1985, "1985-01-21")]
    [InlineData(2030, "2030-02-02")]
    public void Uses_vietnams_meridian_where_the_chinese_calendar_differs(int year, string vietnameseTet)
    {
        var tet = DateOnly.Parse(vietnameseTet, CultureInfo.InvariantCulture);
        Assert.Equal(tet, VietnameseLunarCalendar.NewYear(year));
        var chinese = DateOnly.FromDateTime(new ChineseLunisolarCalendar().ToDateTime(year, 1, 1, 0, 0, 0, 0));
        Assert.NotEqual(tet, chinese);
    }

    [Fact]
    public void June_1944_keeps_the_standard_calendars_thirtieth_day_of_the_leap_fourth_month()
    {
        Assert.Equal(new LunarDate(30, 4, 1944, true), VietnameseLunarCalendar.FromGregorian(new DateOnly(1944, 6, 20)));
        Assert.Equal(new LunarDate(1, 5, 1944, false), VietnameseLunarCalendar.FromGregorian(new DateOnly(1944, 6, 21)));
    }

    [Fact]
    public void The_2033_leap_month_is_the_eleventh()
    {
        Assert.Equal(11, VietnameseLunarCalendar.LeapMonth(2033));
    }

    /// <summary>
    /// Every day of 1902–2198 against the table in LunarReference/, written by an implementation of the
    /// standard calendar's published description in another language and shape (see its generate.py).
    /// </summary>
    [Fact]
    public void Every_day_from_1902_to_2198_matches_the_standard_calendar()
    {
        var months = LunarReferenceTable.Load();
        var mismatches = new List<string>();
        for (var i = 0; i < months.Count - 1; i++)
        {
            var month = months[i];
            var length = months[i + 1].Start.DayNumber - month.Start.DayNumber;
            for (var day = 1; day <= length; day++)
            {
                var date = month.Start.AddDays(day - 1);
                if (date.Year is < 1902 or > 2198)
                {
                    continue;
                }

                var expected = new LunarDate(day, month.Month, month.Year, month.Leap);
                var actual = VietnameseLunarCalendar.FromGregorian(date);
                if (actual != expected)
                {
                    mismatches.Add($"{date:yyyy-MM-dd}: {actual} instead of {expected}");
                }
                else if (VietnameseLunarCalendar.ToGregorian(day, month.Month, month.Year, month.Leap) != date)
                {
                    mismatches.Add($"{expected} does not lead back to {date:yyyy-MM-dd}");
                }
            }

            if (month.Start.Year is >= 1902 and <= 2198 && month.Month == 1 && !month.Leap
                && VietnameseLunarCalendar.NewYear(month.Year) != month.Start)
            {
                mismatches.Add($"Tết {month.Year} on {VietnameseLunarCalendar.NewYear(month.Year):yyyy-MM-dd} instead of {month.Start:yyyy-MM-dd}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} days differ, first: {string.Join("; ", mismatches.Take(5))}");
    }

    [Fact]
    public void Leap_months_from_1902_to_2198_match_the_standard_calendar()
    {
        var leaps = LunarReferenceTable.Load().Where(m => m.Leap).ToDictionary(m => m.Year, m => m.Month);
        for (var year = 1903; year <= 2197; year++)
        {
            Assert.True(leaps.GetValueOrDefault(year) == (VietnameseLunarCalendar.LeapMonth(year) ?? 0), $"lunar year {year}");
        }
    }

    [Fact]
    public void Every_day_from_1950_to_2100_has_one_consistent_lunar_date()
    {
        var previous = VietnameseLunarCalendar.FromGregorian(new DateOnly(1950, 1, 1));
        var monthLength = previous.Day;
        for (var date = new DateOnly(1950, 1, 2); date <= new DateOnly(2100, 12, 31); date = date.AddDays(1))
        {
            var lunar = VietnameseLunarCalendar.FromGregorian(date);
            if (lunar.Day == 1)
            {
                Assert.InRange(previous.Day, 29, 30);
                Assert.True(monthLength == previous.Day, $"{date}: month length");
                var expectedMonth = lunar.Leap ? previous.Month : previous.Month % 12 + 1;
                Assert.True(lunar.Month == expectedMonth, $"{date}: month {lunar.Month} after {previous.Month}");
                Assert.Equal(lunar.Month == 1 && !lunar.Leap ? previous.Year + 1 : previous.Year, lunar.Year);
                monthLength = 0;
            }
            else
            {
                Assert.Equal(previous.Day + 1, lunar.Day);
                Assert.Equal(previous.Month, lunar.Month);
                Assert.Equal(previous.Leap, lunar.Leap);
            }

            Assert.Equal(date, VietnameseLunarCalendar.ToGregorian(lunar.Day, lunar.Month, lunar.Year, lunar.Leap));
            monthLength++;
            previous = lunar;
        }
    }

    [Fact]
    public void Tet_always_falls_between_21_january_and_20_february()
    {
        for (var year = 1950; year <= 2100; year++)
        {
            var tet = VietnameseLunarCalendar.NewYear(year);
            Assert.InRange(tet, new DateOnly(year, 1, 21), new DateOnly(year, 2, 20));
        }
    }

    [Fact]
    public void Lunar_dates_that_do_not_exist_are_null()
    {
        Assert.Null(VietnameseLunarCalendar.ToGregorian(31, 1, 2026));
        Assert.Null(VietnameseLunarCalendar.ToGregorian(1, 4, 2026, leap: true));
        Assert.Null(VietnameseLunarCalendar.ToGregorian(1, 13, 2026));
        Assert.NotNull(VietnameseLunarCalendar.ToGregorian(1, 6, 2025, leap: true));
    }
}
