using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>What became of Meta's deliveries: one receipt, and the inbox's backlog for operators.</summary>
public static class WebhookInboxApi
{
    public static IEndpointRouteBuilder MapWebhookInboxApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks/inbox").WithTags("Webhooks");
        group.MapGet("/", Backlog).WithSummary("The webhook inbox's backlog: waiting, failing, the oldest waiting").RequireAuthorization(AccessPolicies.Administer);
        // A receipt holds counts only, never a citizen's words: whoever reads cases may follow one.
        group.MapGet("/{receipt}", Receipt).WithSummary("What became of one delivery (pending or processed)").RequireAuthorization(AccessPolicies.ReadCases);
        return routes;
    }

    /// <summary>The whole inbox, and what this silo holds in hand.</summary>
    public sealed record BacklogView(long Pending, long Failing, DateTimeOffset? OldestPendingReceivedAt, long ProcessedLastHour, int HeldByThisSilo, int Limit);

    private static async Task<Ok<BacklogView>> Backlog(WebhookInbox inbox, InboxDrain drain, IOptions<WebhookInboxOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var backlog = await inbox.Backlog(time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new BacklogView(backlog.Pending, backlog.Failing, backlog.OldestPendingReceivedAt, backlog.ProcessedLastHour, drain.Pending, options.Value.InboxLimit));
    }

    private static async Task<Results<Ok<InboxReceipt>, ProblemHttpResult>> Receipt(string receipt, WebhookInbox inbox, CancellationToken cancellationToken)
    {
        if (!long.TryParse(receipt, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return Problems.InvalidParameter($"The receipt must be a positive whole number, not '{Problems.Quote(receipt)}'.");
        }

        return await inbox.Find(number, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : Problems.NotFound("Không có biên nhận này / No such receipt", $"No delivery has receipt {number} (processed deliveries are kept for Webhooks:InboxRetentionDays).");
    }
}
