using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// Takes a verified, parsed delivery into the durable inbox and hands it to this silo's drain. Concurrent
/// deliveries share one commit (and one fsync), so the answer Meta waits for costs a share of a disk write,
/// not the cases' own work.
/// </summary>
public sealed class WebhookIntake(WebhookInbox inbox, InboxDrain drain, IOptions<WebhookInboxOptions> options)
{
    private const int MaxBatch = 512;

    private GroupCommit<WebhookInbox.NewDelivery>? _commits;

    /// <summary>Whether this silo already holds as many unprocessed deliveries as it may.</summary>
    public bool IsFull => drain.Pending >= options.Value.InboxLimit;

    /// <summary>Commits the delivery to the inbox and returns its receipt.</summary>
    public async Task<long> Accept(byte[] body, ParsedDelivery parsed, DateTimeOffset receivedAt, string? remoteIp)
    {
        var commits = LazyInitializer.EnsureInitialized(ref _commits, () => new GroupCommit<WebhookInbox.NewDelivery>(inbox.Append, MaxBatch));
        var delivery = new WebhookInbox.NewDelivery(receivedAt, drain.Owner, remoteIp, body, parsed.Events.Count, parsed.Ignored.Count, parsed.Quarantined);
        // Not cancelled with the request: once handed in, the row is committed and drained whether or not Meta still listens.
        await commits.Add(delivery, CancellationToken.None);
        drain.Enqueue(new InboxDelivery(delivery.Receipt, receivedAt, body, 0), parsed);
        return delivery.Receipt;
    }
}
