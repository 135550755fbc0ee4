using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Integrity;
using LaoCaiFanpage.Contracts.Threads;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>What the page itself did in this thread goes to the page's integrity check (Art. 8.1).</summary>
public sealed partial class CommentThreadGrain
{
    private async Task CheckIntegrity(IReadOnlyList<FeedItem> feed)
    {
        var state = thread.State;
        var actions = feed
            .Where(f => f.Author.IsPage && f.Change is ThreadEventKind.Add or ThreadEventKind.Edit or ThreadEventKind.Remove)
            .Select(f => new PageAction(f.MessageId, Id, f.Channel, f.Change, f.Text, state.Messages[f.MessageId].ParentId, f.Permalink, f.ReceivedAt))
            .ToList();
        if (actions.Count == 0 || state.PageId is null)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IIntegrityGrain>(state.PageId).Observe(actions);
        }
        catch (Exception ex)
        {
            // The message itself is stored; only its comparison with the approvals is missing, and the log says which.
            LogIntegrityCheckFailed(logger, ex, Id, string.Join(", ", actions.Select(a => a.MessageId)));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The integrity check of case {CaseId} failed for the page's messages {MessageIds}: compare them with the approvals by hand")]
    private static partial void LogIntegrityCheckFailed(ILogger logger, Exception exception, string caseId, string messageIds);
}
