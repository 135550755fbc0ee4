using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Silo.Webhooks;

public sealed record DeliveryOutcome(int Changes, int Applied, int Duplicates, int Threads);

/// <summary>
/// Sends each change of a delivery to its thread grain: one call per thread carrying that thread's
/// changes in time order, all threads in parallel. Returns when every thread has stored its changes.
/// </summary>
public sealed class WebhookRouter(IGrainFactory grains, ICaseCatalog catalog)
{
    public async Task<DeliveryOutcome> Deliver(IReadOnlyList<RoutedEvent> events, CancellationToken cancellationToken)
    {
        // A reply joins the case of the comment it answers; that comment may be earlier in this very
        // batch, or already stored (possibly as a reply itself), or not yet known (then it is the case).
        var threadOfMessage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var routed in events.Where(e => e.ReplyTo is null))
        {
            threadOfMessage.TryAdd(routed.Event.MessageId, routed.ThreadId);
        }

        var byThread = new Dictionary<string, List<ThreadEvent>>(StringComparer.Ordinal);
        foreach (var routed in events)
        {
            var threadId = routed.ThreadId;
            if (routed.ReplyTo is { } parent)
            {
                threadId = threadOfMessage.GetValueOrDefault(parent)
                    ?? await catalog.FindCaseOfMessage(parent, cancellationToken)
                    ?? parent;
                threadOfMessage.TryAdd(routed.Event.MessageId, threadId);
            }

            if (!byThread.TryGetValue(threadId, out var list))
            {
                list = [];
                byThread.Add(threadId, list);
            }

            list.Add(routed.Event);
        }

        var calls = byThread.Select(pair =>
            grains.GetGrain<ICommentThreadGrain>(pair.Key)
                .Ingest([.. pair.Value.OrderBy(e => e.OccurredAt)]));
        var results = await Task.WhenAll(calls);
        return new DeliveryOutcome(events.Count, results.Sum(r => r.Applied), results.Sum(r => r.Duplicates), byThread.Count);
    }
}
