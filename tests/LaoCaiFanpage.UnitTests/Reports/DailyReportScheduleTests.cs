using LaoCaiFanpage.Grains.Reports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LaoCaiFanpage.UnitTests.Reports;

/// <summary>The daily schedule on a fake clock: once a day at 17:30, made up after downtime, never twice across a restart.</summary>
public sealed class DailyReportScheduleTests
{
    /// <summary>An archive in memory that, like the grain, generates a date once however often it is asked.</summary>
    private sealed class Archive : IDailyReportRunner
    {
        public List<DateOnly> Generated { get; } = [];

        public List<DateOnly> Asked { get; } = [];

        public Task<DateOnly?> LatestArchived(CancellationToken cancellationToken) =>
            Task.FromResult(Generated.Count == 0 ? (DateOnly?)null : Generated.Max());

        public Task Generate(DateOnly date, CancellationToken cancellationToken)
        {
            lock (Generated)
            {
                Asked.Add(date);
                if (!Generated.Contains(date))
                {
                    Generated.Add(date);
                }
            }

            return Task.CompletedTask;
        }

        public Task Wake(DateOnly date, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(canceled: true);

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    private static DateTimeOffset Vn(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static DailyReportSchedule Schedule(Archive archive, FakeTimeProvider clock) =>
        new(new StartedLifetime(), archive, Options.Create(new ReportOptions()), clock, NullLogger<DailyReportSchedule>.Instance);

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Advances the fake clock in steps, letting the service run between them.</summary>
    private static async Task Advance(FakeTimeProvider clock, TimeSpan by)
    {
        var step = TimeSpan.FromMinutes(10);
        for (var passed = TimeSpan.Zero; passed < by; passed += step)
        {
            clock.Advance(step < by - passed ? step : by - passed);
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task The_report_is_generated_at_17_30_and_once_a_day()
    {
        var clock = new FakeTimeProvider(Vn(27, 9, 0));
        var archive = new Archive();
        using var schedule = Schedule(archive, clock);
        await schedule.StartAsync(CancellationToken.None);
        await Until(() => archive.Asked.Count > 0);
        Assert.Equal([new DateOnly(2026, 11, 26)], archive.Generated); // a first start makes yesterday's report, not a week of them

        await Advance(clock, TimeSpan.FromHours(8) + TimeSpan.FromMinutes(20)); // 17:20
        Assert.Single(archive.Generated);
        await Advance(clock, TimeSpan.FromMinutes(20)); // 17:40
        await Until(() => archive.Generated.Count == 2);
        Assert.Equal(new DateOnly(2026, 11, 27), archive.Generated[^1]);

        await Advance(clock, TimeSpan.FromHours(24)); // the next day 17:40
        await Until(() => archive.Generated.Count == 3);
        Assert.Equal([new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28)], archive.Generated);
        await schedule.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_restart_after_the_report_time_makes_no_second_report()
    {
        var clock = new FakeTimeProvider(Vn(27, 17, 0));
        var archive = new Archive();
        archive.Generated.Add(new DateOnly(2026, 11, 26));
        using (var first = Schedule(archive, clock))
        {
            await first.StartAsync(CancellationToken.None);
            await Advance(clock, TimeSpan.FromMinutes(40)); // 17:40: made
            await Until(() => archive.Generated.Count == 2);
            await first.StopAsync(CancellationToken.None);
        }

        await Advance(clock, TimeSpan.FromMinutes(20)); // restarted at 18:00
        using var second = Schedule(archive, clock);
        await second.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.Equal([new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27)], archive.Generated);
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_service_down_across_the_report_time_makes_the_report_when_it_starts_again_once()
    {
        var clock = new FakeTimeProvider(Vn(27, 17, 0));
        var archive = new Archive();
        archive.Generated.Add(new DateOnly(2026, 11, 24));
        using (var first = Schedule(archive, clock))
        {
            await first.StartAsync(CancellationToken.None);
            await Until(() => archive.Asked.Count >= 2);
            await first.StopAsync(CancellationToken.None); // down at 17:00, before the report time
        }

        Assert.Equal([new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26)], archive.Generated); // the days missed before

        clock.Advance(TimeSpan.FromHours(2)); // back at 19:00
        using var second = Schedule(archive, clock);
        await second.StartAsync(CancellationToken.None);
        await Until(() => archive.Generated.Count == 4);
        await Task.Delay(100);
        Assert.Equal(new DateOnly(2026, 11, 27), archive.Generated[^1]);
        Assert.Equal(4, archive.Generated.Count);
        await second.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(27, 17, 29, 26)]
    [InlineData(27, 17, 30, 27)]
    [InlineData(28, 0, 5, 27)]
    public void The_latest_due_date_follows_the_report_time_in_Vietnam(int day, int hour, int minute, int expected) =>
        Assert.Equal(new DateOnly(2026, 11, expected), ReportSchedule.DueDates(Vn(day, hour, minute), new TimeOnly(17, 30), 7, new DateOnly(2026, 11, expected - 1)).Single());

    [Fact]
    public void The_next_run_is_the_next_17_30_in_Vietnam()
    {
        Assert.Equal(Vn(27, 17, 30), ReportSchedule.NextRun(Vn(27, 9, 0), new TimeOnly(17, 30)));
        Assert.Equal(Vn(28, 17, 30), ReportSchedule.NextRun(Vn(27, 17, 30), new TimeOnly(17, 30)));
        Assert.Equal(Vn(28, 17, 30), ReportSchedule.NextRun(new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero), new TimeOnly(17, 30))); // 06:00 on the 28th in Vietnam
    }

    [Fact]
    public void Catching_up_goes_back_at_most_the_configured_days()
    {
        var due = ReportSchedule.DueDates(Vn(27, 18, 0), new TimeOnly(17, 30), 3, new DateOnly(2026, 11, 1));
        Assert.Equal([new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27)], due);
    }
}
