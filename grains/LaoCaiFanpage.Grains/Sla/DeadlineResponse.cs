using System.Globalization;
using LaoCaiFanpage.Contracts.Sla;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>One line of a deadline's explanation as the calendar and the case pages show it (the date as yyyy-MM-dd).</summary>
public sealed record ExplanationItem(string Date, string Kind, bool Counted, string Text);

/// <summary>A deadline with its explanation, as the API answers it: for a date and a limit, or for one clock of a case.</summary>
public sealed record DeadlineResponse(DateTimeOffset ReceivedAt, int WorkingDays, string Rule, DateTimeOffset Deadline, bool Provisional, IReadOnlyList<ExplanationItem> Explanation)
{
    public static DeadlineResponse Of(DeadlineExplanation explained) => new(
        explained.ReceivedAt,
        explained.WorkingDays,
        SlaOptions.RuleName(explained.Rule),
        explained.Deadline,
        explained.Provisional,
        [.. explained.Lines.Select(l => new ExplanationItem(l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Kind, l.Counted, l.Text))]);

    /// <summary>The explanation of a case clock's deadline (whole working days; intake counts working hours).</summary>
    public static DeadlineResponse Of(WorkingCalendar calendar, SlaClockView clock)
    {
        var rule = SlaOptions.ParseRule(clock.Rule) ?? DeadlineRule.Civil;
        if (clock.WorkingDays >= 1 && Math.Abs(clock.WorkingDays - Math.Round(clock.WorkingDays)) < 1e-9)
        {
            return Of(calendar.Explain(clock.StartedAt, (int)Math.Round(clock.WorkingDays), rule));
        }

        var hours = clock.WorkingDays * calendar.OfficeHours.PerDay.TotalHours;
        var end = clock.Deadline.ToOffset(TimeSpan.FromHours(7));
        var date = DateOnly.FromDateTime(end.DateTime);
        return new DeadlineResponse(clock.StartedAt, 0, clock.Rule, clock.Deadline, calendar.Describe(date).Provisional,
        [
            new ExplanationItem(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "deadline", false,
                $"Hạn: {end:HH:mm} {DeadlineExplainer.DayName(date)} (đủ {hours.ToString("0.##", CultureInfo.GetCultureInfo("vi-VN"))} giờ hành chính kể từ khi tiếp nhận, chỉ tính trong giờ làm việc)."),
        ]);
    }
}
