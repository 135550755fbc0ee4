using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>
/// Chains new audit rows within moments of their commit (a row is tamper-evident once sealed), exports a signed
/// checkpoint of the chain's head every <c>Audit:CheckpointMinutes</c>, and purges rows past the retention every
/// six hours — by the real clock, never the drill clock's offset (a drill must not make the log younger than it is).
/// </summary>
public sealed partial class AuditSealer(AuditLog log, IOptions<AuditOptions> options, ILogger<AuditSealer> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SealIntervalSeconds);
        var checkpointEvery = TimeSpan.FromMinutes(options.Value.CheckpointMinutes);
        var nextPurge = DateTimeOffset.MinValue;
        var nextCheckpoint = TimeProvider.System.GetUtcNow() + checkpointEvery;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sealedRows = await log.Seal(stoppingToken);
                if (sealedRows > 0)
                {
                    LogSealed(logger, sealedRows);
                }

                var now = TimeProvider.System.GetUtcNow();
                if (now >= nextCheckpoint)
                {
                    await log.ExportCheckpoint(now, stoppingToken);
                    nextCheckpoint = now + checkpointEvery;
                }

                if (now >= nextPurge)
                {
                    var purged = await log.Purge(now.AddDays(-options.Value.RetentionDays), now, stoppingToken);
                    if (purged > 0)
                    {
                        LogPurged(logger, purged, options.Value.RetentionDays);
                    }

                    nextPurge = now + PurgeEvery;
                }

                await log.WaitForAppend(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Unsealed rows wait for the next round; nothing is lost.
                LogSealFailed(logger, ex);
                await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit row(s) into the chain")]
    private static partial void LogSealed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} audit row(s) older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing the audit log failed; retrying")]
    private static partial void LogSealFailed(ILogger logger, Exception exception);
}
