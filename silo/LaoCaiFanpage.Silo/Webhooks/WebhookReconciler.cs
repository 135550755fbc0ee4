using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>What one reconciliation read and what became of it.</summary>
public sealed record ReconcileOutcome(DateTimeOffset Since, bool Backfill, int Posts, int Comments, int Messages, int Applied, int Duplicates, string? Stopped);

/// <summary>
/// Meta does not guarantee webhook delivery (an outage, a disabled subscription, a deploy gap): every
/// <see cref="ReconcileOptions.IntervalMinutes"/> the page is read back through the Graph API — its feed since the
/// window, every post's comments and replies, its Messenger conversations — and whatever no webhook delivered is
/// ingested as a delivery would be (marked <c>reconcile</c>). Nothing is duplicated: a message already stored is a
/// duplicate by its id. The first run with a page token reads <see cref="ReconcileOptions.BackfillDays"/> back.
/// Throttling (#4, #17, #32, #613) is waited out as Meta asks; after too many in a row the run stops and the next goes on.
/// </summary>
public sealed partial class WebhookReconciler(
    GraphApiClient graph,
    WebhookRouter router,
    ReconcileStore store,
    IOptions<FanpageOptions> fanpage,
    IOptionsMonitor<GraphApiOptions> graphOptions,
    IOptions<ReconcileOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<WebhookReconciler> logger) : BackgroundService
{
    public const string Source = "reconcile";

    private const int Batch = 200;
    private readonly SemaphoreSlim _running = new(1, 1);

    private bool Configured => graphOptions.CurrentValue.PageAccessToken is { Length: > 0 };

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(lifetime, stoppingToken);
        var interval = TimeSpan.FromMinutes(options.Value.IntervalMinutes);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            if (!Configured)
            {
                continue;
            }

            try
            {
                var now = time.GetUtcNow();
                if (await store.Claim(fanpage.Value.PageId, now, now - (interval / 2)))
                {
                    await Run(stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRunFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the page back now (the administrators' button, and each interval's run); one run at a time per silo.</summary>
    public async Task<ReconcileOutcome> Run(CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            throw new InvalidOperationException("Facebook:PageAccessToken is not configured: the page cannot be read back.");
        }

        await _running.WaitAsync(cancellationToken);
        try
        {
            var pageId = fanpage.Value.PageId;
            var state = await store.Read(pageId, cancellationToken);
            var now = time.GetUtcNow();
            var backfill = state.BackfilledAt is null;
            var since = now - (backfill ? TimeSpan.FromDays(options.Value.BackfillDays) : TimeSpan.FromHours(options.Value.WindowHours));
            var counts = new int[5];
            string? stopped = null;
            try
            {
                await Read(pageId, since, now, counts, cancellationToken);
            }
            catch (GraphApiException ex)
            {
                // What was read so far is applied; the next run reads the window again.
                stopped = ex.Summary;
                LogStopped(logger, ex.Summary);
            }

            var outcome = new ReconcileOutcome(since, backfill, counts[0], counts[1], counts[2], counts[3], counts[4], stopped);
            await store.Finished(pageId, time.GetUtcNow(), backfilled: backfill && stopped is null,
                $"{outcome.Posts} posts, {outcome.Comments} comments, {outcome.Messages} messages read; {outcome.Applied} new" + (stopped is null ? string.Empty : "; stopped: " + stopped));
            LogReconciled(logger, since, outcome.Posts, outcome.Comments, outcome.Messages, outcome.Applied, outcome.Duplicates);
            return outcome;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task Read(string pageId, DateTimeOffset since, DateTimeOffset now, int[] counts, CancellationToken cancellationToken)
    {
        var pending = new List<RoutedEvent>();
        var replies = new List<RoutedEvent>();
        async Task Flush(List<RoutedEvent> events)
        {
            if (events.Count == 0)
            {
                return;
            }

            var outcome = await router.Deliver(events, cancellationToken);
            counts[3] += outcome.Applied;
            counts[4] += outcome.Duplicates;
            events.Clear();
        }

        // Posts of the whole backfill period, so that a new comment under last week's post is found; comments and
        // messages of the window only (newest first: reading stops at the first one older than the window).
        var postsSince = now - TimeSpan.FromDays(Math.Max(options.Value.BackfillDays, (now - since).TotalDays));
        string? after = null;
        do
        {
            var feed = await Throttled(() => graph.ReadFeed(pageId, postsSince, after, cancellationToken), cancellationToken);

            // Ids become grain keys: one that is not an id (as the webhook parser reads ids) is skipped, never stored.
            foreach (var post in feed.Items.Where(p => (p.CreatedAt is null || p.CreatedAt >= postsSince) && MetaWebhookParser.IsValidId(p.Id)))
            {
                counts[0]++;
                pending.Add(PostEvent(pageId, post, now));
                string? commentsAfter = null;
                do
                {
                    var comments = await Throttled(() => graph.ReadComments(post.Id, commentsAfter, cancellationToken), cancellationToken);
                    foreach (var comment in comments.Items.Where(c => (c.CreatedAt is null || c.CreatedAt >= since)
                        && MetaWebhookParser.IsValidId(c.Id) && (c.ParentId is null || MetaWebhookParser.IsValidId(c.ParentId))))
                    {
                        counts[1]++;
                        var reply = comment.ParentId is { } parent && parent != post.Id;
                        (reply ? replies : pending).Add(CommentEvent(pageId, post, comment, now));
                    }

                    commentsAfter = comments.Items.Any(c => c.CreatedAt < since) ? null : comments.After;
                }
                while (commentsAfter is not null);

                if (pending.Count >= Batch)
                {
                    await Flush(pending);
                }
            }

            after = feed.After;
        }
        while (after is not null);

        // Replies after the comments they answer: the router finds the case of the parent.
        await Flush(pending);
        await Flush(replies);

        after = null;
        do
        {
            var conversations = await Throttled(() => graph.ReadConversations(pageId, after, cancellationToken), cancellationToken);
            foreach (var conversation in conversations.Items)
            {
                if (conversation.PersonId is null || !MetaWebhookParser.IsValidId(conversation.PersonId))
                {
                    continue;
                }

                foreach (var message in conversation.Messages.Where(m => (m.CreatedAt is null || m.CreatedAt >= since) && MetaWebhookParser.IsValidId(m.Id)))
                {
                    counts[2]++;
                    pending.Add(MessageEvent(pageId, conversation, message, now));
                }
            }

            await Flush(pending);

            // Conversations come most recently updated first: once one is older than the window, so are the rest.
            after = conversations.Items.Any(c => c.UpdatedAt is { } updated && updated < since) ? null : conversations.After;
        }
        while (after is not null);
    }

    /// <summary>A Graph call, waited out and tried again while Meta throttles, as long as it asks (or the configured wait).</summary>
    private async Task<T> Throttled<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (GraphApiException ex) when (ex.Failure == GraphFailure.Throttled && attempt < options.Value.ThrottleRetries)
            {
                var wait = ex.RegainAccessIn ?? TimeSpan.FromSeconds(options.Value.ThrottleSeconds);
                LogThrottled(logger, ex.Summary, wait.TotalSeconds);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private static RoutedEvent PostEvent(string pageId, GraphItem post, DateTimeOffset now)
    {
        var author = new Author(post.FromId ?? pageId, post.FromName, (post.FromId ?? pageId) == pageId);
        var evt = new ThreadEvent(Key(post.Id), ThreadEventKind.Add, MessageChannel.Post, pageId, post.Id, null, post.Id, author, post.Message, [],
            post.CreatedAt ?? now, now, post.Permalink, Source);
        return new RoutedEvent(evt, post.Id, null);
    }

    private static RoutedEvent CommentEvent(string pageId, GraphItem post, GraphItem comment, DateTimeOffset now)
    {
        var parent = comment.ParentId ?? post.Id;
        var author = new Author(comment.FromId ?? "unknown", comment.FromName, comment.FromId == pageId);
        var evt = new ThreadEvent(Key(comment.Id), ThreadEventKind.Add, MessageChannel.Comment, pageId, comment.Id, parent, post.Id, author, comment.Message, [],
            comment.CreatedAt ?? now, now, post.Permalink, Source);
        return parent == post.Id ? new RoutedEvent(evt, comment.Id, null) : new RoutedEvent(evt, parent, parent);
    }

    private static RoutedEvent MessageEvent(string pageId, GraphConversation conversation, GraphItem message, DateTimeOffset now)
    {
        var fromPage = message.FromId == pageId;
        var author = new Author(fromPage ? pageId : conversation.PersonId!, fromPage ? null : message.FromName ?? conversation.PersonName, fromPage);
        var evt = new ThreadEvent(Key(message.Id), ThreadEventKind.Add, MessageChannel.Messenger, pageId, message.Id, null, null, author, message.Message,
            message.Message is null ? [new Attachment("unsupported", null)] : [], message.CreatedAt ?? now, now, null, Source);
        return new RoutedEvent(evt, $"messenger:{pageId}:{conversation.PersonId}", null);
    }

    /// <summary>The same key for the same message at every run: read twice, it is recognised.</summary>
    private static string Key(string messageId) =>
        "reconcile:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)).AsSpan(0, 16));

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled the page since {Since}: {Posts} posts, {Comments} comments, {Messages} messages read; {Applied} not delivered by webhook, {Duplicates} already stored")]
    private static partial void LogReconciled(ILogger logger, DateTimeOffset since, int posts, int comments, int messages, int applied, int duplicates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation throttled by Meta ({Reason}); waiting {Seconds} s")]
    private static partial void LogThrottled(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation stopped: {Reason}; the next run reads the window again")]
    private static partial void LogStopped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reconciliation run failed; the next one tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
