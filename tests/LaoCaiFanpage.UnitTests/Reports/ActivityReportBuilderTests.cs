using LaoCaiFanpage.Grains.Reports;

namespace LaoCaiFanpage.UnitTests.Reports;

/// <summary>Every figure of the daily report of a known day, worked out by hand from <see cref="ReportFixture"/>.</summary>
public sealed class ActivityReportBuilderTests
{
    private static readonly ActivityReport Report =
        ActivityReportBuilder.Build(ActivityReport.Daily, ReportFixture.Day, ReportFixture.Day, ReportFixture.Data(), ReportFixture.NextMorning, ReportFixture.Units);

    [Fact]
    public void Messages_of_the_day_by_channel_category_post_and_hour()
    {
        var m = Report.Messages;
        Assert.Equal((4, 1, 5), (m.Comments, m.Messages, m.Total)); // m6 (the day before) and m7 (the day after) are not counted
        Assert.Equal([("1", 0), ("2", 1), ("3", 0), ("4", 0), ("5", 3), ("6", 0), ("0", 1)], m.ByCategory.Select(c => (c.Key, c.Count)));
        Assert.Equal("Chưa phân loại", m.ByCategory[^1].Label);
        Assert.Equal([("100_1", 3), ("100_2", 1), ("messenger", 1)], m.ByPost.Select(p => (p.Key, p.Count)));
        var hours = new int[24];
        hours[8] = 2;
        hours[9] = 1;
        hours[14] = 1;
        hours[23] = 1;
        Assert.Equal(hours, m.ByHour);
    }

    [Fact]
    public void Cases_opened_answered_open_and_overdue()
    {
        Assert.Equal(new CaseFigures(Opened: 4, Answered: 1, OpenAtEnd: 5, OverdueAtEnd: 2), Report.Cases);
        Assert.Equal(ReportFixture.At(1, 0, 0), Report.AsOf); // generated the next morning: figures as of midnight
    }

    [Fact]
    public void Units_with_their_on_time_rate_and_the_commendation_ranking()
    {
        Assert.Equal(
            [
                new UnitFigures("SXD", "Sở Xây dựng", Assigned: 2, Finished: 1, OnTime: 1, OverdueAtEnd: 1, OnTimeRate: 1.0, Score: 95.0, Rank: 1),
                new UnitFigures("SYT", "Sở Y tế", Assigned: 0, Finished: 1, OnTime: 0, OverdueAtEnd: 0, OnTimeRate: 0.0, Score: 30.0, Rank: 2),
                new UnitFigures("STC", "Sở Tài chính", Assigned: 1, Finished: 0, OnTime: 0, OverdueAtEnd: 0, OnTimeRate: null, Score: null, Rank: null),
            ],
            Report.Units);
        Assert.Contains("70 × tỉ lệ trả lời đúng hạn", Report.RankingFormula, StringComparison.Ordinal);
    }

    [Fact]
    public void Overdue_answers_with_the_responsible_unit_and_how_late()
    {
        Assert.Equal(
            [("E", "SXD", "Sở Xây dựng", "answer", 12.0), ("C", "VP", "Văn phòng UBND tỉnh", "intake", 7.5)],
            Report.Overdue.Select(o => (o.CaseId, o.Unit, o.UnitName, o.Kind, o.HoursLate)));
        Assert.Equal(TimeSpan.FromHours(7), Report.Overdue[0].Deadline.Offset);
    }

    [Fact]
    public void The_offices_own_intake()
    {
        Assert.Equal(new ClockFigures(Started: 4, Finished: 3, OnTime: 2, OverdueAtEnd: 1, OnTimeRate: 0.6667), Report.OfficeIntake);
    }

    [Fact]
    public void Content_hidden_by_the_filter_crises_and_impostor_pages()
    {
        var d = Report.Moderation;
        Assert.Equal((3, 1, 1, 1), (d.Flagged, d.Hidden, d.PendingReview, d.Kept));
        Assert.Equal([("12.2.d", 2), ("12.2.a", 1), ("12.2.b", 1)], d.ByClause.Select(c => (c.Key, c.Count)));
        Assert.Equal(["c1", "c3"], Report.Crises.Select(c => c.Id)); // c2 ended before the day
        Assert.Equal(["p1", "p2"], Report.Impostors.Select(p => p.Id)); // p3 dismissed long ago, p4 is the official page
        Assert.Equal([new DayLine(ReportFixture.Day, 4, 1, 4, 1, 2)], Report.Days);
    }

    [Fact]
    public void A_report_generated_during_the_day_counts_as_of_its_generation()
    {
        var noon = ActivityReportBuilder.Build(ActivityReport.Daily, ReportFixture.Day, ReportFixture.Day, ReportFixture.Data(), ReportFixture.At(0, 12, 30), ReportFixture.Units);
        Assert.Equal(ReportFixture.At(0, 12, 30), noon.AsOf);
        Assert.Equal(["E"], noon.Overdue.Select(o => o.CaseId)); // C's intake deadline (16:30) had not passed
        Assert.Equal(0.5, noon.Overdue[0].HoursLate);
    }

    [Fact]
    public void A_day_without_activity_still_has_a_whole_report()
    {
        var empty = ActivityReportBuilder.Build(ActivityReport.Daily, ReportFixture.Day, ReportFixture.Day, new ReportData([], [], [], [], [], []), ReportFixture.NextMorning, ReportFixture.Units);
        Assert.Equal((0, 0, 0), (empty.Messages.Comments, empty.Messages.Messages, empty.Messages.Total));
        Assert.Equal(24, empty.Messages.ByHour.Count);
        Assert.All(empty.Messages.ByHour, n => Assert.Equal(0, n));
        Assert.Equal(7, empty.Messages.ByCategory.Count);
        Assert.Equal(new CaseFigures(0, 0, 0, 0), empty.Cases);
        Assert.Empty(empty.Units);
        Assert.Null(empty.OfficeIntake.OnTimeRate);
        Assert.Single(empty.Days);
    }

    [Fact]
    public void A_period_counts_every_day_and_each_days_trend()
    {
        var range = ActivityReportBuilder.Build(ActivityReport.Range, ReportFixture.Day.AddDays(-1), ReportFixture.Day.AddDays(1), ReportFixture.Data(), ReportFixture.At(2, 9, 0), ReportFixture.Units);
        Assert.Equal(7, range.Messages.Total);
        Assert.Equal([(1, 0, 1, 0), (4, 1, 4, 1), (1, 0, 1, 0)], range.Days.Select(d => (d.Comments, d.Messages, d.Opened, d.Answered)));
        Assert.Equal(6, range.Cases.Opened); // E, A, B, C, D, F
        Assert.Equal(4, range.Moderation.Flagged);
        Assert.Contains(range.Units, u => u.Code == "SXD" && u.Rank == 1);
    }

    [Fact]
    public void Officers_are_named_for_the_answers_they_gave_on_time_or_late_and_the_overdue_cases_they_hold()
    {
        var report = ActivityReportBuilder.Build(ActivityReport.Daily, ReportFixture.Day, ReportFixture.Day, ReportFixture.Data(), ReportFixture.NextMorning, ReportFixture.Units);

        // The intake clock the Board finished is not an officer's answer; the cancelled coordination counts for nobody.
        Assert.Equal(
            [
                new OfficerLine("can-bo-sxd", "SXD", "Sở Xây dựng", 1, 1, 0, 1, 1.0),
                new OfficerLine("can-bo-syt", "SYT", "Sở Y tế", 1, 0, 1, 0, 0.0),
            ],
            report.Officers);
    }
}
