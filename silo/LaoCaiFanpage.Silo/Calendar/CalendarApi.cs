using System.Globalization;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Calendar;

/// <summary>The working-day calendar (R9): deadlines with their explanation, yearly schedules, lunar dates.</summary>
public static class CalendarApi
{
    public const int MaxWorkingDays = 250;

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/calendar").WithTags("Calendar").RequireAuthorization(LaoCaiFanpage.Contracts.Accounts.AccessPolicies.SignedIn);
        group.MapGet("/deadline", Deadline);
        group.MapGet("/lunar", Lunar);
        group.MapGet("/{year}", Year);
        return routes;
    }

    public sealed record ExplanationItem(string Date, string Kind, bool Counted, string Text);

    public sealed record DeadlineResponse(DateTimeOffset ReceivedAt, int WorkingDays, string Rule, DateTimeOffset Deadline, bool Provisional, IReadOnlyList<ExplanationItem> Explanation);

    public sealed record DayResponse(string Date, string Name);

    public sealed record YearResponse(int Year, bool Provisional, string Source, IReadOnlyList<DayResponse> DaysOff, IReadOnlyList<DayResponse> MakeUpWorkingDays);

    public sealed record LunarResponse(int Day, int Month, int Year, bool Leap);

    private static Results<Ok<DeadlineResponse>, ProblemHttpResult> Deadline(
        string? from, string? workingDays, string? rule, WorkingCalendar calendar, IOptions<SlaOptions> sla)
    {
        if (from is null || !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.None, out var receivedAt) || !HasOffset(from))
        {
            return Problems.InvalidParameter("from must be an ISO-8601 instant with an offset, e.g. 2026-11-27T15:20:00+07:00.");
        }

        if (!int.TryParse(workingDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > MaxWorkingDays)
        {
            return Problems.InvalidParameter($"workingDays must be a whole number from 1 to {MaxWorkingDays}.");
        }

        var chosen = rule is null ? sla.Value.Rule : SlaOptions.ParseRule(rule);
        if (chosen is null)
        {
            return Problems.InvalidParameter("rule must be 'civil' or 'office-hours'.");
        }

        if (receivedAt.Year is <= WorkingCalendar.MinYear or >= WorkingCalendar.MaxYear - 2)
        {
            return Problems.InvalidParameter($"from must lie between {WorkingCalendar.MinYear + 1} and {WorkingCalendar.MaxYear - 3}.");
        }

        return TypedResults.Ok(Response(calendar.Explain(receivedAt, days, chosen.Value)));
    }

    /// <summary>The explanation of a case clock's deadline (whole working days; intake counts working hours).</summary>
    public static DeadlineResponse ExplainClock(WorkingCalendar calendar, LaoCaiFanpage.Contracts.Sla.SlaClockView clock)
    {
        var rule = SlaOptions.ParseRule(clock.Rule) ?? DeadlineRule.Civil;
        if (clock.WorkingDays >= 1 && Math.Abs(clock.WorkingDays - Math.Round(clock.WorkingDays)) < 1e-9)
        {
            return Response(calendar.Explain(clock.StartedAt, (int)Math.Round(clock.WorkingDays), rule));
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

    private static DeadlineResponse Response(DeadlineExplanation explained) => new(
        explained.ReceivedAt,
        explained.WorkingDays,
        SlaOptions.RuleName(explained.Rule),
        explained.Deadline,
        explained.Provisional,
        [.. explained.Lines.Select(l => new ExplanationItem(l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Kind, l.Counted, l.Text))]);

    private static Results<Ok<YearResponse>, ProblemHttpResult> Year(string year, WorkingCalendar calendar)
    {
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < WorkingCalendar.MinYear or > WorkingCalendar.MaxYear)
        {
            return Problems.InvalidParameter($"year must be from {WorkingCalendar.MinYear} to {WorkingCalendar.MaxYear}.");
        }

        var schedule = calendar.Schedule(number);
        return TypedResults.Ok(new YearResponse(number, schedule.Provisional, schedule.Source,
            [.. schedule.DaysOff.Select(Day)], [.. schedule.MakeUpWorkingDays.Select(Day)]));
    }

    private static Results<Ok<LunarResponse>, ProblemHttpResult> Lunar(string? date)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || day.Year is <= WorkingCalendar.MinYear or >= WorkingCalendar.MaxYear)
        {
            return Problems.InvalidParameter($"date must be yyyy-MM-dd between {WorkingCalendar.MinYear + 1} and {WorkingCalendar.MaxYear - 1}.");
        }

        var lunar = VietnameseLunarCalendar.FromGregorian(day);
        return TypedResults.Ok(new LunarResponse(lunar.Day, lunar.Month, lunar.Year, lunar.Leap));
    }

    private static DayResponse Day(NamedDay day) => new(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Name);

    /// <summary>An instant without an offset would be read in the server's zone: refuse the ambiguity.</summary>
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

}
