using System.Collections.Concurrent;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>A host whose page subscription lacks <c>messages</c>, and whose silence alert comes after three seconds.</summary>
public sealed class WebhookHealthFixture : IAsyncLifetime
{
    public FakeGraphServer Graph { get; } = new() { SubscribedFields = new(["feed"]) };

    public HostFixture Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Graph.Start();
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Facebook__GraphBaseUrl"] = Graph.BaseAddress.ToString(),
            ["Facebook__PageAccessToken"] = FakeGraphServer.Token,
            ["Facebook__SilenceAlertMinutes"] = "0.05",
            ["Facebook__SilenceInOfficeHoursOnly"] = "false",
            ["Facebook__WatchSeconds"] = "1",
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
    }
}

/// <summary>A webhook that stops arriving, or a subscription that lost a field, raises an operator alert that clears itself.</summary>
public sealed class WebhookHealthTests(WebhookHealthFixture fixture) : IClassFixture<WebhookHealthFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Silence_and_a_missing_subscription_field_alert_the_operators_and_clear_when_put_right()
    {
        var alerts = new ConcurrentQueue<JsonElement>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Host.Host.BaseAddress, "hubs/cases"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.Host.AdminToken))
            .Build();
        hub.On<JsonElement>("alert", a => alerts.Enqueue(a));
        await hub.StartAsync();
        try
        {
            async Task<JsonElement> Alert(string kind, bool active)
            {
                var until = DateTime.UtcNow.AddSeconds(20);
                while (DateTime.UtcNow < until)
                {
                    if (alerts.LastOrDefault(a => a.GetProperty("kind").GetString() == kind) is { ValueKind: JsonValueKind.Object } last && last.GetProperty("active").GetBoolean() == active)
                    {
                        return last;
                    }

                    await Task.Delay(100);
                }

                Assert.Fail($"no {(active ? "active" : "cleared")} {kind} alert: {string.Join("; ", alerts.Select(a => a.ToString()))}");
                return default;
            }

            // The subscription has feed but not messages: Messenger would never reach the service.
            var missing = await Alert("webhook-subscription", active: true);
            Assert.Contains("messages", missing.GetProperty("message").GetString(), StringComparison.Ordinal);
            var health = await Client.GetJson("api/webhooks/health");
            Assert.False(health.GetProperty("subscription").GetProperty("subscribed").GetBoolean());
            Assert.Equal(["feed"], health.GetProperty("subscription").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));

            // Nothing has arrived for longer than the silence allows.
            var silence = await Alert("webhook-silence", active: true);
            Assert.Contains("Không nhận được dữ liệu webhook", silence.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.True((await Client.GetJson("api/webhooks/health")).GetProperty("silent").GetBoolean());

            // The wall's status line says so, in Vietnamese, on a screen opened after the alerts were raised.
            using (var wall = new Browser())
            {
                wall.Driver.Navigate().GoToUrl((await fixture.Host.Host.CreateKiosk()).Url);
                await wall.WaitUntil("!document.getElementById('webhook-status').hidden && window.wallWebhook.size === 2", TimeSpan.FromSeconds(20));
                Assert.Contains("webhook", (string)wall.Script("return document.getElementById('webhook-status').textContent")!, StringComparison.Ordinal);
            }

            // Administrators' case list says when the last delivery came and what the subscription has.
            using (var admin = new Browser())
            {
                await admin.SignIn(new Uri(fixture.Host.Host.BaseAddress, "cases"), "admin", SiloProcess.AdminPassword);
                await admin.WaitUntil("!document.getElementById('webhook-health').hidden", TimeSpan.FromSeconds(20));
                Assert.Contains("THIẾU feed hoặc messages", (string)admin.Script("return document.getElementById('webhook-health').textContent")!, StringComparison.Ordinal);
            }

            // A delivery arrives: the silence alert clears. The app is subscribed again and checked: that one clears too.
            await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Webhook đã về")));
            await Alert("webhook-silence", active: false);
            fixture.Graph.SubscribedFields = new(["feed", "messages"]);
            var rechecked = await Editorial.Post(Client, "api/webhooks/health/subscription", new { });
            Assert.True(rechecked.GetProperty("subscription").GetProperty("subscribed").GetBoolean());
            Assert.NotNull(rechecked.GetProperty("lastDeliveryAt").GetString());
            await Alert("webhook-subscription", active: false);
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }
}
