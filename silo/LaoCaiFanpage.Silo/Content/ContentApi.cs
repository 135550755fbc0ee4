using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Silo.Hosting;
using LaoCaiFanpage.Silo.Threads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Content;

/// <summary>
/// The content rules over HTTP (R7, R8.4c): check a text before it goes for approval, the Editorial Board's
/// review queue of flagged comments, and the decision on one of them (hide, keep, unhide).
/// </summary>
public static partial class ContentApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/content/check", Check).WithTags("Content").RequireAuthorization(AccessPolicies.CheckContent).DisableAntiforgery();
        routes.MapGet("/api/moderation", List).WithTags("Content").RequireAuthorization(AccessPolicies.Moderate);
        routes.MapPost("/api/threads/{id}/moderation/{messageId}", Decide).WithTags("Content").RequireAuthorization(AccessPolicies.Moderate).DisableAntiforgery();
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
        if (text is null || text.Length > WorkflowApi.MaxTextLength)
        {
            LogRefused(logger, "text missing or too long");
            return Problems.InvalidParameter($"text must be a string of at most {WorkflowApi.MaxTextLength} characters.");
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

        var (draft, problem) = body.Root.TryGetProperty("sources", out _) ? WorkflowApi.ReadDraft(body) : (null, null);
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

        if (!QueryNumber.TryRead(pageSize, 50, MaxPageSize, out var size))
        {
            return Problems.InvalidParameter($"pageSize must be a whole number from 1 to {MaxPageSize}.");
        }

        if (status is not null && !ModerationStatuses.All.Contains(status))
        {
            return Problems.InvalidParameter($"status is one of {string.Join(", ", ModerationStatuses.All)}.");
        }

        var result = await catalog.ListModeration(status, pageNumber, size, cancellationToken);
        return TypedResults.Ok(new ModerationList(result.Items, result.Page, result.PageSize, result.Total));
    }

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Decide(string id, string messageId, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        WorkflowApi.Command(id, context, catalog, grains, body =>
        {
            var decision = body.Text("decision");
            if (decision is null || !ModerationDecisions.All.Contains(decision))
            {
                return (null, Problems.InvalidParameter($"decision is one of {string.Join(", ", ModerationDecisions.All)}."));
            }

            var note = body.Text("note")?.Trim();
            if (note is { Length: > 2000 })
            {
                return (null, Problems.InvalidParameter("note is at most 2,000 characters."));
            }

            return ((grain, actor) => grain.Moderate(messageId, decision, string.IsNullOrEmpty(note) ? null : note, actor), null);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Content check refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
