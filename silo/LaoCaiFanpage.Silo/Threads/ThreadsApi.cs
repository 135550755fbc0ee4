using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Threads;

/// <summary>Read access to cases.</summary>
public static partial class ThreadsApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapThreadsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/threads").WithTags("Threads");
        group.MapGet("/", List);
        group.MapGet("/{id}", Get);
        return routes;
    }

    public sealed record ThreadList(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, int Total);

    private static async Task<Results<Ok<ThreadList>, ProblemHttpResult>> List(
        ICaseCatalog catalog,
        UnitDirectory units,
        string? status,
        string? unit,
        string? page,
        string? pageSize,
        CancellationToken cancellationToken)
    {
        if (!TryParsePositive(page, 1, out var pageNumber) || pageNumber > 1_000_000)
        {
            return Problems.BadRequest("Tham số không hợp lệ / Invalid parameter", "page must be a whole number from 1.");
        }

        if (!TryParsePositive(pageSize, 50, out var size) || size > MaxPageSize)
        {
            return Problems.BadRequest("Tham số không hợp lệ / Invalid parameter", $"pageSize must be a whole number from 1 to {MaxPageSize}.");
        }

        if (status is not null && !StatusPattern().IsMatch(status))
        {
            return Problems.BadRequest("Tham số không hợp lệ / Invalid parameter", "status is not a case status.");
        }

        string? unitCode = null;
        if (unit is not null)
        {
            unitCode = units.Find(unit)?.Code;
            if (unitCode is null)
            {
                return Problems.BadRequest("Đơn vị không tồn tại / Unknown unit", $"No unit has the code '{Truncate(unit)}'.");
            }
        }

        var result = await catalog.ListCases(new CaseQuery(status, unitCode, pageNumber, size), cancellationToken);
        return TypedResults.Ok(new ThreadList(result.Items, result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Get(
        string id, ICaseCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // Only catalogued cases are looked up: an arbitrary id never activates a grain.
        if (id.Length <= 300 && await catalog.CaseExists(id, cancellationToken)
            && await grains.GetGrain<ICommentThreadGrain>(id).GetCase() is { } found)
        {
            return TypedResults.Ok(found);
        }

        return Problems.NotFound("Không tìm thấy vụ việc / Case not found", $"No case has the id '{Truncate(id)}'.");
    }

    private static bool TryParsePositive(string? text, int fallback, out int value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= 1;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex StatusPattern();
}
