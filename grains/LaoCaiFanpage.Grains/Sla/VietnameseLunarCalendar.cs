using System.Collections.Concurrent;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>
/// The Vietnamese lunar calendar, computed astronomically for the meridian of UTC+7:
/// a month starts on the (local) day of the new moon; the winter solstice always falls in month 11;
/// in a year of 13 months the first month after month 11 that contains no principal solar term
/// (a multiple of 30° of solar longitude) is the leap month and repeats the previous number.
/// New moons and solar longitudes follow Jean Meeus, <i>Astronomical Algorithms</i> (ch. 25, 49).
/// .NET's ChineseLunisolarCalendar uses UTC+8 and differs in some years (e.g. Tết 1985, 2030).
/// </summary>
public static class VietnameseLunarCalendar
{
    private const double SynodicMonth = 29.530588853;
    private const double TimeZoneHours = 7;

    /// <summary>Julian Day of the new moon of lunation 0 of Meeus' numbering (6 January 2000).</summary>
    private const double Lunation0 = 2451550.09766;

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

    /// <summary>The local (UTC+7) day of the k-th new moon after 6 January 2000 (Meeus ch. 49).</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoonJde(k) + 0.5 + TimeZoneHours / 24);

    private static double NewMoonJde(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        var jde = Lunation0 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t2 * t2;
        var e = 1 - 0.002516 * t - 0.0000074 * t2;
        var m = Radians(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
        var mPrime = Radians(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t2 * t2);
        var f = Radians(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t2 * t2);
        var omega = Radians(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);

        var correction =
            -0.40720 * Math.Sin(mPrime)
            + 0.17241 * e * Math.Sin(m)
            + 0.01608 * Math.Sin(2 * mPrime)
            + 0.01039 * Math.Sin(2 * f)
            + 0.00739 * e * Math.Sin(mPrime - m)
            - 0.00514 * e * Math.Sin(mPrime + m)
            + 0.00208 * e * e * Math.Sin(2 * m)
            - 0.00111 * Math.Sin(mPrime - 2 * f)
            - 0.00057 * Math.Sin(mPrime + 2 * f)
            + 0.00056 * e * Math.Sin(2 * mPrime + m)
            - 0.00042 * Math.Sin(3 * mPrime)
            + 0.00042 * e * Math.Sin(m + 2 * f)
            + 0.00038 * e * Math.Sin(m - 2 * f)
            - 0.00024 * e * Math.Sin(2 * mPrime - m)
            - 0.00017 * Math.Sin(omega)
            - 0.00007 * Math.Sin(mPrime + 2 * m)
            + 0.00004 * Math.Sin(2 * mPrime - 2 * f)
            + 0.00004 * Math.Sin(3 * m)
            + 0.00003 * Math.Sin(mPrime + m - 2 * f)
            + 0.00003 * Math.Sin(2 * mPrime + 2 * f)
            - 0.00003 * Math.Sin(mPrime + m + 2 * f)
            + 0.00003 * Math.Sin(mPrime - m + 2 * f)
            - 0.00002 * Math.Sin(mPrime - m - 2 * f)
            - 0.00002 * Math.Sin(3 * mPrime + m)
            + 0.00002 * Math.Sin(4 * mPrime);

        // The planetary arguments (Meeus table 49.B) move a new moon by at most a few minutes.
        var planetary = 0.0;
        double[] a = [299.77 + 0.107408 * k - 0.009173 * t2, 251.88 + 0.016321 * k, 251.83 + 26.651886 * k, 349.42 + 36.412478 * k,
            84.66 + 18.206239 * k, 141.74 + 53.303771 * k, 207.14 + 2.453732 * k, 154.84 + 7.306860 * k, 34.52 + 27.261239 * k,
            207.19 + 0.121824 * k, 291.34 + 1.844379 * k, 161.72 + 24.198154 * k, 239.56 + 25.513099 * k, 331.55 + 3.592518 * k];
        double[] weight = [0.000325, 0.000165, 0.000164, 0.000126, 0.000110, 0.000062, 0.000060, 0.000056, 0.000047, 0.000042, 0.000040, 0.000037, 0.000035, 0.000023];
        for (var i = 0; i < a.Length; i++)
        {
            planetary += weight[i] * Math.Sin(Radians(a[i]));
        }

        // JDE is dynamical time; ΔT (about a minute in this era) is far below a day's resolution except at
        // midnight boundaries, so it is taken into account with the usual polynomial.
        return jde + correction + planetary - DeltaTDays(2000 + k / 12.3685);
    }

    /// <summary>
    /// Which 30° sector (0–11) the sun's apparent longitude is in at the start (00:00 UTC+7) of a day;
    /// a change of sector is a principal term. Sector 9 begins at the winter solstice (270°).
    /// </summary>
    private static int PrincipalTermIndex(int dayNumber)
    {
        var jd = dayNumber - 0.5 - TimeZoneHours / 24;
        return (int)Math.Floor(SunApparentLongitude(jd) / 30);
    }

    /// <summary>The sun's apparent longitude in degrees [0, 360) (Meeus ch. 25, low accuracy: ±0.01°).</summary>
    private static double SunApparentLongitude(double jd)
    {
        var t = (jd - 2451545.0) / 36525;
        var t2 = t * t;
        var l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t2;
        var m = Radians(357.52911 + 35999.05029 * t - 0.0001537 * t2);
        var c = (1.914602 - 0.004817 * t - 0.000014 * t2) * Math.Sin(m)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * m)
            + 0.000289 * Math.Sin(3 * m);
        var omega = Radians(125.04 - 1934.136 * t);
        var longitude = l0 + c - 0.00569 - 0.00478 * Math.Sin(omega);
        longitude %= 360;
        return longitude < 0 ? longitude + 360 : longitude;
    }

    /// <summary>ΔT = TT − UT in days (Espenak–Meeus polynomials, 1900–2150).</summary>
    private static double DeltaTDays(double year)
    {
        double seconds;
        if (year < 1920)
        {
            var t = year - 1900;
            seconds = -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t;
        }
        else if (year < 1941)
        {
            var t = year - 1920;
            seconds = 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
        }
        else if (year < 1961)
        {
            var t = year - 1950;
            seconds = 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
        }
        else if (year < 1986)
        {
            var t = year - 1975;
            seconds = 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
        }
        else if (year < 2005)
        {
            var t = year - 2000;
            seconds = 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
        }
        else if (year < 2050)
        {
            var t = year - 2000;
            seconds = 62.92 + 0.32217 * t + 0.005589 * t * t;
        }
        else
        {
            var u = (year - 1820) / 100;
            seconds = -20 + 32 * u * u - 0.5628 * (2150 - year);
        }

        return seconds / 86400;
    }

    private static double Radians(double degrees) => degrees % 360 * Math.PI / 180;

    /// <summary>The Julian Day Number of a Gregorian date (noon-based, as astronomers count days).</summary>
    public static int DayNumber(DateOnly date) => date.DayNumber + 1721426;

    public static DateOnly FromDayNumber(int dayNumber) => DateOnly.FromDayNumber(dayNumber - 1721426);
}
