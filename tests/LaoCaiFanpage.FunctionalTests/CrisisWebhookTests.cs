using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The Office's messaging channel as a local receiver: it refuses the first delivery, then checks every signature.</summary>
public sealed class CrisisReceiver : IAsyncLifetime
{
    public const string Secret = "office-channel-secret-0123456789";

    private readonly WebhookReceiver _receiver = new("/hooks/crisis", refuse: 1);

    /// <summary>Every delivery: event header, signature header, raw body, whether it was accepted.</summary>
    public ConcurrentQueue<(string? Event, string? Signature, byte[] Body, bool Accepted, DateTimeOffset At)> Deliveries => _receiver.Deliveries;

    public HostFixture Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _receiver.Start();
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Crisis__Webhook__Url"] = _receiver.Url.ToString(),
            ["Crisis__Webhook__Secret"] = Secret,
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}

public sealed class CrisisWebhookTests(CrisisReceiver receiver) : IClassFixture<CrisisReceiver>
{
    [Fact]
    public async Task Crisis_events_reach_the_offices_channel_signed_and_retried_until_accepted()
    {
        var (_, officer) = await receiver.Host.NewUser("CrisisOfficer");
        var opened = await Post(officer, "api/crises/signals", new { title = "Sự cố mất điện diện rộng", severity = 2 }, HttpStatusCode.Created);
        var id = opened.GetProperty("id").GetString()!;
        await Post(officer, $"api/crises/{id}/acknowledge", new { note = "Đã nắm" });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && receiver.Deliveries.Count(d => d.Accepted) < 2)
        {
            await Task.Delay(100);
        }

        var deliveries = receiver.Deliveries.ToList();
        Assert.True(deliveries.Count(d => d.Accepted) >= 2, $"{deliveries.Count} deliveries, {deliveries.Count(d => d.Accepted)} accepted");

        // The first was refused and sent again.
        var refused = deliveries[0];
        Assert.False(refused.Accepted);
        var retried = deliveries.First(d => d.Accepted && d.Event == refused.Event);
        Assert.Equal(refused.Body.Length > 0, retried.Body.Length > 0);
        Assert.True(retried.At - refused.At < TimeSpan.FromSeconds(20), $"retried after {retried.At - refused.At}");

        foreach (var delivery in deliveries)
        {
            var expected = HmacSignature.Compute(CrisisReceiver.Secret, delivery.Body);
            Assert.Equal(expected, delivery.Signature);
            using var body = JsonDocument.Parse(delivery.Body);
            Assert.Equal(delivery.Event, body.RootElement.GetProperty("event").GetString());
            Assert.Equal(id, body.RootElement.GetProperty("crisis").GetProperty("id").GetString());
        }

        Assert.Contains(deliveries, d => d.Accepted && d.Event == "crisis.opened");
        Assert.Contains(deliveries, d => d.Accepted && d.Event == "crisis.acknowledged");
        var text = Encoding.UTF8.GetString(deliveries.Last(d => d.Accepted).Body);
        Assert.Contains("Sự cố mất điện diện rộng", text, StringComparison.Ordinal);
    }
}
