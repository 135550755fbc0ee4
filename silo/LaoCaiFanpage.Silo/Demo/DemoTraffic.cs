using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Simulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Demo;

/// <summary>
/// Feeds the running service with simulated, signed deliveries through its own webhook, and records the simulated
/// pages around the official one that the impostor scorer finds worth a record (as the page search would).
/// </summary>
public sealed partial class DemoTraffic(
    IServer server,
    IGrainFactory grains,
    ImpostorScorer scorer,
    IHostApplicationLifetime lifetime,
    IOptions<FacebookOptions> facebook,
    IOptions<FanpageOptions> fanpage,
    PublicationLedger ledger,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DemoTraffic> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var baseUri = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        var perMinute = configuration.GetValue("Demo:PerMinute", 40.0);
        var simulated = new SimulatorOptions
        {
            AppSecret = facebook.Value.AppSecret,
            PageId = fanpage.Value.PageId,
            PageName = fanpage.Value.Name,
            Seed = configuration.GetValue("Demo:Seed", Environment.TickCount),
            PeakPerMinute = perMinute,
            Diurnal = false,
            CrisisBurstsPerHour = 0.5,
        };
        var model = new FanpageTrafficModel(simulated);
        LogDemo(logger, baseUri, perMinute);
        try
        {
            await RecordImpostorPages(simulated);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The wall's impostor panel stays empty; the traffic, which the demo is for, goes on.
            LogImpostorPagesFailed(logger, ex);
        }

        using var client = new HttpClient();
        var pump = new DeliveryPump(client, new Uri(baseUri, "webhooks/facebook"), time);
        // The traffic of the last two minutes is sent at once, so the wall is not empty; then in real time.
        var now = time.GetUtcNow();
        var deliveries = model.From(now.AddMinutes(-2)).GetEnumerator();
        try
        {
            while (deliveries.MoveNext() && deliveries.Current.At <= now)
            {
                await Approved(deliveries.Current);
                await pump.Send(deliveries.Current, stoppingToken);
            }

            await pump.Run(Prepend(deliveries.Current, deliveries), TimeSpan.MaxValue, 1, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            deliveries.Dispose();
        }
    }

    private async Task RecordImpostorPages(SimulatorOptions options)
    {
        var demo = Actor.System("demo");
        var recorded = 0;
        foreach (var page in new ImpostorPageModel(options).Pages())
        {
            var candidate = new PageCandidate(page.Url, page.PageId, page.Name, page.Username, page.About, page.Category, page.Followers,
                page.VerificationStatus, null, null, CandidateSources.Simulator);
            if (scorer.WorthRecording(scorer.Assess(candidate)))
            {
                await grains.GetGrain<IImpostorPageGrain>(ImpostorPageKey.For(candidate)).Observe(candidate, demo);
                recorded++;
            }
        }

        LogImpostorPages(logger, recorded);
    }

    private IEnumerable<SimulatedDelivery> Prepend(SimulatedDelivery first, IEnumerator<SimulatedDelivery> deliveries)
    {
        Approved(first).GetAwaiter().GetResult();
        yield return first;
        while (deliveries.MoveNext())
        {
            // The pump's own loop reads deliveries one by one, ahead of their time: waiting here delays nothing.
            Approved(deliveries.Current).GetAwaiter().GetResult();
            yield return deliveries.Current;
        }
    }

    /// <summary>
    /// The demo's fiction: the simulated page's own posts and replies went through the Office's approval chain (as
    /// DemoOffice's answers do), so the integrity check finds them approved instead of filling the wall with findings.
    /// </summary>
    private async Task Approved(SimulatedDelivery delivery)
    {
        if (delivery.Kind != "page-reply" && !delivery.Kind.StartsWith("post-category-", StringComparison.Ordinal))
        {
            return;
        }

        var kind = delivery.Kind == "page-reply" ? PublicationKinds.CommentReply : PublicationKinds.PagePost;
        foreach (var id in delivery.MessageIds)
        {
            var request = "demo:" + id;
            await ledger.Handed(new PublicationRequest(request, "demo", fanpage.Value.PageId, kind, id, string.Empty, string.Empty, null),
                delivery.At);
            await ledger.Published(request, id, delivery.At);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Count} simulated page(s) resembling the official one recorded for the impostor panel")]
    private static partial void LogImpostorPages(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the simulated impostor pages could not be recorded")]
    private static partial void LogImpostorPagesFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEMO MODE: simulated traffic (about {PerMinute}/min) is being sent to {BaseUri}webhooks/facebook. Wall screen: {BaseUri}")]
    private static partial void LogDemo(ILogger logger, Uri baseUri, double perMinute);
}
