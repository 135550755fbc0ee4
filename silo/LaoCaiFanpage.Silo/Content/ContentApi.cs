using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Content;

/// <summary>
/// The content rules over HTTP (R7, R8.4c): check a text before it goes for approval, and the Editorial Board's
/// review queue of flagged comments (the decision on one of them is a command on its case: WorkflowApi).
/// </summary>
public static partial class ContentApi
{
    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/content/check", Check).WithSummary("Checks a text against the content rules (R7, Art. 12) and suggests the Unicode conversion").WithTags("Content").RequireAuthorization(AccessPolicies.CheckContent).DisableAntiforgery();
        routes.MapGet("/api/moderation", List).WithSummary("The Editorial Board's review queue of flagged comments").WithTags("Content").RequireAuthorization(AccessPolicies.Moderate);
        return routes;
    }

    /// <summary>The answer of <c>POST /api/content/check</c>.</summary>
    public sealed record CheckResponse(string Normalized, IReadOnlyList<ContentIssue> Issues, string? Converted, string? Encoding, bool Passes);

    private static async Task<Results<Ok<CheckResponse>, ProblemHttpResult>> Check(HttpContext context, ContentRules rules, ILogger<CheckResponse> logger)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            LogRefused(logger, "unreadable body");
            return body.Problem;
        }

        var text = body.Text("text");
        if (text is null || text.Length > EditorialBody.MaxTextLength)
        {
            LogRefused(logger, "text missing or too long");
            return Problems.InvalidParameter($"text must be a string of at most {EditorialBody.MaxTextLength} characters.");
        }

        int? category = null;
        if (body.Root.TryGetProperty("category", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out var number) || !ContentCategories.IsValid(number))
            {
                return Problems.InvalidParameter("category must be a whole number from 1 to 6 (Article 6).");
            }

            category = number;
        }

        var (draft, problem) = body.Root.TryGetProperty("sources", out _) ? EditorialBody.ReadDraft(body) : (null, null);
        if (problem is not null)
        {
            return problem;
        }

        var check = rules.Check(text, category, draft?.Sources ?? []);
        return TypedResults.Ok(new CheckResponse(check.Normalized, check.Issues, check.Converted, check.Converted is null ? null : Encoding(check), check.Passes));
    }

    private static string? Encoding(ContentCheck check) =>
        check.Issues.FirstOrDefault(i => i.Kind == ContentIssueKinds.LegacyEncoding)?.Category;

    public sealed record ModerationList(IReadOnlyList<ModerationQueueItem> Items, int Page, int PageSize, int Total);

    private static async Task<Results<Ok<ModerationList>, ProblemHttpResult>> List(ICaseCatalog catalog, string? status, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (!QueryNumber.TryRead(page, 1, 1_000_000, out var pageNumber))
        {
            return Problems.InvalidParameter("page must be a whole number from 1.");
        }

        if (!QueryNumber.TryRead(pageSize, 50, QueryNumber.MaxPageSize, out var size))
        {
            return Problems.InvalidParameter($"pageSize must be a whole number from 1 to {QueryNumber.MaxPageSize}.");
        }

        if (status is not null && !ModerationStatuses.All.Contains(status))
        {
            return Problems.InvalidParameter($"status is one of {string.Join(", ", ModerationStatuses.All)}.");
        }

        var result = await catalog.ListModeration(status, pageNumber, size, cancellationToken);
        return TypedResults.Ok(new ModerationList(result.Items, result.Page, result.PageSize, result.Total));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content check refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
