using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.PagePosts;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Silo.StartUp;

/// <summary>
/// An Orleans start-up task (it runs as the silo becomes active, before the host reports ready): every approved
/// case whose answer is not yet on Facebook hands it to its page's outbox again. That wakes the outbox after a
/// restart (reminders live in memory on the embedded profile), settles a send a crash interrupted, and repairs a
/// hand-over lost between the approval and the outbox. Idempotent.
/// </summary>
public sealed partial class OutboxRearm(IGrainFactory grains, ICaseCatalog catalog, PagePostCatalog posts, ILogger<OutboxRearm> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var count = 0;
        for (var page = 1; ; page++)
        {
            var batch = await catalog.ListCases(new CaseQuery(CaseStatus.Approved, null, page, 200), cancellationToken);
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
            var batch = await posts.List(CaseStatus.Approved, page, 200, cancellationToken);
            foreach (var item in batch.Items)
            {
                try
                {
                    await grains.GetGrain<IPagePostGrain>(item.Id).EnsurePublishing();
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
