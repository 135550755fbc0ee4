using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Threads;

/// <summary>
/// The editorial workflow over HTTP (R8): classify, reassign, draft, submit, approve, reject, answer a coordination
/// request, merge, close, reopen. The endpoint checks the body and who may see the case; the case grain checks the
/// role for the step and the transition, and stores the change with its audit row.
/// </summary>
public static partial class WorkflowApi
{
    public static IEndpointRouteBuilder MapWorkflowApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/threads/{id}").WithTags("Workflow").DisableAntiforgery();
        group.MapPost("/classify", Classify).WithSummary("Classifies a case: Article 6 category, approving authority, topic").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/reassign", Reassign).WithSummary("Gives an assigned case to other units").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/drafts", SaveDraft).WithSummary("Saves a new draft of the case's answer").RequireAuthorization(AccessPolicies.Draft);
        group.MapPost("/submit", Submit).WithSummary("Sends the current draft to the Editorial Board head").RequireAuthorization(AccessPolicies.Draft);
        group.MapPost("/approve", Approve).WithSummary("Approves the current draft at the step waiting (R8.4)").RequireAuthorization(AccessPolicies.Approve);
        group.MapPost("/reject", Reject).WithSummary("Sends the draft back with a reason").RequireAuthorization(AccessPolicies.Approve);
        group.MapPost("/coordination/{clockId}/answer", AnswerCoordination).WithSummary("A unit answers a coordination request").RequireAuthorization(AccessPolicies.Coordinate);
        group.MapPost("/merge", Merge).WithSummary("Merges the case into another case").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/close", Close).WithSummary("Closes the case: answered another way, or dismissed with a reason").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/reopen", Reopen).WithSummary("Reopens a closed case").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/correction", Correction).WithSummary("Asks to correct the published answer (a new draft goes through the chain)").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/removal", Removal).WithSummary("Asks to take the published answer off the page").RequireAuthorization(AccessPolicies.RouteCases);
        // The Editorial Board's decision on a flagged comment of the case (hide, keep, unhide): R8.4c.
        group.MapPost("/moderation/{messageId}", Decide).WithSummary("The Editorial Board's decision on a flagged comment: hide, keep or unhide").RequireAuthorization(AccessPolicies.Moderate);
        return routes;
    }

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Classify(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
        {
            var (classification, problem) = EditorialBody.ReadClassification(body);
            return problem is not null ? (null, problem) : ((grain, actor) => grain.Classify(classification!, actor), null);
        });

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
            var (draft, problem) = EditorialBody.ReadDraft(body);
            return problem is not null ? (null, problem) : ((grain, actor) => grain.SaveDraft(draft!, actor), null);
        });

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Submit(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, _ => ((grain, actor) => grain.Submit(actor), null));

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Approve(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => EditorialBody.ReadDraftNumber(body, out var draft) is { } problem
            ? (null, problem)
            : ((grain, actor) => grain.Approve(draft, actor), null));

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Reject(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is { } reason
            ? ((grain, actor) => grain.Reject(reason, actor), null)
            : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.")));

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> AnswerCoordination(string id, string clockId, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
        {
            var text = body.Text("text")?.Trim();
            return string.IsNullOrEmpty(text) || text.Length > EditorialBody.MaxTextLength
                ? (null, Problems.InvalidParameter($"text must be a non-empty text of at most {EditorialBody.MaxTextLength} characters."))
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
        Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is { } reason
            ? ((grain, actor) => grain.Reopen(reason, actor), null)
            : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.")));

    /// <summary><c>{"text","sources"?,"reason"}</c>: the corrected answer, through the whole chain again, then applied to the reply on Facebook.</summary>
    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Correction(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is not { } reason
            ? (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters: why the published answer is corrected."))
            : EditorialBody.ReadDraft(body) is var (draft, problem) && problem is not null ? (null, problem)
            : ((grain, actor) => grain.Correct(draft!, reason, actor), null));

    /// <summary><c>{"reason"}</c>: the published answer is taken off the page once the chain approves it.</summary>
    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Removal(string id, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body => EditorialBody.Reason(body, "reason") is { } reason
            ? ((grain, actor) => grain.Correct(null, reason, actor), null)
            : (null, Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters: why the answer is taken off the page.")));

    private static Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Decide(string id, string messageId, HttpContext context, ICaseCatalog catalog, IGrainFactory grains) =>
        Command(id, context, catalog, grains, body =>
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
