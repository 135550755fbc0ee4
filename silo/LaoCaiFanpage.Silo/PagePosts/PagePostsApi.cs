using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Dashboard;
using LaoCaiFanpage.Grains.PagePosts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.PagePosts;

/// <summary>
/// The Office's own page posts (Article 6): the Editorial Board writes them, the same approvers approve them in
/// the same order as answers (R8.4), and the same outbox publishes them to the page.
/// </summary>
public static partial class PagePostsApi
{
    public static IEndpointRouteBuilder MapPagePostsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/posts").WithTags("Page posts");
        group.MapGet("/", List).WithSummary("The Office's own page posts").RequireAuthorization(AccessPolicies.ReadCases);
        group.MapGet("/calendar", Calendar).WithSummary("The posts published and scheduled over a period, by day").RequireAuthorization(AccessPolicies.ReadCases);
        group.MapGet("/{id}", Get).WithSummary("One page post with its drafts and approvals").RequireAuthorization(AccessPolicies.ReadCases);
        group.MapPost("/", Create).WithSummary("Writes a new page post (classified, with its first draft)").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/drafts", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, body => EditorialBody.ReadDraft(body) is var (draft, problem) && problem is not null
                ? (null, problem) : ((grain, actor) => grain.SaveDraft(draft!, actor), null))).WithSummary("Saves a new draft of a page post").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/submit", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, _ => ((grain, actor) => grain.Submit(actor), null))).WithSummary("Sends the post to the Editorial Board head").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/approve", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, body => EditorialBody.ReadDraftNumber(body, out var draft) is { } problem
                ? (null, problem) : ((grain, actor) => grain.Approve(draft, actor), null))).WithSummary("Approves the post's current draft at the step waiting").RequireAuthorization(AccessPolicies.Approve).DisableAntiforgery();
        group.MapPost("/{id}/reject", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is { } reason
                ? ((grain, actor) => grain.Reject(reason, actor), null) : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.")))).WithSummary("Sends the post back with a reason").RequireAuthorization(AccessPolicies.Approve).DisableAntiforgery();
        group.MapPost("/{id}/schedule", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains, TimeProvider time) =>
            Command(id, context, catalog, grains, body => ReadPublishAt(body, time.GetUtcNow()) is var (publishAt, problem) && problem is not null
                ? (null, problem) : ((grain, actor) => grain.Schedule(publishAt, actor), null))).WithSummary("Sets or clears when the approved post is published").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/correction", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is not { } reason
                ? (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters: why the published post is corrected."))
                : EditorialBody.ReadDraft(body) is var (draft, problem) && problem is not null ? (null, problem)
                : ((grain, actor) => grain.Correct(draft!, reason, actor), null))).WithSummary("Asks to correct a published post").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/removal", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is { } reason
                ? ((grain, actor) => grain.Correct(null, reason, actor), null)
                : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters: why the post is taken off the page.")))).WithSummary("Asks to take a published post off the page").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/withdraw", (string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains) =>
            Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is { } reason
                ? ((grain, actor) => grain.Withdraw(reason, actor), null) : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.")))).WithSummary("Withdraws a post still being drafted").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        return routes;
    }

    private static async Task<Results<Ok<PagePostPage>, ProblemHttpResult>> List(PagePostCatalog catalog, string? status, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (!QueryNumber.TryRead(page, 1, 1_000_000, out var pageNumber) || !QueryNumber.TryRead(pageSize, 50, QueryNumber.MaxPageSize, out var size))
        {
            return Problems.InvalidParameter($"page is a whole number from 1; pageSize from 1 to {QueryNumber.MaxPageSize}.");
        }

        if (status is not null && !CaseStatus.All.Contains(status))
        {
            return Problems.InvalidParameter("status is not a status.");
        }

        return TypedResults.Ok(await catalog.List(status, pageNumber, size, cancellationToken));
    }

    private static async Task<Results<Ok<PagePostView>, ProblemHttpResult>> Get(string id, PagePostCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken) =>
        await Find(id, catalog, grains, cancellationToken) is { } found ? TypedResults.Ok(found) : NotFound(id);

    public sealed record CalendarList(DateOnly From, DateOnly To, IReadOnlyList<CalendarEntry> Items);

    /// <summary>The content calendar: <c>from</c> and <c>to</c> are Vietnam dates (at most 92 days; this week when not given).</summary>
    private static async Task<Results<Ok<CalendarList>, ProblemHttpResult>> Calendar(PagePostCatalog catalog, TimeProvider time, string? from, string? to, CancellationToken cancellationToken)
    {
        var today = VietnamTime.DateOf(time.GetUtcNow());
        var start = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        DateOnly first = start, last = start.AddDays(6);
        if ((from is not null && !QueryDate.TryRead(from, out first)) || (to is not null && !QueryDate.TryRead(to, out last)) || last < first || last.DayNumber - first.DayNumber > 91)
        {
            return Problems.InvalidParameter("from and to are dates (yyyy-MM-dd), from not after to, at most 92 days.");
        }

        var items = await catalog.Calendar(VietnamTime.StartOf(first), VietnamTime.StartOf(last.AddDays(1)), cancellationToken);
        return TypedResults.Ok(new CalendarList(first, last, items));
    }

    /// <summary>
    /// <c>publishAt</c>: an ISO 8601 instant with its offset, in the future and at most a year ahead, or null (at once
    /// when approved). Missing: null. A time that has passed by the last approval means at once.
    /// </summary>
    private static (DateTimeOffset? PublishAt, ProblemHttpResult? Problem) ReadPublishAt(CommandBody body, DateTimeOffset now)
    {
        if (!body.Root.TryGetProperty("publishAt", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.String || !PublishAtPattern().IsMatch(value.GetString()!)
            || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return (null, Problems.InvalidParameter("publishAt must be an ISO 8601 instant with its offset, e.g. \"2026-12-24T08:00:00+07:00\", or null."));
        }

        if (at <= now || at > now.AddDays(366))
        {
            return (null, Problems.InvalidParameter("publishAt must be in the future and at most a year ahead."));
        }

        return (at, null);
    }

    private static async Task<Results<Created<PagePostView>, ProblemHttpResult>> Create(HttpContext context, IGrainFactory grains, IOptions<DashboardOptions> page, TimeProvider time)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (classification, problem) = EditorialBody.ReadClassification(body);
        var (draft, draftProblem) = problem is null ? EditorialBody.ReadDraft(body) : (null, null);
        var (publishAt, timeProblem) = ReadPublishAt(body, time.GetUtcNow());
        if ((problem ?? draftProblem ?? timeProblem) is { } invalid)
        {
            return invalid;
        }

        var id = "post-" + Guid.NewGuid().ToString("N");
        var result = await grains.GetGrain<IPagePostGrain>(id).Create(new PagePostInput(page.Value.PageId, classification!, draft!, publishAt), context.Actor());
        return result.Post is { } post ? TypedResults.Created($"/api/posts/{id}", post) : Refused(result.Refusal!);
    }

    private delegate (Func<IPagePostGrain, Actor, Task<PagePostResult>>? Run, ProblemHttpResult? Problem) Parse(CommandBody body);

    private static async Task<Results<Ok<PagePostView>, ProblemHttpResult>> Command(string id, HttpContext context, PagePostCatalog catalog, IGrainFactory grains, Parse parse)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (run, problem) = parse(body);
        if (problem is not null)
        {
            return problem;
        }

        if (await Find(id, catalog, grains, context.RequestAborted) is null)
        {
            return NotFound(id);
        }

        var result = await run!(grains.GetGrain<IPagePostGrain>(id), context.Actor());
        return result.Post is { } post ? TypedResults.Ok(post) : Refused(result.Refusal!);
    }

    /// <summary>Only listed posts are looked up: an arbitrary id never activates a grain.</summary>
    private static async Task<PagePostView?> Find(string id, PagePostCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken) =>
        IdPattern().IsMatch(id) && await catalog.Exists(id, cancellationToken) ? await grains.GetGrain<IPagePostGrain>(id).Get() : null;

    private static ProblemHttpResult Refused(Refusal refusal) =>
        Problems.Refused(refusal, "Thao tác không hợp lệ với trạng thái bài đăng / Invalid for the post's state");

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound("Không tìm thấy bài đăng / Post not found", $"No page post has the id '{Problems.Quote(id)}'.");

    [GeneratedRegex("^post-[0-9a-f]{32}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex PublishAtPattern();
}
