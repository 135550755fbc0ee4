using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Threads;

/// <summary>Cases: reading (a unit officer sees only their unit's), routing and coordination.</summary>
public static partial class ThreadsApi
{
    public static IEndpointRouteBuilder MapThreadsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/threads").WithTags("Threads");
        group.MapGet("/", List).WithSummary("Lists cases by status, unit, category, period, SLA state, assignee and words").RequireAuthorization(AccessPolicies.ReadCases);
        group.MapGet("/{id}", Get).WithSummary("One case with its messages, clocks, drafts and approvals").RequireAuthorization(AccessPolicies.ReadCases);
        group.MapGet("/{id}/clocks/{clockId}/explanation", ExplainClock).WithSummary("Why a clock's deadline is what it is, day by day").RequireAuthorization(AccessPolicies.ReadCases);
        group.MapPost("/{id}/assign", Assign).WithSummary("Routes a classified case to its units (own: one unit, complex: two or more)").RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapPost("/{id}/coordination", Coordinate).WithSummary("One unit asks another for coordination on a case").RequireAuthorization(AccessPolicies.Coordinate).DisableAntiforgery();
        group.MapPost("/{id}/assignee", SetAssignee).WithSummary("Gives the case to one officer of its units, or back to the unit").RequireAuthorization(AccessPolicies.AssignOfficers).DisableAntiforgery();
        return routes;
    }

    public sealed record ThreadList(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, int Total);

    private static async Task<Results<Ok<ThreadList>, ProblemHttpResult>> List(
        ClaimsPrincipal user,
        ICaseCatalog catalog,
        UnitDirectory units,
        string? status,
        string? unit,
        string? page,
        string? pageSize,
        string? category,
        string? from,
        string? to,
        string? sort,
        string? slaState,
        string? assignee,
        string? q,
        string? overdue,
        CancellationToken cancellationToken)
    {
        // The HTTP contract's overdue filter (DESIGN.md): true is the cases with a missed clock still open, false the others.
        bool? onlyOverdue = overdue switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (overdue is not null && onlyOverdue is null)
        {
            return Problems.InvalidParameter("overdue is 'true' (cases with a missed clock still open) or 'false' (the others).");
        }

        if (onlyOverdue is not null && slaState is not null)
        {
            return Problems.InvalidParameter("overdue and slaState both filter by the clocks: give one of them.");
        }

        if (sort is not null && !CaseSort.IsValid(sort))
        {
            return Problems.InvalidParameter("sort is 'received' (newest first) or 'deadline' (the most urgent unfinished clock first).");
        }

        if (slaState is not null && slaState is not (ClockStates.Running or ClockStates.DueSoon or ClockStates.Missed))
        {
            return Problems.InvalidParameter("slaState is 'running', 'due-soon' or 'missed' (the most urgent state of the case's unfinished clocks).");
        }

        if (assignee is not null && (assignee.Length is 0 or > 100))
        {
            return Problems.InvalidParameter("assignee is a username.");
        }

        IReadOnlyList<string>? terms = null;
        if (q is not null)
        {
            terms = q.Length > CaseSearch.MaxQueryLength ? [] : CaseSearch.Terms(q);
            if (terms.Count is 0 or > CaseSearch.MaxTerms)
            {
                return Problems.InvalidParameter($"q is 1 to {CaseSearch.MaxTerms} words (letters or digits) in at most {CaseSearch.MaxQueryLength} characters.");
            }
        }

        int? categoryNumber = null;
        if (category is not null)
        {
            if (!int.TryParse(category, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c > 6)
            {
                return Problems.InvalidParameter("category is an Article 6 category from 1 to 6, or 0 for cases not yet classified.");
            }

            categoryNumber = c;
        }

        DateTimeOffset? openedFrom = null;
        DateTimeOffset? openedBefore = null;
        foreach (var (name, text) in new[] { ("from", from), ("to", to) })
        {
            if (text is null)
            {
                continue;
            }

            if (!QueryDate.TryRead(text, out var day))
            {
                return Problems.InvalidParameter($"{name} is a date written yyyy-MM-dd (Vietnam time).");
            }

            if (name == "from")
            {
                openedFrom = VietnamTime.StartOf(day);
            }
            else
            {
                openedBefore = VietnamTime.StartOf(day.AddDays(1));
            }
        }

        if (!QueryNumber.TryRead(page, 1, 1_000_000, out var pageNumber))
        {
            return Problems.InvalidParameter("page must be a whole number from 1.");
        }

        if (!QueryNumber.TryRead(pageSize, 50, QueryNumber.MaxPageSize, out var size))
        {
            return Problems.InvalidParameter($"pageSize must be a whole number from 1 to {QueryNumber.MaxPageSize}.");
        }

        if (status is not null && !StatusPattern().IsMatch(status))
        {
            return Problems.InvalidParameter("status is not a case status.");
        }

        string? unitCode = null;
        if (unit is not null)
        {
            unitCode = units.Find(unit)?.Code;
            if (unitCode is null)
            {
                return Problems.BadRequest("Đơn vị không tồn tại / Unknown unit", $"No unit has the code '{Problems.Quote(unit)}'.");
            }
        }

        if (user.UnitScope() is { } scope)
        {
            if (unitCode is not null && unitCode != scope)
            {
                return Problems.Forbidden("Không có quyền / Forbidden", $"A unit officer sees only the cases of their own unit ({scope}).");
            }

            unitCode = scope;
        }

        var result = await catalog.ListCases(
            new CaseQuery(status, unitCode, pageNumber, size, categoryNumber, openedFrom, openedBefore, sort ?? CaseSort.Received,
                onlyOverdue is true ? ClockStates.Missed : slaState,
                assignee is null ? null : Usernames.Normalize(assignee), terms, NotOverdue: onlyOverdue is false),
            cancellationToken);
        return TypedResults.Ok(new ThreadList(result.Items, result.Page, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal user, ICaseCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        return await FindCase(id, user, catalog, grains, cancellationToken) is { } found ? TypedResults.Ok(found) : CaseNotFound(id);
    }

    /// <summary>
    /// The case as this caller may see it, or null: only catalogued cases are looked up (an arbitrary id
    /// never activates a grain), and a unit officer finds only cases involving their unit — the others
    /// answer exactly as a case that does not exist.
    /// </summary>
    internal static async Task<CaseSnapshot?> FindCase(string id, ClaimsPrincipal user, ICaseCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var found = id.Length <= 300 && await catalog.CaseExists(id, cancellationToken)
            ? await grains.GetGrain<ICommentThreadGrain>(id).GetCase()
            : null;
        return found is not null && user.UnitScope() is { } scope && !Involves(found, scope) ? null : found;
    }

    private static bool Involves(CaseSnapshot found, string unit) =>
        CaseReaders.Units(found.Units, found.Clocks.Select(c => c.Unit)).Contains(unit, StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a clock's deadline is what it is: the days counted and skipped, in Vietnamese.</summary>
    private static async Task<Results<Ok<DeadlineResponse>, ProblemHttpResult>> ExplainClock(
        string id, string clockId, ClaimsPrincipal user, ICaseCatalog catalog, IGrainFactory grains, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var found = await FindCase(id, user, catalog, grains, cancellationToken);
        var clock = found?.Clocks.FirstOrDefault(c => c.Id == clockId);
        if (clock is null)
        {
            return Problems.NotFound("Không tìm thấy đồng hồ / Clock not found", $"Case '{Problems.Quote(id)}' has no clock '{Problems.Quote(clockId)}'.");
        }

        return TypedResults.Ok(DeadlineResponse.Of(calendar, clock));
    }

    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Assign(
        string id, HttpContext context, ICaseCatalog catalog, UnitDirectory units, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await CommandBody.Read(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (assignment, problem) = ReadAssignment(body, units);
        if (problem is not null)
        {
            return problem;
        }

        // The same rule as the grain's, answered before the case is looked up: the request itself is wrong (400).
        if (CaseComplexity.Check(assignment!.Units.Count, assignment.Complexity) is { } refusal)
        {
            return Problems.InvalidParameter(refusal.ToString());
        }

        if (!await catalog.CaseExists(id, cancellationToken))
        {
            return CaseNotFound(id);
        }

        return Outcome(id, await grains.GetGrain<ICommentThreadGrain>(id).Assign(assignment, context.Actor()));
    }

    /// <summary>The units (known codes, each once) and the complexity of an assign or reassign body.</summary>
    internal static (Assignment? Assignment, ProblemHttpResult? Problem) ReadAssignment(CommandBody body, UnitDirectory units)
    {
        if (!body.Root.TryGetProperty("units", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > 50
            || list.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String))
        {
            return (null, Problems.InvalidParameter("units must be a non-empty array of unit codes."));
        }

        var codes = new List<string>();
        foreach (var code in list.EnumerateArray().Select(u => u.GetString()!))
        {
            if (units.Find(code) is not { } unit)
            {
                return (null, Problems.BadRequest("Đơn vị không tồn tại / Unknown unit", $"No unit has the code '{Problems.Quote(code)}'."));
            }

            codes.Add(unit.Code);
        }

        var complexity = body.Text("complexity");
        if (complexity is not (CaseComplexity.Own or CaseComplexity.Complex))
        {
            return (null, Problems.InvalidParameter("complexity must be 'own' or 'complex'."));
        }

        return (new Assignment([.. codes.Distinct()], complexity), null);
    }

    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> Coordinate(
        string id, HttpContext context, ICaseCatalog catalog, UnitDirectory units, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await CommandBody.Read(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var from = units.Find(body.Text("fromUnit") ?? string.Empty);
        var to = units.Find(body.Text("toUnit") ?? string.Empty);
        var question = body.Text("question")?.Trim();
        if (from is null || to is null)
        {
            return Problems.BadRequest("Đơn vị không tồn tại / Unknown unit", "fromUnit and toUnit must be unit codes.");
        }

        if (string.IsNullOrEmpty(question) || question.Length > 4000)
        {
            return Problems.InvalidParameter("question must be a text of 1 to 4,000 characters.");
        }

        if (await FindCase(id, context.User, catalog, grains, cancellationToken) is null)
        {
            return CaseNotFound(id);
        }

        if (context.User.UnitScope() is { } scope && from.Code != scope)
        {
            return Problems.Forbidden("Không có quyền / Forbidden", $"A unit officer asks for coordination on behalf of their own unit ({scope}) only.");
        }

        return Outcome(id, await grains.GetGrain<ICommentThreadGrain>(id).RequestCoordination(new CoordinationRequest(from.Code, to.Code, question), context.Actor()));
    }

    /// <summary>
    /// Gives the case to one officer: <c>{"username": "..."}</c> (the account's unit, from the account, must be one the case is
    /// assigned to) or <c>{"username": null}</c> to give it back to the unit. The grain decides who may.
    /// </summary>
    private static async Task<Results<Ok<CaseSnapshot>, ProblemHttpResult>> SetAssignee(
        string id, HttpContext context, ICaseCatalog catalog, IAccountDirectory accounts, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await CommandBody.Read(context.Request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!body.Root.TryGetProperty("username", out var name) || name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return Problems.InvalidParameter("username is the officer's username, or null to give the case back to the unit.");
        }

        OfficerAssignment assignment = new(null, null);
        if (name.GetString() is { } username)
        {
            var account = username.Length is > 0 and <= 100 ? await accounts.Find(username, cancellationToken) : null;
            if (account is null || account.Disabled || account.Unit is null || !account.Roles.Any(Roles.OfUnit.Contains))
            {
                return Problems.BadRequest("Không có cán bộ này / Unknown officer", $"'{Problems.Quote(username)}' is not an enabled officer of a unit.");
            }

            assignment = new(account.Username, account.Unit);
        }

        if (await FindCase(id, context.User, catalog, grains, cancellationToken) is null)
        {
            return CaseNotFound(id);
        }

        return Outcome(id, await grains.GetGrain<ICommentThreadGrain>(id).SetAssignee(assignment, context.Actor()));
    }

    internal static Results<Ok<CaseSnapshot>, ProblemHttpResult> Outcome(string id, CaseCommandResult result)
    {
        if (result.Case is not null)
        {
            return TypedResults.Ok(result.Case);
        }

        var refusal = result.Refusal!;
        if (refusal.Code == CaseCommandResult.NoSuchCase)
        {
            return CaseNotFound(id);
        }

        return Problems.Refused(refusal, "Thao tác không hợp lệ với trạng thái vụ việc / Invalid for the case's state");
    }

    internal static ProblemHttpResult CaseNotFound(string id) =>
        Problems.NotFound("Không tìm thấy vụ việc / Case not found", $"No case has the id '{Problems.Quote(id)}'.");


    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex StatusPattern();
}
