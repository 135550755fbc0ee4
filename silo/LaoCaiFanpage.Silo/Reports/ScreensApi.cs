using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>What the wall and the other screens load besides the hub: the charts.</summary>
public static class ScreensApi
{
    public static IEndpointRouteBuilder MapScreensApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/screens").WithTags("Screens").MapGet("/charts/{name}", Chart).WithSummary("One of the wall's charts as a PNG (hourly, units, categories, overdue)").RequireAuthorization(AccessPolicies.Screens);
        return routes;
    }

    private static async Task<IResult> Chart(string name, HttpContext context, ScreenCharts charts, CancellationToken cancellationToken)
    {
        var file = name.EndsWith(".png", StringComparison.Ordinal) ? name[..^4] : name;
        if (!ScreenCharts.Names.Contains(file, StringComparer.Ordinal))
        {
            return Problems.NotFound("Không có biểu đồ này / No such chart", $"The charts are {string.Join(", ", ScreenCharts.Names.Select(n => n + ".png"))}.");
        }

        var chart = await charts.Get(file, cancellationToken);
        context.Response.Headers.ETag = chart.ETag;
        context.Response.Headers.CacheControl = "private, no-cache";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == chart.ETag)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.File(chart.Png, "image/png");
    }
}
