using System.Globalization;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Reports;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>
/// Reports over HTTP (R10, R11, R13): the archive of daily reports, one date's report as JSON, printable HTML, CSV
/// or XLSX, generating it again, and the review of any period in the same forms.
/// </summary>
public static partial class ReportsApi
{
    private const int MaxRangeDays = 400;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/reports").WithTags("Reports");
        group.MapGet("/daily", List).WithSummary("The archive of daily reports").RequireAuthorization(AccessPolicies.ReadReports);
        group.MapGet("/daily/{file}", Daily).WithSummary("One date's daily report as JSON, HTML, CSV or XLSX").RequireAuthorization(AccessPolicies.ReadReports);
        group.MapPost("/daily/{date}/generate", Generate).WithSummary("Makes a date's daily report again (a new version)").RequireAuthorization(AccessPolicies.GenerateReports).DisableAntiforgery();
        group.MapGet("/range", Range).WithSummary("The review of a period as JSON, HTML, CSV or XLSX").RequireAuthorization(AccessPolicies.ReadReports);
        return routes;
    }

    public sealed record ReportList(IReadOnlyList<ArchivedReport> Items);

    /// <summary>A date's report: archived (with its version) or, before the schedule made it, computed now and not archived.</summary>
    public sealed record DailyReportResponse(string Date, bool Archived, int Version, DateTimeOffset? ArchivedAt, ActivityReport Report);

    private static async Task<Ok<ReportList>> List(ReportStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ReportList(await store.List(MaxRangeDays, cancellationToken)));

    private static async Task<IResult> Daily(string file, ReportStore store, ReportComposer composer, TimeProvider time, CancellationToken cancellationToken)
    {
        var match = DailyFile().Match(file);
        if (!match.Success)
        {
            return NotFound(file);
        }

        var (date, problem) = ParseDate(match.Groups["date"].Value, time, "date");
        if (problem is not null)
        {
            return problem;
        }

        var archived = await store.Find(date, cancellationToken);
        var report = archived?.Report ?? await composer.Build(ActivityReport.Daily, date, date, time.GetUtcNow(), cancellationToken);
        var name = "bao-cao-fanpage-" + match.Groups["date"].Value;
        return Render(match.Groups["format"].Value, report, name,
            () => new DailyReportResponse(match.Groups["date"].Value, archived is not null, archived?.Entry.Version ?? 0, archived?.Entry.GeneratedAt, report));
    }

    private static async Task<Results<Ok<DailyReportStamp>, ProblemHttpResult>> Generate(string date, HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        var (day, problem) = ParseDate(date, time, "date");
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(await grains.GetGrain<IDailyReportGrain>(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Generate(true, context.Actor()));
    }

    private static async Task<IResult> Range(string? from, string? to, string? format, ReportComposer composer, TimeProvider time, CancellationToken cancellationToken)
    {
        var (start, startProblem) = ParseDate(from, time, "from");
        var (end, endProblem) = ParseDate(to, time, "to");
        if ((startProblem ?? endProblem) is { } problem)
        {
            return problem;
        }

        if (end < start || end.DayNumber - start.DayNumber >= MaxRangeDays)
        {
            return Problems.InvalidParameter($"from must not be after to, and a period is at most {MaxRangeDays} days.");
        }

        if (format is not (null or "json" or "html" or "csv" or "xlsx"))
        {
            return Problems.InvalidParameter("format is json, html, csv or xlsx.");
        }

        var report = await composer.Build(ActivityReport.Range, start, end, time.GetUtcNow(), cancellationToken);
        var name = $"bao-cao-fanpage-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}";
        return Render(format is null or "json" ? string.Empty : "." + format, report, name, () => report);
    }

    private static IResult Render(string format, ActivityReport report, string name, Func<object> json) => format switch
    {
        ".html" => TypedResults.Content(ReportHtml.Render(report), "text/html; charset=utf-8"),
        ".csv" => TypedResults.File(ReportFiles.Csv(report), ReportFiles.CsvType, name + ".csv"),
        ".xlsx" => TypedResults.File(ReportFiles.Xlsx(report), ReportFiles.XlsxType, name + ".xlsx"),
        _ => TypedResults.Ok(json()),
    };

    /// <summary>A calendar date (yyyy-MM-dd) from 2000 to today, Vietnam time; anything else is a 400 saying so.</summary>
    private static (DateOnly Date, ProblemHttpResult? Problem) ParseDate(string? text, TimeProvider time, string name)
    {
        if (!QueryDate.TryRead(text, out var date))
        {
            return (default, Problems.InvalidParameter($"{name} is a calendar date written yyyy-MM-dd (e.g. 2026-11-27)."));
        }

        var today = VietnamTime.DateOf(time.GetUtcNow());
        if (date > today)
        {
            return (default, Problems.InvalidParameter($"{name} {text} has not come yet (today is {today:yyyy-MM-dd}, Vietnam time)."));
        }

        return date.Year < 2000 ? (default, Problems.InvalidParameter($"{name} is from the year 2000 on.")) : (date, null);
    }

    private static ProblemHttpResult NotFound(string file) =>
        Problems.NotFound("Không có báo cáo này / No such report", $"'{Problems.Quote(file)}' is not a report: use yyyy-MM-dd, optionally with .html, .csv or .xlsx.");

    [GeneratedRegex("^(?<date>[^.]{1,20})(?<format>\\.(html|csv|xlsx|json))?$")]
    private static partial Regex DailyFile();
}
