using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// The parts of Meta's deliveries the parser could not apply, for administrators: listed with where and why, and tried
/// again with the parser of the running version (after an upgrade that understands them). Applying twice is harmless:
/// every change is keyed by its exact bytes, so what was applied before counts as a duplicate.
/// </summary>
public static partial class WebhookQuarantineApi
{
    public static IEndpointRouteBuilder MapWebhookQuarantineApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks/quarantine").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Administer);
        group.MapGet("/", List).WithSummary("Deliveries with parts that could not be applied, and why");
        group.MapPost("/{receipt}/retry", Retry).WithSummary("Applies a quarantined delivery again").DisableAntiforgery();
        return routes;
    }

    public sealed record QuarantineList(IReadOnlyList<QuarantinedDelivery> Items, long Total, int Page, int PageSize);

    /// <summary>What a retry did: the changes now applied, those already applied before, and the parts still left out.</summary>
    public sealed record RetryOutcome(long Receipt, int Applied, int Duplicates, IReadOnlyList<QuarantinedPart> Remaining);

    private static async Task<Results<Ok<QuarantineList>, ProblemHttpResult>> List(string? page, string? pageSize, WebhookInbox inbox, CancellationToken cancellationToken)
    {
        if (!QueryNumber.TryRead(page, 1, 1_000_000, out var number) || !QueryNumber.TryRead(pageSize, 50, QueryNumber.MaxPageSize, out var size))
        {
            return Problems.InvalidParameter($"page is a whole number from 1 and pageSize from 1 to {QueryNumber.MaxPageSize}.");
        }

        var (items, total) = await inbox.Quarantined(number, size, cancellationToken);
        return TypedResults.Ok(new QuarantineList(items, total, number, size));
    }

    private static async Task<Results<Ok<RetryOutcome>, ProblemHttpResult>> Retry(
        string receipt, HttpContext context, WebhookInbox inbox, WebhookRouter router, IOptions<FanpageOptions> fanpage, TimeProvider time, ILoggerFactory loggers)
    {
        if (!long.TryParse(receipt, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return Problems.InvalidParameter($"The receipt must be a positive whole number, not '{Problems.Quote(receipt)}'.");
        }

        if (await inbox.FindQuarantined(number, context.RequestAborted) is not { } delivery)
        {
            return Problems.NotFound("Không có giao dịch đang cách ly này / No such quarantined delivery", $"Delivery {number} has no parts in quarantine.");
        }

        // The stored bytes were JSON when they were acknowledged; the parser reads them exactly as on arrival.
        var parsed = MetaWebhookParser.Parse(delivery.Body, fanpage.Value.PageId, delivery.ReceivedAt);
        var outcome = await router.Deliver(parsed.Events, CancellationToken.None);
        await inbox.Retried(number, parsed.Quarantined, time.GetUtcNow());
        var logger = loggers.CreateLogger(typeof(WebhookQuarantineApi));
        LogRetried(logger, number, context.User.Identity?.Name, outcome.Applied, parsed.Quarantined.Count);
        return TypedResults.Ok(new RetryOutcome(number, outcome.Applied, outcome.Duplicates, parsed.Quarantined));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quarantined delivery {Receipt} retried by {User}: {Applied} changes applied, {Remaining} parts still in quarantine")]
    private static partial void LogRetried(ILogger logger, long receipt, string? user, int applied, int remaining);
}
