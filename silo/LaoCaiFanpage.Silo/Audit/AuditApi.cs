using System.Globalization;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Audit;

/// <summary>The processing log for administrators: browse, verify the chain, export a period as CSV.</summary>
public static class AuditApi
{
    public const int MaxPageSize = 500;
    public const int MaxExportDays = 800;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(AccessPolicies.Administer);
        group.MapGet("/", List).WithSummary("The processing log: who did what, when and from where (R5)");
        group.MapGet("/verify", Verify).WithSummary("Verifies the log's hash chain against its signed checkpoints");
        group.MapGet("/export", Export).WithSummary("The processing log of a period as CSV");
        return routes;
    }

    public sealed record AuditItem(long Id, DateTimeOffset At, string Actor, string? Ip, string? UserAgent, string Action, string? Target, JsonElement? Details, long? ChainSeq);

    public sealed record AuditList(IReadOnlyList<AuditItem> Items, int Page, int PageSize, long Total);

    private static async Task<Results<Ok<AuditList>, ProblemHttpResult>> List(
        AuditLog log, string? from, string? to, string? actor, string? action, string? target, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (!TryPeriod(from, to, out var start, out var end, out var problem))
        {
            return problem!;
        }

        if (!QueryNumber.TryRead(page, 1, 1_000_000, out var pageNumber) || !QueryNumber.TryRead(pageSize, 50, MaxPageSize, out var size))
        {
            return Problems.InvalidParameter($"page must be a whole number from 1; pageSize from 1 to {MaxPageSize}.");
        }

        if (actor is { Length: > 100 } || action is { Length: > 100 } || target is { Length: > 400 })
        {
            return Problems.InvalidParameter("actor, action or target is too long.");
        }

        var result = await log.Query(new AuditQuery(start, end, actor, action, target, pageNumber, size), cancellationToken);
        return TypedResults.Ok(new AuditList([.. result.Items.Select(Item)], result.Page, result.PageSize, result.Total));
    }

    private static async Task<Ok<AuditVerification>> Verify(AuditLog log, CancellationToken cancellationToken)
    {
        // Seal first, so the answer covers everything written up to now.
        await log.Seal(cancellationToken);
        return TypedResults.Ok(await log.Verify(cancellationToken));
    }

    private static async Task<IResult> Export(HttpContext context, AuditLog log, string? from, string? to)
    {
        if (from is null || to is null)
        {
            return Problems.InvalidParameter("from and to (yyyy-MM-dd, Vietnam dates, inclusive) are required.");
        }

        if (!TryPeriod(from, to, out var start, out var end, out var problem))
        {
            return problem!;
        }

        if ((end!.Value - start!.Value).TotalDays > MaxExportDays)
        {
            return Problems.InvalidParameter($"An export covers at most {MaxExportDays} days.");
        }

        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"nhat-ky-xu-ly-{from}-{to}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        await using var csv = SafeCsv.Writer(writer);
        foreach (var header in (string[])["id", "thoi_gian", "nguoi_thuc_hien", "dia_chi_ip", "trinh_duyet", "hanh_dong", "doi_tuong", "chi_tiet", "chuoi_so", "ma_bam"])
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await foreach (var row in log.Export(start.Value, end.Value, context.RequestAborted))
        {
            csv.WriteField(row.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.At.ToVietnam().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
            foreach (var text in (string?[])[row.Actor, row.Ip, row.UserAgent, row.Action, row.Target, row.Details])
            {
                csv.WriteField(text ?? string.Empty);
            }

            csv.WriteField(row.ChainSeq?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(row.Hash ?? string.Empty);
            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
        return Results.Empty;
    }

    private static AuditItem Item(AuditRow row) =>
        new(row.Id, row.At, row.Actor, row.Ip, row.UserAgent, row.Action, row.Target, DetailsOf(row.Details), row.ChainSeq);

    /// <summary>The details as JSON for the API (stored as text; a row edited into non-JSON still shows, as a string).</summary>
    private static JsonElement? DetailsOf(string? details)
    {
        if (details is null)
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(details);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(details);
        }
    }

    private static bool TryPeriod(string? from, string? to, out DateTimeOffset? start, out DateTimeOffset? end, out ProblemHttpResult? problem)
    {
        (start, end, problem) = (null, null, null);
        if (from is not null)
        {
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problem = Problems.BadRequest("Ngày không hợp lệ / Invalid date", $"from '{Problems.Quote(from)}' is not a date yyyy-MM-dd.");
                return false;
            }

            start = VietnamTime.StartOf(day);
        }

        if (to is not null)
        {
            if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day == DateOnly.MaxValue)
            {
                problem = Problems.BadRequest("Ngày không hợp lệ / Invalid date", $"to '{Problems.Quote(to)}' is not a date yyyy-MM-dd.");
                return false;
            }

            end = VietnamTime.StartOf(day.AddDays(1));
        }

        if (start is not null && end is not null && end <= start)
        {
            problem = Problems.BadRequest("Khoảng thời gian không hợp lệ / Invalid period", "to must not be before from.");
            return false;
        }

        return true;
    }
}
