using System.Diagnostics.Metrics;
using LaoCaiFanpage.Contracts.Diagnostics;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// <c>lcf.webhook_quarantine.open</c>: acknowledged deliveries with parts left out. A scrape never waits for the
/// database: it reports the latest count and, when that is older than <see cref="Interval"/>, starts counting again
/// beside it (the next scrape sees the new count). A hosted service only so that the gauge exists from the start.
/// </summary>
public sealed partial class QuarantineGauge : IHostedService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly WebhookInbox _inbox;
    private readonly TimeProvider _time;
    private readonly ILogger<QuarantineGauge> _logger;
    // The latest count, or -1 before the first: a long is read and written whole, a long? is not.
    private long _open = -1;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;
    private int _counting;

    public QuarantineGauge(WebhookInbox inbox, TimeProvider time, ILogger<QuarantineGauge> logger)
    {
        (_inbox, _time, _logger) = (inbox, time, logger);
        FanpageTelemetry.Meter.CreateObservableGauge("lcf.webhook_quarantine.open", Observe,
            "{delivery}", "Acknowledged webhook deliveries with parts the parser could not apply, not yet retried successfully");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> Observe()
    {
        var now = _time.GetUtcNow();
        if (now - _countedAt >= Interval && Interlocked.CompareExchange(ref _counting, 1, 0) == 0)
        {
            _countedAt = now;
            _ = Count();
        }

        return Volatile.Read(ref _open) is >= 0 and var open ? [new Measurement<long>(open)] : [];
    }

    private async Task Count()
    {
        try
        {
            Volatile.Write(ref _open, await _inbox.QuarantineCount(CancellationToken.None));
        }
        catch (Exception ex)
        {
            LogCountFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _counting, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count the quarantined webhook deliveries")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
