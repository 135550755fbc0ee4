using LaoCaiFanpage.Contracts.Units;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Units;

/// <summary>The province's units with their queues and SLA figures (R9, R13).</summary>
public static class UnitsApi
{
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder routes)
    {
        // The SLA board is open to every signed-in role: it names cases by id only, never a citizen's words (R13).
        var group = routes.MapGroup("/api/units").WithTags("Units").RequireAuthorization(LaoCaiFanpage.Contracts.Accounts.AccessPolicies.SignedIn);
        group.MapGet("/", List);
        group.MapGet("/{code}", Get);
        return routes;
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
        IReadOnlyList<UnitQueueItem> Queue);

    private static async Task<Ok<UnitView[]>> List(UnitDirectory units, IGrainFactory grains) =>
        TypedResults.Ok(await Task.WhenAll(units.All.Select(u => View(u, grains))));

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> Get(string code, UnitDirectory units, IGrainFactory grains)
    {
        var unit = units.Find(code);
        if (unit is null)
        {
            return Problems.NotFound("Đơn vị không tồn tại / Unknown unit", $"No unit has the code '{Problems.Quote(code)}'.");
        }

        return TypedResults.Ok(await View(unit, grains));
    }

    private static async Task<UnitView> View(UnitInfo unit, IGrainFactory grains)
    {
        var sla = await grains.GetGrain<IUnitGrain>(unit.Code).GetSla();
        return new UnitView(unit.Code, unit.Name, unit.Kind, unit.Level,
            sla.Queue.Select(q => q.CaseId).Distinct().Count(),
            sla.Open, sla.DueSoon, sla.Overdue, sla.AnsweredOnTimeToday, sla.AnsweredLateToday, sla.OnTimeRateToday, sla.OnTimeRate30Days, sla.Queue);
    }
}
