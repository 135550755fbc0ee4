using System.Collections.Concurrent;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>
/// The Vietnamese lunar calendar, computed astronomically for the meridian of UTC+7:
/// a month starts on the (local) day of the new moon; the winter solstice always falls in month 11;
/// in a year of 13 months the first month after month 11 that contains no principal solar term
/// (a multiple of 30° of solar longitude) is the leap month and repeats the previous number.
/// New moons and solar longitudes are computed as the standard Vietnamese calendar computes them
/// (Hồ Ngọc Đức's published algorithm, after Jean Meeus); the unit tests compare every day of 1902–2198
/// with a table made by an independent implementation.
/// .NET's ChineseLunisolarCalendar uses UTC+8 and differs in some years (e.g. Tết 1985, 2030).
/// </summary>
public static class VietnameseLunarCalendar
{
    private const double SynodicMonth = 29.530588853;
    private const double TimeZoneHours = 7;

    /// <summary>Julian Day of the mean new moon of lunation 0 (1 January 1900, local time), for finding a lunation's number.</summary>
    private const double Lunation0 = 2415021.076998695;

    private static readonly ConcurrentDictionary<int, LunarMonth[]> MonthsByCycle = new();

    private readonly record struct LunarMonth(int StartDay, int Number, bool Leap, int Year);

    /// <summary>The lunar date of a Gregorian date.</summary>
    public static LunarDate FromGregorian(DateOnly date)
    {
        var day = DayNumber(date);
        // The months from month 11 of the previous cycle to month 11 of this one cover the date;
        // a date before this year's month 11 start belongs to the cycle that ends there.
        var months = MonthsOfCycle(date.Year);
        if (day < months[0].StartDay)
        {
            months = MonthsOfCycle(date.Year - 1);
        }
        else if (day >= months[^1].StartDay)
        {
            months = MonthsOfCycle(date.Year + 1);
        }

        for (var i = months.Length - 2; i >= 0; i--)
        {
            if (day >= months[i].StartDay)
            {
                var month = months[i];
                return new LunarDate(day - month.StartDay + 1, month.Number, month.Year, month.Leap);
            }
        }

        throw new InvalidOperationException($"No lunar month found for {date:yyyy-MM-dd}.");
    }

    /// <summary>The Gregorian date of a lunar date, or null when that lunar date does not exist.</summary>
    public static DateOnly? ToGregorian(int day, int month, int year, bool leap = false)
    {
        if (day is < 1 or > 30 || month is < 1 or > 12)
        {
            return null;
        }

        // Lunar months 1–10 of year Y lie in the cycle ending with month 11 of Gregorian Y; 11 and 12 may spill into Y+1.
        foreach (var cycle in new[] { year, year + 1 })
        {
            var months = MonthsOfCycle(cycle);
            for (var i = 0; i < months.Length - 1; i++)
            {
                var m = months[i];
                if (m.Number == month && m.Leap == leap && m.Year == year)
                {
                    var length = months[i + 1].StartDay - m.StartDay;
                    return day <= length ? FromDayNumber(m.StartDay + day - 1) : null;
                }
            }
        }

        return null;
    }

    /// <summary>The Gregorian date of Tết (1/1) of a lunar year.</summary>
    public static DateOnly NewYear(int year) => ToGregorian(1, 1, year)!.Value;

