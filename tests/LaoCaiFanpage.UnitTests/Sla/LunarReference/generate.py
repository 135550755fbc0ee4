#!/usr/bin/env python3
"""Writes the reference table of Vietnamese lunar months (UTC+7) that VietnameseLunarCalendarTests
compares the service against, day by day, for 1902-2198.

Written from the published description of the standard Vietnamese calendar computation
(Ho Ngoc Duc, "Thuat toan tinh am lich" / "Computing the Vietnamese lunar calendar"), not from the
service's C# code, and deliberately organised differently: it walks every new moon in order,
labels the month that contains the winter solstice as month 11, and in a 13-month cycle marks the
first month without a principal term as the leap month.

The description's formulas:
  * new moon k (k = 0 at 1900-01-01): mean phase 2415020.75933 + 29.53058868 k + 0.0001178 T^2
    - 0.000000155 T^3 + 0.00033 sin(166.56 + 132.87 T - 0.009173 T^2), T = k / 1236.85, plus the
    periodic terms in the sun's and moon's anomalies and the moon's argument of latitude, minus the
    description's delta-T polynomial;
  * the day of an event is floor(JD + 0.5 + 7/24) (local civil day on the 105 E meridian);
  * the sun's true longitude (mean longitude + equation of centre, no nutation or aberration), and
    a day's principal-term sector is floor(longitude / 30 degrees) at local midnight starting it.

Run once:  python3 generate.py > months-1901-2199.tsv
Output: one line per lunar month: Gregorian start date, lunar year, month number, L if leap.
"""
import math
import sys

TZ = 7.0
RAD = math.pi / 180


def new_moon_jd(k):
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    mean += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD)
    sun = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    moon = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    lat = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    corr = (0.1734 - 0.000393 * t) * math.sin(sun * RAD) + 0.0021 * math.sin(2 * RAD * sun)
    corr = corr - 0.4068 * math.sin(moon * RAD) + 0.0161 * math.sin(RAD * 2 * moon)
    corr = corr - 0.0004 * math.sin(RAD * 3 * moon)
    corr = corr + 0.0104 * math.sin(RAD * 2 * lat) - 0.0051 * math.sin(RAD * (sun + moon))
    corr = corr - 0.0074 * math.sin(RAD * (sun - moon)) + 0.0004 * math.sin(RAD * (2 * lat + sun))
    corr = corr - 0.0004 * math.sin(RAD * (2 * lat - sun)) - 0.0006 * math.sin(RAD * (2 * lat + moon))
    corr = corr + 0.0010 * math.sin(RAD * (2 * lat - moon)) + 0.0005 * math.sin(RAD * (2 * moon + sun))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return mean + corr - delta_t


def local_day(jd):
    return math.floor(jd + 0.5 + TZ / 24)


def sun_longitude(jd):
    t = (jd - 2451545.0) / 36525
    t2 = t * t
    anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(RAD * anomaly)
    centre += (0.019993 - 0.000101 * t) * math.sin(RAD * 2 * anomaly) + 0.000290 * math.sin(RAD * 3 * anomaly)
    longitude = (mean_longitude + centre) * RAD
    longitude -= 2 * math.pi * math.floor(longitude / (2 * math.pi))
    return longitude


def sector(day):
    """Which 30-degree sector the sun is in at the local midnight that starts the day (0 = spring equinox)."""
    return math.floor(sun_longitude(day - 0.5 - TZ / 24) / math.pi * 6)


def julian_day_number(y, m, d):
    a = (14 - m) // 12
    yy = y + 4800 - a
    mm = m + 12 * a - 3
    return d + (153 * mm + 2) // 5 + 365 * yy + yy // 4 - yy // 100 + yy // 400 - 32045


def gregorian(jdn):
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return year, month, day


def main():
    first, last = 1899, 2201
    k = math.floor((julian_day_number(first, 1, 1) - 2415021) / 29.530588853) - 1
    starts = []
    while True:
        day = local_day(new_moon_jd(k))
        if day > julian_day_number(last, 12, 31):
            break
        starts.append(day)
        k += 1

    # The month that contains the winter solstice: its start lies before the sun enters sector 9
    # (270 degrees) and the next month's start lies at or after it.
    elevens = [i for i in range(len(starts) - 1) if sector(starts[i]) < 9 <= sector(starts[i + 1])
               and gregorian(starts[i])[1] in (11, 12)]

    lines = []
    for a, b in zip(elevens, elevens[1:]):
        cycle_year = gregorian(starts[b])[0]
        leap = None
        if b - a == 13:
            leap = next(i for i in range(a + 1, b) if sector(starts[i]) == sector(starts[i + 1]))
        number, year = 11, cycle_year - 1
        for i in range(a, b):
            is_leap = i == leap
            if i > a and not is_leap:
                number = 1 if number == 12 else number + 1
                if number == 1:
                    year = cycle_year
            y, m, d = gregorian(starts[i])
            lines.append(f"{y:04d}-{m:02d}-{d:02d}\t{year}\t{number}\t{'L' if is_leap else ''}".rstrip("\t"))

    print("# Vietnamese lunar months at UTC+7: Gregorian first day, lunar year, month, L = leap. See generate.py.")
    for line in lines:
        print(line)


if __name__ == "__main__":
    sys.exit(main())
