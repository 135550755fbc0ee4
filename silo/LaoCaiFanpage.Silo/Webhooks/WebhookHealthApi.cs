using LaoCaiFanpage.Contracts.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>The webhook's health for administrators: the last delivery, the silence since, the page's subscription.</summary>
public static class WebhookHealthApi
{
    public static IEndpointRouteBuilder MapWebhookHealthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks/health").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Administer);
        group.MapGet("/", async (WebhookHealth health, CancellationToken cancellationToken) => TypedResults.Ok(await health.Current(cancellationToken))).WithSummary("The webhook's health: last delivery, signature failures, Meta's retries");

        // Checks the subscription with Meta now (after fixing it in the app's settings), and answers the health.
        group.MapPost("/subscription", async Task<Ok<WebhookHealthView>> (WebhookHealth health, CancellationToken cancellationToken) =>
        {
            await health.CheckSubscription(cancellationToken);
            return TypedResults.Ok(await health.Current(cancellationToken));
        }).DisableAntiforgery().WithSummary("Checks the page's webhook subscription with Meta now, and answers the health");
        return routes;
    }
}
