using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Crisis;

/// <summary>
/// Media crises over HTTP (R8.4d): the Department's signals, the list and one crisis with its timeline, and the
/// officers' acknowledge → respond → resolve.
/// </summary>
public static partial class CrisisApi
{
    public static IEndpointRouteBuilder MapCrisisApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/crises").WithTags("Crises");
        group.MapPost("/signals", Signal).WithSummary("A crisis officer's signal: joins an active crisis or opens one").RequireAuthorization(AccessPolicies.RaiseCrisis).DisableAntiforgery();
        group.MapGet("/", List).WithSummary("Crises, active first").RequireAuthorization(AccessPolicies.ReadCrises);
        group.MapGet("/{id}", Get).WithSummary("One crisis with its signals and timeline").RequireAuthorization(AccessPolicies.ReadCrises);
        group.MapPost("/{id}/{action}", Act).WithSummary("Acknowledges, responds to or resolves a crisis").RequireAuthorization(AccessPolicies.HandleCrisis).DisableAntiforgery();
        group.MapPost("/{id}/plan", SavePlan).WithSummary("Writes the crisis's response plan").RequireAuthorization(AccessPolicies.RaiseCrisis).DisableAntiforgery();
        group.MapPost("/{id}/plan/submit", (string id, HttpContext context, IGrainFactory grains) =>
            PlanCommand(id, context, grains, (grain, actor) => grain.SubmitPlan(actor))).WithSummary("Submits the response plan for approval").RequireAuthorization(AccessPolicies.RaiseCrisis).DisableAntiforgery();
        group.MapPost("/{id}/plan/approve", (string id, HttpContext context, IGrainFactory grains) =>
            PlanCommand(id, context, grains, (grain, actor) => grain.ApprovePlan(actor))).WithSummary("Approves the response plan at the step waiting").RequireAuthorization(AccessPolicies.Approve).DisableAntiforgery();
        group.MapPost("/{id}/plan/return", ReturnPlan).WithSummary("Returns the response plan with a reason").RequireAuthorization(AccessPolicies.Approve).DisableAntiforgery();
        return routes;
    }

    private static async Task<Results<Created<CrisisView>, ProblemHttpResult>> Signal(HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var title = body.Text("title")?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 300)
        {
            return Problems.InvalidParameter("title must be a text of 1 to 300 characters.");
        }

        var description = body.Text("description")?.Trim();
        if (description is { Length: > 4000 } || (body.Root.TryGetProperty("description", out var d) && d.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            return Problems.InvalidParameter("description is a text of at most 4,000 characters.");
        }

        if (!body.Root.TryGetProperty("severity", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var severity) || severity is < 1 or > 4)
        {
            return Problems.InvalidParameter("severity must be a whole number from 1 (attention) to 4 (most serious).");
        }

        var sourceUrl = body.Text("sourceUrl");
        if (sourceUrl is not null && (sourceUrl.Length > 2000 || !Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return Problems.InvalidParameter("sourceUrl must be an http(s) address of at most 2,000 characters.");
        }

        var (posts, postsProblem) = Texts(body, "relatedPostIds", 50, 100, PostId());
        var (keywords, keywordsProblem) = Texts(body, "keywords", 20, 100, null);
        if ((postsProblem ?? keywordsProblem) is { } problem)
        {
            return problem;
        }

        var signal = new CrisisSignal(CrisisSources.Department, title, string.IsNullOrEmpty(description) ? null : description, severity, sourceUrl, posts, keywords, [], time.GetUtcNow());
        var crisis = await grains.GetGrain<ICrisisRegistryGrain>(0).Raise(signal, context.Actor());
        return TypedResults.Created("/api/crises/" + crisis.Id, crisis);
    }

    private static (List<string> Values, ProblemHttpResult? Problem) Texts(CommandBody body, string name, int max, int length, Regex? pattern)
    {
        var values = new List<string>();
        if (!body.Root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return (values, null);
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > max
            || list.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()) || v.GetString()!.Length > length || (pattern is not null && !pattern.IsMatch(v.GetString()!))))
        {
            return (values, Problems.InvalidParameter($"{name} must be an array of at most {max} texts of at most {length} characters{(pattern is null ? string.Empty : " (Facebook post ids: digits and '_')")}."));
        }

        values.AddRange(list.EnumerateArray().Select(v => v.GetString()!.Trim()).Distinct());
        return (values, null);
    }

    public sealed record CrisisList(IReadOnlyList<CrisisView> Items);

    private static async Task<Results<Ok<CrisisList>, ProblemHttpResult>> List(IGrainFactory grains, string? status)
    {
        if (status is not null && !CrisisStatuses.All.Contains(status))
        {
            return Problems.InvalidParameter($"status is one of {string.Join(", ", CrisisStatuses.All)}.");
        }

        return TypedResults.Ok(new CrisisList(await grains.GetGrain<ICrisisRegistryGrain>(0).List(status)));
    }

    private static async Task<Results<Ok<CrisisView>, ProblemHttpResult>> Get(string id, IGrainFactory grains)
    {
        if (!CrisisId().IsMatch(id))
        {
            return NotFound(id);
        }

        return await grains.GetGrain<ICrisisGrain>(id).Get() is { } crisis ? TypedResults.Ok(crisis) : NotFound(id);
    }

    private static async Task<Results<Ok<CrisisView>, ProblemHttpResult>> Act(string id, string action, HttpContext context, IGrainFactory grains)
    {
        if (!CrisisActions.All.Contains(action))
        {
            return Problems.NotFound("Không có thao tác này / No such action", $"The action is one of {string.Join(", ", CrisisActions.All)}.");
        }

        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var note = body.Text("note")?.Trim();
        if (note is { Length: > 2000 })
        {
            return Problems.InvalidParameter("note is at most 2,000 characters.");
        }

        if (!CrisisId().IsMatch(id) || await grains.GetGrain<ICrisisGrain>(id).Get() is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetGrain<ICrisisGrain>(id).Act(action, string.IsNullOrEmpty(note) ? null : note, context.Actor());
        if (result.Crisis is not null)
        {
            return TypedResults.Ok(result.Crisis);
        }

        return Problems.Refused(result.Refusal!, "Không thực hiện được với trạng thái khủng hoảng / Invalid for the crisis's state");
    }

    /// <summary>
    /// <c>{"whatHappened","response","clarification","beyondOffice"?,"caseIds"?}</c>: the response plan (R8.4d); each text 1 to 4,000
    /// characters; <c>beyondOffice</c> sends it on to the Standing Committee after the Chief of Office.
    /// </summary>
    private static async Task<Results<Ok<CrisisView>, ProblemHttpResult>> SavePlan(string id, HttpContext context, IGrainFactory grains)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var texts = new Dictionary<string, string>();
        foreach (var name in new[] { "whatHappened", "response", "clarification" })
        {
            var text = body.Text(name)?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > 4000)
            {
                return Problems.InvalidParameter($"{name} must be a text of 1 to 4,000 characters.");
            }

            texts[name] = text;
        }

        var beyond = false;
        if (body.Root.TryGetProperty("beyondOffice", out var b) && b.ValueKind != JsonValueKind.Null)
        {
            if (b.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Problems.InvalidParameter("beyondOffice is true or false.");
            }

            beyond = b.GetBoolean();
        }

        var (cases, problem) = Texts(body, "caseIds", 50, 200, null);
        if (problem is not null)
        {
            return problem;
        }

        return await PlanCommand(id, context, grains, (grain, actor) => grain.SavePlan(new CrisisPlanInput(texts["whatHappened"], texts["response"], texts["clarification"], beyond, cases), actor));
    }

    private static async Task<Results<Ok<CrisisView>, ProblemHttpResult>> ReturnPlan(string id, HttpContext context, IGrainFactory grains)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var reason = body.Text("reason")?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 2000)
        {
            return Problems.InvalidParameter("reason must be a text of 1 to 2,000 characters.");
        }

        return await PlanCommand(id, context, grains, (grain, actor) => grain.ReturnPlan(reason, actor));
    }

    private static async Task<Results<Ok<CrisisView>, ProblemHttpResult>> PlanCommand(string id, HttpContext context, IGrainFactory grains,
        Func<ICrisisGrain, Actor, Task<CrisisCommandResult>> command)
    {
        if (!CrisisId().IsMatch(id) || await grains.GetGrain<ICrisisGrain>(id).Get() is null)
        {
            return NotFound(id);
        }

        var result = await command(grains.GetGrain<ICrisisGrain>(id), context.Actor());
        return result.Crisis is not null
            ? TypedResults.Ok(result.Crisis)
            : Problems.Refused(result.Refusal!, "Không thực hiện được với phương án / Invalid for the plan's state");
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound("Không có khủng hoảng này / No such crisis", $"No crisis has the id '{Problems.Quote(id)}'.");

    [GeneratedRegex("^crisis-[0-9a-f]{32}$")]
    private static partial Regex CrisisId();

    [GeneratedRegex("^[0-9]{1,40}(_[0-9]{1,40})?$")]
    internal static partial Regex PostId();
}
