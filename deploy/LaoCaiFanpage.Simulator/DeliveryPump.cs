using System.Net.Http.Headers;

namespace LaoCaiFanpage.Simulator;

/// <summary>Sends simulated deliveries to a webhook URL as their times come (or as fast as allowed).</summary>
public sealed class DeliveryPump(HttpClient client, Uri webhook, TimeProvider time)
{
    public long Sent { get; private set; }

    public long Accepted { get; private set; }

    /// <summary>
    /// Sends deliveries whose times lie within <paramref name="duration"/> of the first, waiting for
    /// each one's time (a <paramref name="speedUp"/> above 1 compresses the schedule).
    /// </summary>
    public async Task Run(IEnumerable<SimulatedDelivery> deliveries, TimeSpan duration, double speedUp, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        DateTimeOffset? first = null;
        foreach (var delivery in deliveries)
        {
            first ??= delivery.At;
            var offset = delivery.At - first.Value;
            if (offset > duration)
            {
                return;
            }

            var wait = started + offset / speedUp - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            await Send(delivery, cancellationToken);
        }
    }

    public async Task<bool> Send(SimulatedDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", delivery.Signature);
        Sent++;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Accepted++;
                return true;
            }
        }
        catch (HttpRequestException)
        {
            // The service is restarting: Meta would retry later; so will the next delivery.
        }

        return false;
    }
}
