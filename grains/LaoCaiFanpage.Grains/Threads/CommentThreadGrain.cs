using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Threads;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Threads;

public sealed partial class CommentThreadGrain(
    [PersistentState("comment-thread")] IPersistentState<CommentThreadState> thread,
    ICaseCatalog catalog,
    ILogger<CommentThreadGrain> logger) : Grain, ICommentThreadGrain
{
    public async Task<IngestResult> Ingest(IReadOnlyList<ThreadEvent> events)
    {
        var state = thread.State;
        var wasCase = state.IsCase;
        var feed = new List<FeedItem>();
        foreach (var change in events)
        {
            if (state.Apply(change))
            {
                var message = state.Messages[change.MessageId];
                feed.Add(new FeedItem(
                    message.Id,
                    this.GetPrimaryKeyString(),
                    message.Channel,
                    change.Kind,
                    new Author(message.AuthorId, message.AuthorName, message.IsPage),
                    message.CurrentText,
                    state.PostId,
                    state.Permalink,
                    message.CreatedAt ?? message.ReceivedAt,
                    change.ReceivedAt,
                    OpensCase: false));
            }
        }

        if (feed.Count > 0)
        {
            // The citizen's words are durable before anyone is told (and before Meta gets its 200).
            await thread.WriteStateAsync();
        }

        // Always (re)project — only what changed, or everything when the delivery was a retry: after a
        // crash between the state write and this one, Meta's retry repairs the catalogue.
        await catalog.Project(this.GetPrimaryKeyString(), state, feed.Count > 0 ? [.. feed.Select(f => f.MessageId)] : null);

        if (feed.Count > 0)
        {
            if (!wasCase && state.IsCase)
            {
                var first = feed.FindIndex(f => !f.Author.IsPage);
                feed[first] = feed[first] with { OpensCase = true };
            }

            await NotifyFanpage(state.PageId!, feed);
        }

        return new IngestResult(feed.Count, events.Count - feed.Count);
    }

    public Task<CaseSnapshot?> GetCase() =>
        Task.FromResult(thread.State.IsCase ? thread.State.ToSnapshot(this.GetPrimaryKeyString()) : null);

    private async Task NotifyFanpage(string pageId, List<FeedItem> feed)
    {
        try
        {
            await GrainFactory.GetGrain<IFanpageGrain>(pageId).RecordActivity(feed);
        }
        catch (Exception ex)
        {
            // Live counters are rebuilt from the catalogue when the page grain reactivates; the case is safe.
            LogFanpageNotifyFailed(logger, ex, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} is stored but the page's live counters were not told")]
    private static partial void LogFanpageNotifyFailed(ILogger logger, Exception exception, string caseId);
}
