using LaoCaiFanpage.Contracts.Crisis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>
/// A start-up task: every crisis not yet resolved is woken, so an escalation that fell due while the service was
/// down fires at once and unsent notifications go out (reminders live in memory on the embedded profile).
/// </summary>
public sealed partial class CrisisRearm(IGrainFactory grains, ILogger<CrisisRearm> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var woken = 0;
        foreach (var crisis in (await grains.GetGrain<ICrisisRegistryGrain>(0).List(null)).Where(c => CrisisStatuses.IsActive(c.Status)))
        {
            try
            {
                await grains.GetGrain<ICrisisGrain>(crisis.Id).Tick();
                woken++;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, crisis.Id);
            }
        }

        LogDone(logger, woken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Crises: {Count} active crisis(es) woken at start-up")]
    private static partial void LogDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Crisis {CrisisId} could not be woken at start-up")]
    private static partial void LogFailed(ILogger logger, Exception exception, string crisisId);
}
