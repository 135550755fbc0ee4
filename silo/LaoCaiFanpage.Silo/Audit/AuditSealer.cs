using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Audit;

/// <summary>
/// Chains new audit rows within moments of their commit (a row is tamper-evident once sealed), and
/// purges rows past the retention every six hours.
/// </summary>
public sealed partial class AuditSealer(AuditLog log, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditSealer> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SealIntervalSeconds);
        var nextPurge = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sealedRows = await log.Seal(stoppingToken);
                if (sealedRows > 0)
                {
                    LogSealed(logger, sealedRows);
                }

                var now = time.GetUtcNow();
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