    /// <summary>Which leap month a lunar year has, or null.</summary>
    public static int? LeapMonth(int year)
    {
        foreach (var cycle in new[] { year, year + 1 })
        {
            foreach (var m in MonthsOfCycle(cycle))
            {
                if (m.Leap && m.Year == year)
                {
                    return m.Number;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The lunar months from month 11 of (Gregorian) <paramref name="cycleYear"/> − 1 up to and including
    /// the start of month 11 of <paramref name="cycleYear"/> (its last element only marks that start).
    /// </summary>
    private static LunarMonth[] MonthsOfCycle(int cycleYear) => MonthsByCycle.GetOrAdd(cycleYear, BuildCycle);

    private static LunarMonth[] BuildCycle(int cycleYear)
    {
        var start = Month11Start(cycleYear - 1);
        var end = Month11Start(cycleYear);
        var k = LunationNear(start);
        var starts = new List<int> { start };
        while (starts[^1] < end)
        {
            k++;
            starts.Add(NewMoonDay(k));
        }

        // starts: month 11 … next month 11 (inclusive); 13 entries for 12 months, 14 for 13 months.
        var leapIndex = -1;
        if (starts.Count == 14)
        {
            for (var i = 1; i < starts.Count - 1; i++)
            {
                if (PrincipalTermIndex(starts[i]) == PrincipalTermIndex(starts[i + 1]))
                {
                    leapIndex = i;
                    break;
                }
            }
        }

        var months = new LunarMonth[starts.Count];
        var number = 11;
        var year = cycleYear - 1;
        for (var i = 0; i < starts.Count; i++)
        {
            var leap = i == leapIndex;
            if (i > 0 && !leap)
            {
                number = number == 12 ? 1 : number + 1;
                if (number == 1)
                {
                    year = cycleYear;
                }
            }

            months[i] = new LunarMonth(starts[i], number, leap, year);
        }

        return months;
    }

    /// <summary>The day (Julian Day Number) on which month 11 begins: the last new moon on or before the winter solstice.</summary>
    private static int Month11Start(int gregorianYear)
    {
        var lastDay = DayNumber(new DateOnly(gregorianYear, 12, 31));
        var k = (int)Math.Floor((lastDay - Lunation0) / SynodicMonth);
        while (NewMoonDay(k) > lastDay)
        {
            k--;
        }

        // The last new moon of December may come after the solstice (solar longitude ≥ 270° at the start
        // of its day): then month 11 began with the one before.
        var newMoon = NewMoonDay(k);
        return PrincipalTermIndex(newMoon) >= 9 ? NewMoonDay(k - 1) : newMoon;
    }

    private static int LunationNear(int dayNumber) => (int)Math.Round((dayNumber - Lunation0) / SynodicMonth);

    /// <summary>The local (UTC+7) day of the k-th new moon after 1 January 1900.</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoonJulianDay(k) + 0.5 + TimeZoneHours / 24);

    /// <summary>
    /// The instant (Julian Day, universal time) of the k-th new moon by the standard calendar's formula:
    /// Meeus' 1982 series (<i>Astronomical Formulae for Calculators</i>) with its own ΔT. A modern ephemeris
    /// puts a few new moons close to midnight on the other side of it (June 1944 is one); the published
    /// calendars people and the Government use follow this formula, so the service does too.
    /// </summary>
    private static double NewMoonJulianDay(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        var mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
            + 0.00033 * Math.Sin(Radians(166.56 + 132.87 * t - 0.009173 * t2));
        var sunAnomaly = Radians(359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3);
        var moonAnomaly = Radians(306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3);
        var latitude = Radians(21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3);
        var correction = (0.1734 - 0.000393 * t) * Math.Sin(sunAnomaly)
            + 0.0021 * Math.Sin(2 * sunAnomaly)
            - 0.4068 * Math.Sin(moonAnomaly)
            + 0.0161 * Math.Sin(2 * moonAnomaly)
            - 0.0004 * Math.Sin(3 * moonAnomaly)
            + 0.0104 * Math.Sin(2 * latitude)
            - 0.0051 * Math.Sin(sunAnomaly + moonAnomaly)
            - 0.0074 * Math.Sin(sunAnomaly - moonAnomaly)
            + 0.0004 * Math.Sin(2 * latitude + sunAnomaly)
            - 0.0004 * Math.Sin(2 * latitude - sunAnomaly)
            - 0.0006 * Math.Sin(2 * latitude + moonAnomaly)
            + 0.0010 * Math.Sin(2 * latitude - moonAnomaly)
            + 0.0005 * Math.Sin(2 * moonAnomaly + sunAnomaly);
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return mean + correction - deltaT;
    }

    /// <summary>
    /// Which 30° sector (0–11) the sun's longitude is in at the start (00:00 UTC+7) of a day;
    /// a change of sector is a principal term. Sector 9 begins at the winter solstice (270°).
    /// </summary>
    private static int PrincipalTermIndex(int dayNumber)
    {
        var jd = dayNumber - 0.5 - TimeZoneHours / 24;
        return (int)Math.Floor(SunLongitude(jd) / 30);
    }

    /// <summary>
    /// The sun's true longitude in degrees [0, 360): mean longitude and equation of the centre (Meeus),
    /// without nutation and aberration, as the standard calendar computes it.
    /// </summary>
    private static double SunLongitude(double jd)
    {
        var t = (jd - 2451545.0) / 36525;
        var t2 = t * t;
        var meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var anomaly = Radians(357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2);
        var centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(anomaly)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * anomaly)
            + 0.000290 * Math.Sin(3 * anomaly);
        var longitude = (meanLongitude + centre) % 360;
        return longitude < 0 ? longitude + 360 : longitude;
    }

    private static double Radians(double degrees) => degrees % 360 * Math.PI / 180;

    /// <summary>The Julian Day Number of a Gregorian date (noon-based, as astronomers count days).</summary>
    public static int DayNumber(DateOnly date) => date.DayNumber + 1721426;

    public static DateOnly FromDayNumber(int dayNumber) => DateOnly.FromDayNumber(dayNumber - 1721426);
}
