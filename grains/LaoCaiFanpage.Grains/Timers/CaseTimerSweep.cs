using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Timers;

/// <summary>
/// One timer per silo in place of one reminder per case: every <see cref="CaseTimerOptions.SweepSeconds"/> it claims
/// the wake-ups that are due and wakes those cases (<see cref="ICommentThreadGrain.Tick"/>), which store their next
/// one. After a start it finds, the same way, every transition that fell due while the service was down.
/// </summary>
public sealed partial class CaseTimerSweep(
    CaseTimers timers,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    IOptions<CaseTimerOptions> options,
    TimeProvider time,
    ILogger<CaseTimerSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(lifetime, stoppingToken);
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.SweepSeconds), time);
        try
        {
            do
            {
                try
                {
                    // A full batch means more are due (after a restart, thousands): the next one is claimed at once.
                    while (await SweepOnce(settings, stoppingToken) == settings.Batch)
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the claims run out and another silo, or the next start, wakes those cases.
        }
    }

    /// <summary>Claims and wakes one batch of due cases; returns how many were claimed.</summary>
    private async Task<int> SweepOnce(CaseTimerOptions settings, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (!await timers.AnyDue(now, stoppingToken))
        {
            return 0;
        }

        var claimed = await timers.Claim(now, now.AddSeconds(settings.ClaimSeconds), settings.Batch, stoppingToken);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = stoppingToken },
            async (caseId, _) =>
            {
                try
                {
                    await grains.GetGrain<ICommentThreadGrain>(caseId).Tick();
                }
                catch (Exception ex)
                {
                    // The claim runs out and the case is woken again.
                    LogWakeFailed(logger, ex, caseId);
                }
            });
        if (claimed.Count > 0)
        {
            LogWoken(logger, claimed.Count);
        }

        return claimed.Count;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Woke {Count} case(s) whose wake-up was due")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Case {CaseId} could not be woken; it is tried again when its claim runs out")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sweep of due case wake-ups failed; it runs again on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
