using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>
/// A start-up task of the silo. On the embedded profile reminders live in memory, so after a start every case with a clock still
/// to change is woken once: it brings its clocks up to date — a deadline that passed while the service
/// was down fires now — and registers its reminder again. Idempotent, so harmless where reminders persist.
/// </summary>
public sealed partial class SlaClockRearm(IHostApplicationLifetime lifetime, IGrainFactory grains, ICaseCatalog catalog, ILogger<SlaClockRearm> logger) : BackgroundService
{
    private const int Parallelism = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LaoCaiFanpage.Grains.Storage.SiloStarted.WaitAsync(lifetime, stoppingToken);
        var cases = await catalog.CasesWithPendingClocks(stoppingToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
            async (caseId, _) =>
            {
                try
                {
                    await grains.GetGrain<ICommentThreadGrain>(caseId).Tick();
                }
                catch (Exception ex)
                {
                    LogRearmFailed(logger, ex, caseId);
                }
            });
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        LogRearmed(logger, cases.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-armed the SLA clocks of {Count} case(s) in {Milliseconds:F0} ms")]
    private static partial void LogRearmed(ILogger logger, int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not re-arm the SLA clocks of case {CaseId}")]
    private static partial void LogRearmFailed(ILogger logger, Exception exception, string caseId);
}
