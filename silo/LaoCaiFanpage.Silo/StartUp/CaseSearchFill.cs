using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Silo.StartUp;

/// <summary>
/// Start-up work that runs beside the service: cases catalogued before the search existed get their search text
/// from the catalogue's messages (the next change of a case rewrites it from the case itself). In batches;
/// idempotent. A hosted service rather than an Orleans start-up task, so a large catalogue does not hold the start.
/// </summary>
public sealed partial class CaseSearchFill(IHostApplicationLifetime lifetime, ICaseCatalog catalog, ILogger<CaseSearchFill> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(lifetime, stoppingToken);
        var total = 0;
        try
        {
            for (int filled; (filled = await catalog.FillSearchText(Batch, stoppingToken)) > 0;)
            {
                total += filled;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
            return;
        }

        if (total > 0)
        {
            LogFilled(logger, total);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search text filled in for {Count} cases catalogued before the search existed")]
    private static partial void LogFilled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fill in the search text of older cases; they are found once they change")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
