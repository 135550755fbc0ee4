using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>A host with a Prometheus scrape token configured.</summary>
public sealed class OperationsHost : IAsyncLifetime
{
    public static readonly string ScrapeToken = "scrape-" + Guid.NewGuid().ToString("N");

    /// <summary>The app secret after a rotation; the tests' usual secret stays accepted as the previous one.</summary>
    public static readonly string NewAppSecret = "rotated-" + Guid.NewGuid().ToString("N");

    public HostFixture Host { get; private set; } = null!;

    /// <summary>Stands in for an OpenTelemetry collector (OTLP over HTTP): keeps every export it receives.</summary>
    public WebhookReceiver Collector { get; } = new("/v1/traces");

    public async Task InitializeAsync()
    {
        await Collector.Start();
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Operations__OtlpEndpoint"] = Collector.Url.ToString(),
            ["Operations__OtlpProtocol"] = "http/protobuf",
            ["Operations__MetricsToken"] = ScrapeToken,
            ["Facebook__AppSecret"] = NewAppSecret,
            ["Facebook__PreviousAppSecret"] = MetaDeliveries.AppSecret,
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

/// <summary>What operators point their tools at: Prometheus metrics and the Orleans cluster dashboard.</summary>
public sealed partial class OperationsTests(OperationsHost operations) : IClassFixture<OperationsHost>
{
    private HostFixture Fixture => operations.Host;

    private async Task<(HttpStatusCode Status, string Body)> Scrape(string? bearer)
    {
        using var client = Fixture.Host.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.GetAsync("metrics");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static double Sample(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        Assert.True(line is not null, $"{series} is not in the exposition");
        return double.Parse(line![(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_count_deliveries_cases_by_sla_state_push_latency_and_activations_for_the_scraper()
    {
        var before = await Scrape(OperationsHost.ScrapeToken);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        var storedBefore = before.Body.Contains("lcf_deliveries_ingested_total{", StringComparison.Ordinal)
            ? Sample(before.Body, "lcf_deliveries_ingested_total{otel_scope_name=\"LaoCaiFanpage\",result=\"stored\"}")
            : 0;

        var ids = Enumerable.Range(0, 3).Select(_ => MetaDeliveries.NewCommentId()).ToArray();
        var body = MetaDeliveries.Feed([.. ids.Select(id => MetaDeliveries.Comment(id, "Đề nghị sửa đèn đường tổ 5, phường Cốc Lếu"))]);
        await Fixture.Client.DeliverOk(body);
        await Fixture.Client.DeliverOk(body);

        // The gauges come from a sampler (every 15 s); the counters at once.
        var deadline = DateTime.UtcNow.AddSeconds(40);
        (HttpStatusCode Status, string Body) after;
        do
        {
            await Task.Delay(500);
            after = await Scrape(OperationsHost.ScrapeToken);
        }
        while ((!after.Body.Contains("lcf_cases_sla_state{", StringComparison.Ordinal)
                || Sample(after.Body, "lcf_cases_sla_state{otel_scope_name=\"LaoCaiFanpage\",state=\"running\"}") < 3)
               && DateTime.UtcNow < deadline);

        Assert.Equal(storedBefore + 3, Sample(after.Body, "lcf_deliveries_ingested_total{otel_scope_name=\"LaoCaiFanpage\",result=\"stored\"}"));
        Assert.True(Sample(after.Body, "lcf_deliveries_ingested_total{otel_scope_name=\"LaoCaiFanpage\",result=\"duplicate\"}") >= 3);
        Assert.True(Sample(after.Body, "lcf_cases_sla_state{otel_scope_name=\"LaoCaiFanpage\",state=\"running\"}") >= 3);
        Assert.Equal(0, Sample(after.Body, "lcf_outbox_backlog{otel_scope_name=\"LaoCaiFanpage\"}"));
        Assert.Equal(0, Sample(after.Body, "lcf_webhook_inbox_pending{otel_scope_name=\"LaoCaiFanpage\"}"));
        Assert.True(Sample(after.Body, "lcf_push_latency_seconds_count{otel_scope_name=\"LaoCaiFanpage\"}") >= 3);
        Assert.Matches(CommentThreadActivations(), after.Body);
    }

    [Fact]
    public async Task Metrics_are_refused_without_the_token_or_an_administrator()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scrape(null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scrape("scrape-wrong")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scrape(OperationsHost.ScrapeToken + "x")).Status);
        var (_, officer) = await Fixture.NewUser("EditorialStaff");
        using (officer)
        {
            using var refused = await officer.GetAsync("metrics");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var admin = await Scrape(Fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, admin.Status);
        Assert.Contains("# TYPE lcf_deliveries_ingested_total counter", admin.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_for_administrators_only()
    {
        using var anonymous = await Fixture.Anonymous.GetAsync("orleans/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var (_, officer) = await Fixture.NewUser("EditorialStaff");
        using (officer)
        {
            using var refused = await officer.GetAsync("orleans/");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var page = await Fixture.Client.GetAsync("orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_app_secret_rotates_deliveries_signed_with_the_new_or_the_previous_secret_are_accepted_and_no_other()
    {
        var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Hỏi về lịch tiếp công dân tháng 12")));
        using (var withNew = await Fixture.Client.PostDelivery(body, MetaDeliveries.SignIt, secret: OperationsHost.NewAppSecret))
        {
            Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
            var accepted = JsonDocument.Parse(await withNew.Content.ReadAsStringAsync()).RootElement;
            await Fixture.Client.WaitProcessed(accepted.GetProperty("receipt").GetInt64());
        }

        using (var withPrevious = await Fixture.Client.PostDelivery(body, MetaDeliveries.SignIt, secret: MetaDeliveries.AppSecret))
        {
            Assert.Equal(HttpStatusCode.OK, withPrevious.StatusCode);
            var accepted = JsonDocument.Parse(await withPrevious.Content.ReadAsStringAsync()).RootElement;
            await Fixture.Client.WaitProcessed(accepted.GetProperty("receipt").GetInt64());
        }

        using var withOther = await Fixture.Client.PostDelivery(body, MetaDeliveries.SignIt, secret: "some-other-app-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, withOther.StatusCode);
        Assert.Contains("signed with Facebook:PreviousAppSecret", Fixture.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_is_traced_from_the_webhook_into_its_grain()
    {
        var id = MetaDeliveries.NewCommentId();
        await Fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đường vào bản Tả Van bị sạt lở")));

        // The exporter sends in batches (every 5 s): wait for the spans of this delivery.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string exported;
        do
        {
            await Task.Delay(500);
            exported = string.Join("\n", operations.Collector.Deliveries.Select(d => Encoding.UTF8.GetString(d.Body)));
        }
        while (!(exported.Contains("webhook.deliver", StringComparison.Ordinal) && exported.Contains(id, StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        // OTLP protobuf keeps names and string attributes as UTF-8: the webhook span, Orleans' span of the grain call
        // (its target is the case's grain), and the HTTP server span around them.
        Assert.Contains("webhook.deliver", exported, StringComparison.Ordinal);
        Assert.Contains("ICommentThreadGrain", exported, StringComparison.Ordinal);
        Assert.Contains("commentthread/" + id, exported, StringComparison.Ordinal);
        Assert.Contains("/webhooks/facebook", exported, StringComparison.Ordinal);
    }

    [GeneratedRegex("orleans_catalog_activation_created_total\\{[^}]*grain_type=\"commentthread\"[^}]*\\} [1-9]")]
    private static partial Regex CommentThreadActivations();
}
