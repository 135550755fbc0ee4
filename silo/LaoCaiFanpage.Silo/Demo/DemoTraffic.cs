using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Impostors;
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

    private static IEnumerable<SimulatedDelivery> Prepend(SimulatedDelivery first, IEnumerator<SimulatedDelivery> deliveries)
    {
        yield return first;
        while (deliveries.MoveNext())
        {
            yield return deliveries.Current;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Count} simulated page(s) resembling the official one recorded for the impostor panel")]
    private static partial void LogImpostorPages(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the simulated impostor pages could not be recorded")]
    private static partial void LogImpostorPagesFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEMO MODE: simulated traffic (about {PerMinute}/min) is being sent to {BaseUri}webhooks/facebook. Wall screen: {BaseUri}")]
    private static partial void LogDemo(ILogger logger, Uri baseUri, double perMinute);
}
