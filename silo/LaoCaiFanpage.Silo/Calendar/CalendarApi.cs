using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Calendar;

/// <summary>The working-day calendar (R9): deadlines with their explanation, yearly schedules, lunar dates.</summary>
public static class CalendarApi
{
    public const int MaxWorkingDays = 250;

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/calendar").WithTags("Calendar").RequireAuthorization(AccessPolicies.SignedIn);
        group.MapGet("/deadline", Deadline).WithSummary("The deadline of a limit in working days from an instant, with the days counted and skipped");
        group.MapGet("/lunar", Lunar).WithSummary("The Vietnamese lunar date of a day");
        group.MapGet("/{year}", Year).WithSummary("A year's official days off and make-up working Saturdays");
        return routes;
    }

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

        return TypedResults.Ok(DeadlineResponse.Of(calendar.Explain(receivedAt, days, chosen.Value)));
    }

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
