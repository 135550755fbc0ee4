using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Dashboard;
using LaoCaiFanpage.Silo.Accounts;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Threads;

/// <summary>The page's outbox for operators: what waits, whether publishing is halted, and resuming it after a token change.</summary>
public static class PublishingApi
{
    public static IEndpointRouteBuilder MapPublishingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/publishing").WithTags("Publishing");
        group.MapGet("/", Status).RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/resume", Resume).RequireAuthorization(AccessPolicies.Administer).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> Status(IGrainFactory grains, IOptions<DashboardOptions> page) =>
        TypedResults.Ok(await grains.GetGrain<IPagePublisherGrain>(page.Value.PageId).GetStatus());

    private static async Task<IResult> Resume(HttpContext context, IGrainFactory grains, IOptions<DashboardOptions> page, LaoCaiFanpage.Silo.Audit.AuditLog audit, TimeProvider time)
    {
        var actor = context.Actor();
        var before = await grains.GetGrain<IPagePublisherGrain>(page.Value.PageId).GetStatus();
        var after = await grains.GetGrain<IPagePublisherGrain>(page.Value.PageId).Resume(actor);
        await audit.Append(new LaoCaiFanpage.Silo.Audit.AuditRecord(time.GetUtcNow(), actor.Name, actor.Ip, actor.UserAgent, "publishing.resumed",
            "page/" + page.Value.PageId, System.Text.Json.JsonSerializer.Serialize(new { wasHalted = before.Halted, reason = before.HaltReason })), context.RequestAborted);
        return TypedResults.Ok(after);
    }
}
