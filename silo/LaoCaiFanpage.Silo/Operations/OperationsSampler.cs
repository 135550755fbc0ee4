using System.Diagnostics.Metrics;
using LaoCaiFanpage.Contracts.Diagnostics;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Operations;

/// <summary>
/// Samples the figures a scrape must not compute itself (they need the database or a grain): cases by SLA state
/// and the page's outbox backlog, every <see cref="Interval"/>; the gauges report the latest sample.
/// </summary>
public sealed partial class OperationsSampler : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ICaseCatalog _catalog;
    private readonly IGrainFactory _grains;
    private readonly IOptions<FanpageOptions> _fanpage;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<OperationsSampler> _logger;
    private IReadOnlyDictionary<string, long> _casesByState = new Dictionary<string, long>();
    private long? _outboxBacklog;

    public OperationsSampler(ICaseCatalog catalog, IGrainFactory grains, IOptions<FanpageOptions> fanpage, IHostApplicationLifetime lifetime, ILogger<OperationsSampler> logger)
    {
        (_catalog, _grains, _fanpage, _lifetime, _logger) = (catalog, grains, fanpage, lifetime, logger);
        FanpageTelemetry.Meter.CreateObservableGauge("lcf.cases.sla_state", () =>
            _casesByState.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("state", pair.Key))),
            "{case}", "Cases with an open SLA clock, by their most urgent clock's state");
        FanpageTelemetry.Meter.CreateObservableGauge("lcf.outbox.backlog", () =>
            _outboxBacklog is { } backlog ? [new Measurement<long>(backlog)] : Array.Empty<Measurement<long>>(),
            "{item}", "Answers and posts approved but not yet on the page");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(_lifetime, stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                _casesByState = await _catalog.CountOpenCasesBySlaState(stoppingToken);
                _outboxBacklog = (await _grains.GetGrain<IPagePublisherGrain>(_fanpage.Value.PageId).GetStatus()).Items.Count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSampleFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the operations gauges")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
