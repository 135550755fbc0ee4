using LaoCaiFanpage.Contracts.Units;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Hosting;
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
        DateTimeOffset? OldestOverdueDeadline,
        int QueueTotal,
        IReadOnlyList<UnitQueueItem> Queue);

    private static async Task<Results<Ok<UnitView[]>, ProblemHttpResult>> List(string? queue, UnitDirectory units, IGrainFactory grains)
    {
        if (!QueryNumber.TryRead(queue, BoardQueue, MaxQueue, out var limit))
        {
            return QueueInvalid();
        }

        return TypedResults.Ok(await Task.WhenAll(units.All.Select(u => View(u, grains, limit))));
    }

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> Get(string code, string? queue, UnitDirectory units, IGrainFactory grains)
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

        return TypedResults.Ok(await View(unit, grains, limit));
    }

    private static ProblemHttpResult QueueInvalid() =>
        Problems.InvalidParameter($"queue must be a whole number from 1 to {MaxQueue}.");

    private static async Task<UnitView> View(UnitInfo unit, IGrainFactory grains, int queueLimit)
    {
        var sla = await grains.GetGrain<IUnitGrain>(unit.Code).GetSla(queueLimit);
        return new UnitView(unit.Code, unit.Name, unit.Kind, unit.Level, sla.OpenCases,
            sla.Open, sla.DueSoon, sla.Overdue, sla.AnsweredOnTimeToday, sla.AnsweredLateToday, sla.OnTimeRateToday, sla.OnTimeRate30Days,
            sla.OldestOverdueDeadline, sla.QueueTotal, sla.Queue);
    }
}
