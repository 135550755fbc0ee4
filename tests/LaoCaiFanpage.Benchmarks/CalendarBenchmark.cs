using System.Diagnostics;
using LaoCaiFanpage.Grains.Sla;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>Deadline computations per second on one thread (goal ≥ 1,000,000/s), against a day-by-day baseline.</summary>
public static class CalendarBenchmark
{
    public static void Run(BenchmarkReport report)
    {
        var rows = new List<string[]>();
        var calendar = WorkingCalendar.Default;
        var random = new Random(9);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
        var receipts = Enumerable.Range(0, 1 << 16).Select(_ => start.AddMinutes(random.Next(0, 3 * 365 * 24 * 60))).ToArray();
        var days = Enumerable.Range(0, 1 << 16).Select(_ => random.Next(1, 4)).ToArray();

        foreach (var rule in new[] { DeadlineRule.Civil, DeadlineRule.OfficeHours })
        {
            // Warm-up fills the per-year tables and JITs the code.
            Measure(calendar, receipts, days, rule, TimeSpan.FromMilliseconds(300));
            var perSecond = Measure(calendar, receipts, days, rule, TimeSpan.FromSeconds(2));
            var baseline = MeasureNaive(calendar, receipts, days, TimeSpan.FromSeconds(1));
            rows.Add([SlaOptions.RuleName(rule), BenchmarkReport.N(perSecond), BenchmarkReport.N(baseline), $"{perSecond / baseline:F1}×"]);
        }

        report.Section("Working-day deadlines",
            "Deadlines of 1–3 working days from random receipts in 2024–2026, computed on one thread through the per-year cumulative " +
            "tables (binary search), against stepping day by day through the same calendar. Goal: ≥ 1,000,000 a second.");
        report.Table(["rule", "deadlines/s", "day-by-day baseline/s", "ratio"], rows);
    }

    private static double Measure(WorkingCalendar calendar, DateTimeOffset[] receipts, int[] days, DeadlineRule rule, TimeSpan duration)
    {
        long count = 0;
        long checksum = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            for (var i = 0; i < 4096; i++)
            {
                var index = (int)(count & 0xFFFF);
                checksum += calendar.Deadline(receipts[index], days[index], rule).UtcTicks;
                count++;
            }
        }

        GC.KeepAlive(checksum);
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The same civil deadline found by stepping a day at a time through Describe().</summary>
    private static double MeasureNaive(WorkingCalendar calendar, DateTimeOffset[] receipts, int[] days, TimeSpan duration)
    {
        long count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            var index = (int)(count & 0xFFFF);
            var date = DateOnly.FromDateTime(receipts[index].ToOffset(TimeSpan.FromHours(7)).DateTime);
            var n = days[index];
            while (n > 0)
            {
                date = date.AddDays(1);
                if (calendar.Describe(date).IsWorkingDay)
                {
                    n--;
                }
            }

            count++;
        }

        return count / watch.Elapsed.TotalSeconds;
    }
}
