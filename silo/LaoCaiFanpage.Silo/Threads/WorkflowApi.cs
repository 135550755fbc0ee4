using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Threads;

/// <summary>
/// The editorial workflow over HTTP (R8): classify, reassign, draft, submit, approve, reject, answer a coordination
/// request, merge, close, reopen. The endpoint checks the body and who may see the case; the case grain checks the
/// role for the step and the transition, and stores the change with its audit row.
/// </summary>
public static partial class WorkflowApi
{
    /// <summary>Facebook's limit for a comment.</summary>
    public const int MaxTextLength = 8000;
    public const int MaxSources = 20;

    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/threads/{id}").WithTags("Workflow").DisableAntiforgery();
        group.MapPost("/classify", Classify).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/reassign", Reassign).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/drafts", SaveDraft).RequireAuthorization(AccessPolicies.Draft);
        group.MapPost("/submit", Submit).RequireAuthorization(AccessPolicies.Draft);
        group.MapPost("/approve", Approve).RequireAuthorization(AccessPolicies.Approve);
        group.MapPost("/reject", Reject).RequireAuthorization(AccessPolicies.Approve);
        group.MapPost("/coordination/{clockId}/answer", AnswerCoordination).RequireAuthorization(AccessPolicies.Coordinate);
        group.MapPost("/merge", Merge).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/close", Close).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/reopen", Reopen).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/correction", Correction).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/removal", Removal).RequireAuthorization(AccessPolicies.RouteCases);
        return routes;
    }

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Classify(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
        {
            var (classification, problem) = ReadClassification(body);
            return problem is not null ? (null, problem) : ((grain, actor) => grain.Classify(classification!, actor), null);
        });

    /// <summary>The Article 6 category, the approving authority and the topic of a body.</summary>
    internal static (Classification? Classification, ProblemHttpResult? Problem) ReadClassification(CommandBody body)
    {
        if (!body.Root.TryGetProperty("category", out var c) || c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out var category) || !ContentCategories.IsValid(category))
        {
            return (null, Problems.InvalidParameter("category must be a whole number from 1 to 6 (Article 6)."));
        }

        var authority = body.Text("authority");
        if (!Authorities.IsValid(authority))
        {
            return (null, Problems.InvalidParameter("authority must be 'office' or 'standing-committee'."));
        }

        var topic = body.Text("topic")?.Trim();
        if (topic is { Length: > 200 })
        {
            return (null, Problems.InvalidParameter("topic is at most 200 characters."));
        }

        return (new Classification(category, authority!, string.IsNullOrEmpty(topic) ? null : topic), null);
    }

    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Reassign(string id, HttpContext context, ICaseCatalog catalog, UnitDirectory units, IGrainFactory grains)
    {
        return await Command(id, context, catalog, grains, body =>
        {
            var (assignment, problem) = ThreadsApi.ReadAssignment(body, units);
            return problem is not null ? (null, problem) : ((grain, actor) => grain.Reassign(assignment!, actor), null);
        });
    }

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> SaveDraft(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
        {
            var (draft, problem) = ReadDraft(body);
            return problem is not null ? (null, problem) : ((grain, actor) => grain.SaveDraft(draft!, actor), null);
        });

    /// <summary>A draft's text (kept exactly as written: approvals bind to these characters) and its sources.</summary>
    internal static (DraftInput? Draft, ProblemHttpResult? Problem) ReadDraft(CommandBody body)
    {
        var text = body.Text("text");
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            return (null, Problems.InvalidParameter($"text must be a non-empty text of at most {MaxTextLength} characters."));
        }

        var sources = new List<string>();
        if (body.Root.TryGetProperty("sources", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxSources
                || list.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()) || s.GetString()!.Length > 500))
            {
                return (null, Problems.InvalidParameter($"sources must be an array of at most {MaxSources} non-empty texts (document numbers or links) of at most 500 characters."));
            }

            sources.AddRange(list.EnumerateArray().Select(s => s.GetString()!.Trim()));
        }

        // Pictures by the digest POST /api/media answered: what the chain approves is the text and these exact pictures.
        var images = new List<string>();
        if (body.Root.TryGetProperty("images", out var pictures) && pictures.ValueKind != JsonValueKind.Null)
        {
            if (pictures.ValueKind != JsonValueKind.Array || pictures.GetArrayLength() > MaxImages
                || pictures.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String || !Sha256Hex().IsMatch(p.GetString()!)))
            {
                return (null, Problems.InvalidParameter($"images must be an array of at most {MaxImages} picture ids (the sha256 POST /api/media answered)."));
            }

            images.AddRange(pictures.EnumerateArray().Select(p => p.GetString()!).Distinct(StringComparer.Ordinal));
        }

        return (new DraftInput(text, sources, images.Count > 0 ? images : null), null);
    }

    /// <summary>Pictures a post may carry (Facebook takes more; a government page's post rarely needs them).</summary>
    public const int MaxImages = 4;

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial System.Text.RegularExpressions.Regex Sha256Hex();

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Submit(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, _ => ((grain, actor) => grain.Submit(actor), null));

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Approve(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => ReadDraftNumber(body, out var draft) is { } problem
            ? (null, problem)
            : ((grain, actor) => grain.Approve(draft, actor), null));

    /// <summary>The optional number of the draft an approver saw.</summary>
    internal static ProblemHttpResult? ReadDraftNumber(CommandBody body, out int? draft)
    {
        draft = null;
        if (body.Root.TryGetProperty("draft", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var number) || number < 1)
            {
                return Problems.InvalidParameter("draft is the number of the draft being approved (a whole number from 1).");
            }

            draft = number;
        }

        return null;
    }

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Reject(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => Reason(body, "reason") is { } reason
            ? ((grain, actor) => grain.Reject(reason, actor), null)
            : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.")));

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> AnswerCoordination(string id, string clockId, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
        {
            var text = body.Text("text")?.Trim();
            return string.IsNullOrEmpty(text) || text.Length > MaxTextLength
                ? (null, Problems.InvalidParameter($"text must be a non-empty text of at most {MaxTextLength} characters."))
                : ((grain, actor) => grain.AnswerCoordination(clockId, text, actor), null);
        });

    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Merge(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var into = body.Text("into");
        if (string.IsNullOrEmpty(into) || into.Length > 300)
        {
            return Problems.InvalidParameter("into must be the id of the case that absorbs this one.");
        }

        if (await ThreadsApi.FindCase(into, context.User, catalog, grains, context.RequestAborted) is null)
        {
            return ThreadsApi.CaseNotFound(into);
        }

        return await Command(id, context, catalog, grains, body, _ => ((grain, actor) => grain.MergeInto(into, actor), null));
    }

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Close(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
        {
            var reason = body.Text("reason");
            if (reason is not null && !DismissalReasons.All.Contains(reason))
            {
                return (null, Problems.InvalidParameter($"reason is one of {string.Join(", ", DismissalReasons.All)}."));
            }

            var note = body.Text("note")?.Trim();
            if (note is { Length: > 2000 })
            {
                return (null, Problems.InvalidParameter("note is at most 2,000 characters."));
            }

            return ((grain, actor) => grain.Close(new CloseRequest(reason, string.IsNullOrEmpty(note) ? null : note), actor), null);
        });

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Reopen(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => Reason(body, "reason") is { } reason
            ? ((grain, actor) => grain.Reopen(reason, actor), null)
            : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.")));

    /// <summary><c>{"text","sources"?,"reason"}</c>: the corrected answer, through the whole chain again, then applied to the reply on Facebook.</summary>
    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Correction(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => Reason(body, "reason") is not { } reason
            ? (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters: why the published answer is corrected."))
            : ReadDraft(body) is var (draft, problem) && problem is not null ? (null, problem)
            : ((grain, actor) => grain.Correct(draft!, reason, actor), null));

    /// <summary><c>{"reason"}</c>: the published answer is taken off the page once the chain approves it.</summary>
    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Removal(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => Reason(body, "reason") is { } reason
            ? ((grain, actor) => grain.Correct(null, reason, actor), null)
            : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters: why the answer is taken off the page.")));

    internal static string? Reason(CommandBody body, string name)
    {
        var reason = body.Text(name)?.Trim();
        return string.IsNullOrEmpty(reason) || reason.Length > 2000 ? null : reason;
    }

    internal delegate (Func<ICommentThreadGrain, Actor, Task<CaseCommandResult>>? Run, ProblemHttpResult? Problem) Parse(CommandBody body);

    internal static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Command(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains, Parse parse)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        return body.Problem ?? await Command(id, context, catalog, grains, body, parse);
    }

    /// <summary>Body first (400), then the case as this caller may see it (404), then the grain's decision (403/409 or the case).</summary>
    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Command(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains, CommandBody body, Parse parse)
    {
        var (run, problem) = parse(body);
        if (problem is not null)
        {
            return problem;
        }

        if (await ThreadsApi.FindCase(id, context.User, catalog, grains, context.RequestAborted) is null)
        {
            return ThreadsApi.CaseNotFound(id);
        }

        return ThreadsApi.Outcome(id, await run!(grains.GetGrain<ICommentThreadGrain>(id), context.Actor()));
    }
}
