using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using LaoCaiFanpage.Contracts.Diagnostics;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// Applies the inbox's deliveries to the case grains, several at once, and marks each processed with what its
/// changes did. A delivery that fails stays pending and is tried again later, for as long as it takes: nothing
/// acknowledged to Meta is dropped. Every few seconds it adopts the pending deliveries of silos that are no longer
/// in the cluster — on the embedded profile, those of this host's previous run.
/// </summary>
public sealed partial class InboxDrain : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    /// <summary>A silo just joining may not yet be Active in every snapshot: its newest deliveries are left to it this long.</summary>
    public static readonly TimeSpan AdoptionGrace = TimeSpan.FromSeconds(10);

    private const int AdoptChunk = 500;
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly WebhookInbox _inbox;
    private readonly WebhookRouter _router;
    private readonly FanpageDatabase _database;
    private readonly IOptions<FanpageOptions> _fanpage;
    private readonly IOptions<WebhookInboxOptions> _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<InboxDrain> _logger;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>();
    private readonly ConcurrentDictionary<long, byte> _held = new();

    // _held's size, kept beside it: ConcurrentDictionary.Count takes every lock of the dictionary, and every delivery
    // asks (IsFull) while the workers add and remove — 6 % of the host's CPU under a burst, in a profile.
    private int _heldCount;
    private string? _owner;

    public InboxDrain(
        WebhookInbox inbox,
        WebhookRouter router,
        FanpageDatabase database,
        IOptions<FanpageOptions> fanpage,
        IOptions<WebhookInboxOptions> options,
        IServiceProvider services,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<InboxDrain> logger)
    {
        (_inbox, _router, _database, _fanpage, _options, _services, _time, _lifetime, _logger) =
            (inbox, router, database, fanpage, options, services, time, lifetime, logger);
        FanpageTelemetry.Meter.CreateObservableGauge("lcf.webhook_inbox.pending", () => (long)Pending,
            "{delivery}", "Deliveries this silo acknowledged to Meta and has not yet applied to the cases");
    }

    /// <summary>This silo's name in the inbox: its address with its generation, so a restarted host is another owner.</summary>
    public string Owner => _owner ??= _services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    /// <summary>Deliveries this silo holds unprocessed (queued, being applied or waiting to be tried again).</summary>
    public int Pending => Volatile.Read(ref _heldCount);

    /// <summary>Queues a committed delivery (once: a receipt already held is not queued twice).</summary>
    public void Enqueue(InboxDelivery delivery, ParsedDelivery? parsed)
    {
        if (_held.TryAdd(delivery.Receipt, 0))
        {
            Interlocked.Increment(ref _heldCount);
            _work.Writer.TryWrite(new Work(delivery, parsed, Activity.Current?.Context));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(_lifetime, stoppingToken);
        var workers = Enumerable.Range(0, _options.Value.DrainWorkers).Select(_ => Task.Run(() => RunWorker(stoppingToken), CancellationToken.None)).ToArray();
        var nextPurge = _time.GetUtcNow();
        try
        {
            using var timer = new PeriodicTimer(SweepInterval, _time);
            do
            {
                try
                {
                    await Adopt(stoppingToken);
                    if (_time.GetUtcNow() >= nextPurge)
                    {
                        var purged = await _inbox.Purge(_time.GetUtcNow().AddDays(-_options.Value.InboxRetentionDays));
                        nextPurge = _time.GetUtcNow() + PurgeInterval;
                        if (purged > 0)
                        {
                            LogPurged(_logger, purged, _options.Value.InboxRetentionDays);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(_logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued stays pending in the inbox for the next start or a surviving silo.
        }

        await Task.WhenAll(workers);
    }

    /// <summary>Takes over the pending deliveries of silos that are not active in the cluster: departed silos, and this host's earlier runs.</summary>
    private async Task Adopt(CancellationToken cancellationToken)
    {
        var me = Owner;
        var active = _services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToHashSet(StringComparer.Ordinal);
        // One silo by construction on the embedded profile: every other owner is this host's earlier run.
        var before = _database.Dialect == SqlDialect.Sqlite ? DateTimeOffset.MaxValue : _time.GetUtcNow() - AdoptionGrace;
        foreach (var owner in await _inbox.PendingOwners(cancellationToken))
        {
            // This silo's own rows are already in hand: its name carries this start's generation, so an earlier run's
            // rows stand under another name and are adopted like a departed silo's.
            if (owner == me || active.Contains(owner))
            {
                continue;
            }

            var adopted = 0;
            IReadOnlyList<InboxDelivery> chunk;
            do
            {
                if (Pending >= _options.Value.InboxLimit)
                {
                    break;
                }

                chunk = await _inbox.Adopt(owner, me, before, AdoptChunk);
                foreach (var delivery in chunk)
                {
                    Enqueue(delivery, null);
                }

                adopted += chunk.Count;
            }
            while (chunk.Count == AdoptChunk);

            if (adopted > 0)
            {
                LogAdopted(_logger, adopted, owner);
            }
        }
    }

    private async Task RunWorker(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
            {
                await Process(work);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Process(Work work)
    {
        var delivery = work.Delivery;
        var release = true;
        try
        {
            var parsed = work.Parsed ?? MetaWebhookParser.Parse(delivery.Body, _fanpage.Value.PageId, delivery.ReceivedAt);
            DeliveryOutcome outcome;
            using (var activity = FanpageTelemetry.Tracing.StartActivity("webhook.deliver", ActivityKind.Internal, work.Parent ?? default))
            {
                // The span the grain calls (Orleans' activity propagation) and the push hang under.
                activity?.SetTag("lcf.changes", parsed.Events.Count);
                activity?.SetTag("lcf.receipt", delivery.Receipt);
                outcome = await _router.Deliver(parsed.Events, CancellationToken.None);
            }

            // Counted before the receipt says processed, so whoever follows the receipt sees the counters include it.
            FanpageTelemetry.RecordDeliveries(outcome.Applied, outcome.Duplicates, parsed.Ignored.Count);
            await _inbox.Complete([new WebhookInbox.Outcome(delivery.Receipt, outcome.Applied, outcome.Duplicates)], _time.GetUtcNow());
            LogDelivered(_logger, delivery.Receipt, outcome.Changes, outcome.Applied, outcome.Duplicates, outcome.Threads);
        }
        catch (Exception ex)
        {
            // Kept in hand and tried again after a while; the row says so for an operator and for the next start.
            var attempts = delivery.Attempts + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(attempts, 20))));
            LogFailed(_logger, ex, delivery.Receipt, attempts, delay.TotalSeconds);
            try
            {
                await _inbox.Failed(delivery.Receipt, ex.GetType().Name + ": " + ex.Message, _time.GetUtcNow() + delay);
            }
            catch (Exception recordFailed)
            {
                LogRecordFailed(_logger, recordFailed, delivery.Receipt);
            }

            release = false;
            _ = RetryLater(work with { Delivery = delivery with { Attempts = attempts } }, delay);
        }
        finally
        {
            if (release)
            {
                if (_held.TryRemove(delivery.Receipt, out _))
                {
                    Interlocked.Decrement(ref _heldCount);
                }
            }
        }
    }

    private async Task RetryLater(Work work, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _lifetime.ApplicationStopping);
            _work.Writer.TryWrite(work);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the row is still pending in the inbox.
        }
    }

    private sealed record Work(InboxDelivery Delivery, ParsedDelivery? Parsed, ActivityContext? Parent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery {Receipt} applied: {Changes} changes, {Applied} new, {Duplicates} duplicates, {Threads} threads")]
    private static partial void LogDelivered(ILogger logger, long receipt, int changes, int applied, int duplicates, int threads);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {Receipt} could not be applied to the cases (attempt {Attempts}); it stays in the inbox and is tried again in {Seconds:F0} s")]
    private static partial void LogFailed(ILogger logger, Exception exception, long receipt, int attempts, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failed attempt of webhook delivery {Receipt}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, long receipt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adopted {Count} pending webhook deliveries of silo {Owner}, which is no longer in the cluster")]
    private static partial void LogAdopted(ILogger logger, int count, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} webhook deliveries processed more than {Days} days ago")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook inbox sweep failed; it runs again shortly")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
