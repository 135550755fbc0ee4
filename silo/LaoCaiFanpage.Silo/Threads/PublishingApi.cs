using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Silo.Http;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Threads;

/// <summary>The page's outbox for operators: what waits, whether publishing is halted, and resuming it after a token change.</summary>
public static class PublishingApi
{
    public static IEndpointRouteBuilder MapPublishingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/publishing").WithTags("Publishing");
        group.MapGet("/", Status).WithSummary("The page's outbox: what waits, whether publishing is halted").RequireAuthorization(AccessPolicies.RouteCases);
        group.MapPost("/resume", Resume).WithSummary("Resumes publishing after a halt (a new page token)").RequireAuthorization(AccessPolicies.Administer).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> Status(IGrainFactory grains, IOptions<FanpageOptions> page) =>
        TypedResults.Ok(await grains.GetGrain<IPagePublisherGrain>(page.Value.PageId).GetStatus());

    private static async Task<IResult> Resume(HttpContext context, IGrainFactory grains, IOptions<FanpageOptions> page, AuditLog audit, TimeProvider time)
    {
        var actor = context.Actor();
        var before = await grains.GetGrain<IPagePublisherGrain>(page.Value.PageId).GetStatus();
        var after = await grains.GetGrain<IPagePublisherGrain>(page.Value.PageId).Resume(actor);
        await audit.Append(new AuditRecord(time.GetUtcNow(), actor.Name, actor.Ip, actor.UserAgent, "publishing.resumed",
            "page/" + page.Value.PageId, JsonSerializer.Serialize(new { wasHalted = before.Halted, reason = before.HaltReason })), context.RequestAborted);
        return TypedResults.Ok(after);
    }
}
