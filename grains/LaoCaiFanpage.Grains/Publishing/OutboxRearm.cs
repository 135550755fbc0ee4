using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>
/// A start-up task: every approved case whose answer is not yet on Facebook hands it to its page's outbox again.
/// That wakes the outbox after a restart (reminders live in memory on the embedded profile), settles a send a
/// crash interrupted, and repairs a hand-over lost between the approval and the outbox. Idempotent.
/// </summary>
public sealed partial class OutboxRearm(IHostApplicationLifetime lifetime, IGrainFactory grains, ICaseCatalog catalog, LaoCaiFanpage.Grains.PagePosts.PagePostCatalog posts, ILogger<OutboxRearm> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LaoCaiFanpage.Grains.Storage.SiloStarted.WaitAsync(lifetime, stoppingToken);
        var count = 0;
        for (var page = 1; ; page++)
        {
            var batch = await catalog.ListCases(new CaseQuery(CaseStatus.Approved, null, page, 200), stoppingToken);
            foreach (var item in batch.Items)
            {
                try
                {
                    await grains.GetGrain<ICommentThreadGrain>(item.Id).EnsurePublishing();
                    count++;
                }
                catch (Exception ex)
                {
                    LogFailed(logger, ex, item.Id);
                }
            }

            if (batch.Items.Count < 200)
            {
                break;
            }
        }

        // The Office's own posts approved but not yet on the page (a few at most).
        for (var page = 1; ; page++)
        {
            var batch = await posts.List(CaseStatus.Approved, page, 200, stoppingToken);
            foreach (var item in batch.Items)
            {
                try
                {
                    await grains.GetGrain<LaoCaiFanpage.Contracts.PagePosts.IPagePostGrain>(item.Id).EnsurePublishing();
                    count++;
                }
                catch (Exception ex)
                {
                    LogFailed(logger, ex, item.Id);
                }
            }

            if (batch.Items.Count < 200)
            {
                break;
            }
        }

        LogDone(logger, count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Count} approved answer(s) and post(s) handed over again at start-up")]
    private static partial void LogDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox: approved case {CaseId} could not be handed over at start-up")]
    private static partial void LogFailed(ILogger logger, Exception exception, string caseId);
}
