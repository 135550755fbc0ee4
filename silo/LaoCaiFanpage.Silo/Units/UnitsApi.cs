using System.Security.Claims;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Contracts.Units;
using LaoCaiFanpage.Dashboard;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Units;

/// <summary>The province's units with their queues and SLA figures (R9, R13).</summary>
public static class UnitsApi
{
    /// <summary>Open clocks listed per unit unless <c>?queue=</c> says otherwise: the board needs only the first few, a unit's screen a page of them.</summary>
    public const int BoardQueue = 5;

    public const int UnitQueue = 200;

    public const int MaxQueue = 1000;

    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder routes)
    {
        // The SLA board is open to every signed-in role: it names cases by id only, never a citizen's words (R13).
        var group = routes.MapGroup("/api/units").WithTags("Units").RequireAuthorization(AccessPolicies.SignedIn);
        group.MapGet("/", List).WithSummary("The province's units with their open cases and on-time figures");
        group.MapGet("/{code}", Get).WithSummary("One unit's queue and on-time figures");
        group.MapGet("/{code}/officers", Officers).WithSummary("A unit's officers with their open, overdue and answered cases").RequireAuthorization(AccessPolicies.ReadOfficers);
        return routes;
    }

    /// <summary>
    /// One person's work in a unit (R13 commendation, R14 lateness): the cases they have open and overdue, and the unit's
    /// answers and coordination replies they gave on time and late, today and over 30 days.
    /// </summary>
    public sealed record OfficerView(
        string Username,
        string? DisplayName,
        string? Role,
        int OpenCases,
        int OverdueCases,
        int AnsweredOnTimeToday,
        int AnsweredLateToday,
        int AnsweredOnTime30Days,
        int AnsweredLate30Days,
        double? OnTimeRate30Days);

    public sealed record OfficerList(string Unit, string UnitName, IReadOnlyList<OfficerView> Officers);

    private static async Task<Results<Ok<OfficerList>, ProblemHttpResult>> Officers(
        string code, ClaimsPrincipal user, UnitDirectory units, IAccountDirectory accounts, ICaseCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var unit = units.Find(code);
        if (unit is null)
        {
            return Problems.NotFound("Đơn vị không tồn tại / Unknown unit", $"No unit has the code '{Problems.Quote(code)}'.");
        }

        if (user.UnitScope() is { } scope && !string.Equals(scope, unit.Code, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Forbidden("Không có quyền / Forbidden", $"A unit's head sees the officers of their own unit ({scope}) only.");
        }

        var now = time.GetUtcNow();
        var today = VietnamTime.StartOf(VietnamTime.DateOf(now));
        var figures = (await catalog.OfficerFigures(unit.Code, today, today.AddDays(-29), cancellationToken)).ToDictionary(f => f.Username, StringComparer.Ordinal);
        var people = (await accounts.List(cancellationToken)).ToDictionary(a => a.Username, StringComparer.Ordinal);
        var members = people.Values.Where(a => !a.Disabled && string.Equals(a.Unit, unit.Code, StringComparison.OrdinalIgnoreCase) && a.Roles.Any(Roles.OfUnit.Contains))
            .Select(a => a.Username);
        var officers = members.Union(figures.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name =>
        {
            people.TryGetValue(name, out var account);
            var f = figures.GetValueOrDefault(name) ?? new OfficerRecord(name, 0, 0, 0, 0, 0, 0);
            var role = account is null ? null : account.Roles.Contains(Roles.UnitHead) ? Roles.UnitHead : account.Roles.Contains(Roles.UnitOfficer) ? Roles.UnitOfficer : (account.Roles.Count > 0 ? account.Roles[0] : null);
            return new OfficerView(name, account?.DisplayName, role, f.OpenCases, f.OverdueCases, f.OnTimeToday, f.LateToday, f.OnTime, f.Late,
                f.OnTime + f.Late == 0 ? null : Math.Round((double)f.OnTime / (f.OnTime + f.Late), 3));
        });
        return TypedResults.Ok(new OfficerList(unit.Code, unit.Name, [.. officers]));
    }

    public sealed record UnitView(
        string Code,
        string Name,
        string Kind,
        string Level,
        int OpenCases,
        int Open,
        int DueSoon,
        int Overdue,
        int AnsweredOnTimeToday,
        int AnsweredLateToday,
        double? OnTimeRateToday,
        double? OnTimeRate30Days,
        DateTimeOffset? OldestOverdueDeadline,
        int QueueTotal,
        IReadOnlyList<UnitQueueItem> Queue);

    private static async Task<Results<Ok<UnitView[]>, ProblemHttpResult>> List(string? queue, HttpContext context, UnitDirectory units, IGrainFactory grains, ScreenPrivacy privacy)
    {
        if (!QueryNumber.TryRead(queue, BoardQueue, MaxQueue, out var limit))
        {
            return QueueInvalid();
        }

        return TypedResults.Ok(await Task.WhenAll(units.All.Select(u => View(u, grains, limit, ScreenOnly(context) ? privacy : null))));
    }

    /// <summary>A caller that reads no case (a wall screen) sees case ids as screens may show them.</summary>
    private static bool ScreenOnly(HttpContext context) =>
        !AccessPolicies.RolesByPolicy[AccessPolicies.ReadCases].Any(context.User.IsInRole);

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> Get(string code, string? queue, HttpContext context, UnitDirectory units, IGrainFactory grains, ScreenPrivacy privacy)
    {
        if (!QueryNumber.TryRead(queue, UnitQueue, MaxQueue, out var limit))
        {
            return QueueInvalid();
        }

        var unit = units.Find(code);
        if (unit is null)
        {
            return Problems.NotFound("Đơn vị không tồn tại / Unknown unit", $"No unit has the code '{Problems.Quote(code)}'.");
        }

        return TypedResults.Ok(await View(unit, grains, limit, ScreenOnly(context) ? privacy : null));
    }

    private static ProblemHttpResult QueueInvalid() =>
        Problems.InvalidParameter($"queue must be a whole number from 1 to {MaxQueue}.");

    private static async Task<UnitView> View(UnitInfo unit, IGrainFactory grains, int queueLimit, ScreenPrivacy? privacy)
    {
        var sla = await grains.GetGrain<IUnitGrain>(unit.Code).GetSla(queueLimit);
        return new UnitView(unit.Code, unit.Name, unit.Kind, unit.Level, sla.OpenCases,
            sla.Open, sla.DueSoon, sla.Overdue, sla.AnsweredOnTimeToday, sla.AnsweredLateToday, sla.OnTimeRateToday, sla.OnTimeRate30Days,
            sla.OldestOverdueDeadline, sla.QueueTotal, privacy is null ? sla.Queue : [.. sla.Queue.Select(q => q with { CaseId = privacy.CaseId(q.CaseId) })]);
    }
}
