using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Grains.Sla;
using static LaoCaiFanpage.UnitTests.Reports.ReportFixture;

namespace LaoCaiFanpage.UnitTests.Reports;

/// <summary>How long citizens waited for the page's answer, and how long each step took, as the report counts them.</summary>
public sealed class CitizenWaitTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    private static ReportData Answers() => new(
        [],
        [
            new("X", At(0, 8, 0), 5, ["SXD"], "published", At(0, 10, 0), "Hỏi giờ làm việc bộ phận một cửa"),
            new("Y", At(-1, 16, 0), 5, ["STC"], "published", At(0, 9, 0), "Hỏi mức thu phí"),
            new("Z", At(-2, 20, 0), 5, ["SYT"], "published", At(0, 15, 0), "Phản ánh trạm y tế xã"),
            new("W", At(0, 8, 0), 5, ["SYT"], "published", At(1, 9, 0), "Trả lời hôm sau: không thuộc kỳ"),
        ],
        [
            new("X", "approval:EditorialHead", ClockKinds.Approval, "VP", ClockStates.Met, At(0, 9, 0), At(0, 13, 0), At(0, 9, 30)),
            new("X", "approval:ChiefOfOffice", ClockKinds.Approval, "VP", ClockStates.Met, At(0, 9, 30), At(0, 14, 0), At(0, 9, 50)),
            new("Y", "answer:STC", ClockKinds.Answer, "STC", ClockStates.Met, At(-1, 16, 30), At(0, 17, 0), At(0, 8, 30)),
            new("Y", "answer:STC:2", ClockKinds.Answer, "STC", ClockStates.Cancelled, At(0, 8, 40), At(1, 17, 0), At(0, 8, 45)),
        ],
        [], [], []);

    [Fact]
    public void The_wait_runs_from_the_citizens_words_to_the_published_answer_in_calendar_and_working_hours()
    {
        var wait = ActivityReportBuilder.Build(ActivityReport.Daily, Day, Day, Answers(), NextMorning, ReportFixture.Units, Calendar).Wait!;

        // Friday 27/11/2026 and the two days before are working days (07:30–12:00, 13:30–17:00).
        // X: 08:00 → 10:00 Friday: 2 h, 2 working hours. Y: Thursday 16:00 → Friday 09:00: 17 h; 1 + 1.5 working hours.
        // Z: Wednesday 20:00 → Friday 15:00: 43 h; Thursday's 8 + Friday's 4.5 + 1.5 = 14 working hours.
        Assert.Equal(3, wait.Answered);
        Assert.Equal([("Z", 14.0, 43.0), ("Y", 2.5, 17.0), ("X", 2.0, 2.0)], wait.Longest.Select(w => (w.CaseId, w.WorkingHours, w.Hours)));
        Assert.Equal((2.5, 11.7), (wait.MedianWorkingHours, wait.P90WorkingHours));
        Assert.Equal((17.0, 37.8), (wait.MedianHours, wait.P90Hours));
        Assert.Equal("Phản ánh trạm y tế xã", wait.Longest[0].Preview);

        var steps = wait.Steps.ToDictionary(s => s.Step);
        Assert.Equal((1, 1.5), (steps["answer"].Count, steps["answer"].MedianHours!.Value)); // the cancelled second clock counts neither way
        Assert.Equal((1, 0.5), (steps["approval:EditorialHead"].Count, steps["approval:EditorialHead"].MedianHours!.Value));
        Assert.Equal((1, 0.33), (steps["approval:ChiefOfOffice"].Count, steps["approval:ChiefOfOffice"].MedianHours!.Value));
        Assert.Equal(0, steps["approval:StandingCommittee"].Count);
        Assert.Null(steps["approval:StandingCommittee"].MedianHours);
        Assert.Equal((1, 0.17, false), (steps["publishing"].Count, steps["publishing"].MedianHours!.Value, steps["publishing"].WorkingHours));
        Assert.Equal("Trưởng Ban biên tập duyệt", steps["approval:EditorialHead"].Label);
    }

    [Fact]
    public void A_period_without_published_answers_says_so_with_no_figures()
    {
        var wait = ActivityReportBuilder.Build(ActivityReport.Daily, Day, Day, new ReportData([], [], [], [], [], []), NextMorning, ReportFixture.Units, Calendar).Wait!;
        Assert.Equal(0, wait.Answered);
        Assert.Null(wait.MedianHours);
        Assert.Empty(wait.Longest);
        Assert.All(wait.Steps, s => Assert.Equal(0, s.Count));
    }

    [Theory]
    [InlineData(new double[] { 4 }, 0.5, 4)]
    [InlineData(new double[] { 1, 2 }, 0.5, 1.5)]
    [InlineData(new double[] { 1, 2, 3, 4, 10 }, 0.9, 7.6)]
    [InlineData(new double[] { 1, 2, 3, 4, 10 }, 1.0, 10)]
    public void Percentiles_interpolate_between_neighbours(double[] sorted, double p, double expected) =>
        Assert.Equal(expected, ActivityReportBuilder.Percentile(sorted, p));

    [Fact]
    public void Working_time_between_two_instants_is_what_adding_it_gives_back_across_weekends_and_holidays()
    {
        var random = new Random(1933);
        for (var i = 0; i < 2000; i++)
        {
            // A start inside office hours on a working day of 2025–2026 (Tết, 30/4–1/5, 2/9 included), then some working time.
            var from = Calendar.NextWorkingInstant(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(7)).AddMinutes(random.Next(0, 2 * 365 * 24 * 60)));
            var worked = TimeSpan.FromMinutes(random.Next(1, 60 * 8 * 15));
            Assert.Equal(worked, Calendar.WorkingTimeBetween(from, Calendar.AddWorkingTime(from, worked)));
        }

        // Outside office hours counts nothing; backwards is nothing.
        var friday = new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(friday, friday.AddDays(2).AddHours(14)));
        Assert.Equal(TimeSpan.Zero, Calendar.WorkingTimeBetween(friday, friday.AddHours(-3)));
        Assert.Equal(TimeSpan.FromHours(8), Calendar.WorkingTimeBetween(friday, friday.AddDays(3)));
    }
}
