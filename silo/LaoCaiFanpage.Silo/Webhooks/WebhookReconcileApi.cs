using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>Reading the page back through the Graph API now, and what the last run did (administrators).</summary>
public static class WebhookReconcileApi
{
    public static IEndpointRouteBuilder MapWebhookReconcileApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks/reconcile").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Administer);
        group.MapPost("/", Run).WithSummary("Reads the page back from the Graph API and adds what the webhook missed").DisableAntiforgery();
        group.MapGet("/", Last).WithSummary("The last reconciliation with the page");
        return routes;
    }

    private static async Task<Results<Ok<ReconcileOutcome>, ProblemHttpResult>> Run(WebhookReconciler reconciler, IOptionsMonitor<GraphApiOptions> graph, CancellationToken cancellationToken)
    {
        if (graph.CurrentValue.PageAccessToken is not { Length: > 0 })
        {
            return Problems.Refused(new Refusal("not-configured", "Facebook:PageAccessToken is not configured, so the page cannot be read back."), "Chưa cấu hình mã truy cập Trang / No page token");
        }

        return TypedResults.Ok(await reconciler.Run(cancellationToken));
    }

    private static async Task<Ok<ReconcileStore.State>> Last(ReconcileStore store, IOptions<FanpageOptions> fanpage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.Read(fanpage.Value.PageId, cancellationToken));
}
