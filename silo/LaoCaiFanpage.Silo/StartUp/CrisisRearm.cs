using LaoCaiFanpage.Contracts.Crisis;

namespace LaoCaiFanpage.Silo.StartUp;

/// <summary>
/// An Orleans start-up task (it runs as the silo becomes active): every crisis not yet resolved is woken, so an
/// escalation that fell due while the service was down fires at once and unsent notifications go out (reminders
/// live in memory on the embedded profile).
/// </summary>
public sealed partial class CrisisRearm(IGrainFactory grains, ILogger<CrisisRearm> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        IReadOnlyList<CrisisView> crises;
        try
        {
            crises = await grains.GetGrain<ICrisisRegistryGrain>(0).List(null);
        }
        catch (Exception ex)
        {
            // A start-up task must never stop the host: the crises wake on their next signal or action.
            LogGaveUp(logger, ex);
            return;
        }

        var woken = 0;
        foreach (var crisis in crises.Where(c => CrisisStatuses.IsActive(c.Status)))
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Crises: active crises could not be listed at start-up; they wake on their next signal or action")]
    private static partial void LogGaveUp(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Crises: {Count} active crisis(es) woken at start-up")]
    private static partial void LogDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Crisis {CrisisId} could not be woken at start-up")]
    private static partial void LogFailed(ILogger logger, Exception exception, string crisisId);
}
