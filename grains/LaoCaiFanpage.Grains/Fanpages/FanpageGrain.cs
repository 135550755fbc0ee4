using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Crisis;
using LaoCaiFanpage.Grains.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Fanpages;

/// <summary>
/// The official page's live picture. Everything here is derived: on activation it is rebuilt from the
/// case catalogue, so the page grain never becomes a write bottleneck on the ingest path.
/// </summary>
public sealed partial class FanpageGrain(
    ICaseCatalog catalog,
    IOptions<FanpageOptions> options,
    CommentSignals signals,
    IOptions<CrisisDetectionOptions> crisisOptions,
    ILogger<FanpageGrain> logger,
    TimeProvider time) : Grain, IFanpageGrain
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(30);

    private readonly LiveCounters _counters = new();
    private readonly List<FeedItem> _feed = [];

    /// <summary>Unfinished clocks of the page's cases and their state, for the due-soon and overdue figures.</summary>
    private readonly Dictionary<(string CaseId, string ClockId), string> _clockStates = [];
    private int _dueSoon;
    private int _overdue;
    private FanpageCounters? _lastPushed;
    private CrisisDetector? _detector;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var startOfToday = VietnamTime.StartOf(VietnamTime.DateOf(now));
        var since = startOfToday < now.AddHours(-1) ? startOfToday : now.AddHours(-1);
        var seed = await catalog.LoadActivity(this.GetPrimaryKeyString(), since, options.Value.FeedSize, cancellationToken);
        foreach (var record in seed.Activity)
        {
            _counters.Count(record.MessageId, record.Channel, record.PostId, record.IsPage, record.CreatedAt);
        }

        _counters.SetOpenCases(seed.OpenCases);
        foreach (var clock in await catalog.UnfinishedClocks(this.GetPrimaryKeyString(), cancellationToken))
        {
            SetClockState((clock.CaseId, clock.ClockId), clock.State);
        }

        _feed.AddRange(seed.RecentFeed);
        _lastPushed = ReadCounters(now);

        // Hour and day boundaries change the counters without any delivery: screens must see that too.
        this.RegisterGrainTimer(PushIfClockChangedCounters, new GrainTimerCreationOptions(ClockTick, ClockTick) { Interleave = false });
    }

    public async Task RecordActivity(IReadOnlyList<FeedItem> items, IReadOnlyList<ClockEvent> clocks)
    {
        var bursts = Watch(items);
        await Count(items, clocks);
        foreach (var burst in bursts)
        {
            await RaiseCrisis(burst);
        }
    }

    /// <summary>R8.4d: every new citizen comment goes past the crisis detectors (velocity, anger, sensitive topics).</summary>
    private List<DetectedBurst> Watch(IReadOnlyList<FeedItem> items)
    {
        _detector ??= new CrisisDetector(crisisOptions.Value);
        var bursts = new List<DetectedBurst>();
        foreach (var item in items.Where(i => i.Change == ThreadEventKind.Add && !i.Author.IsPage))
        {
            bursts.AddRange(_detector.Observe(signals.Read(item.PostId, item.ReceivedAt, item.Text)));
        }

        return bursts;
    }

    private async Task RaiseCrisis(DetectedBurst burst)
    {
        try
        {
            await GrainFactory.GetGrain<ICrisisRegistryGrain>(0).Raise(
                new CrisisSignal(CrisisSources.Automatic, burst.Title, null, burst.Severity, null,
                    burst.PostIds, burst.Keywords, [.. burst.Evidence, "Bộ phát hiện: " + string.Join(", ", burst.Detectors)], burst.At),
                Actor.System("crisis-detector"));
        }
        catch (Exception ex)
        {
            LogCrisisNotRaised(logger, ex, burst.Title);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A detected crisis was not raised: {Title}")]
    private static partial void LogCrisisNotRaised(ILogger logger, Exception exception, string title);

    private Task Count(IReadOnlyList<FeedItem> items, IReadOnlyList<ClockEvent> clocks)
    {
        NoteClocks(clocks);
        foreach (var item in items)
        {
            if (item.Change == ThreadEventKind.Add)
            {
                _counters.Count(item.MessageId, item.Channel, item.PostId, item.Author.IsPage, item.CreatedAt);
            }

            if (item.OpensCase)
            {
                _counters.CaseOpened();
            }

            _feed.RemoveAll(f => f.MessageId == item.MessageId);
            _feed.Add(item);
        }

        if (_feed.Count > options.Value.FeedSize)
        {
            _feed.RemoveRange(0, _feed.Count - options.Value.FeedSize);
        }

        _lastPushed = ReadCounters(time.GetUtcNow());
        return Push(new DashboardDelta(_lastPushed, items, clocks));
    }

    public Task RecordClocks(IReadOnlyList<ClockEvent> events)
    {
        NoteClocks(events);
        _lastPushed = ReadCounters(time.GetUtcNow());
        return Push(new DashboardDelta(_lastPushed, [], events));
    }

    private void NoteClocks(IReadOnlyList<ClockEvent> events)
    {
        foreach (var clockEvent in events)
        {
            SetClockState((clockEvent.CaseId, clockEvent.Clock.Id), clockEvent.Clock.CompletedAt is null ? clockEvent.Clock.State : null);
        }
    }

    /// <summary>Records an unfinished clock's state (null: finished) and keeps the two counts current in O(1).</summary>
    private void SetClockState((string CaseId, string ClockId) key, string? state)
    {
        if (_clockStates.Remove(key, out var previous))
        {
            Count(previous, -1);
        }

        if (state is not null)
        {
            _clockStates[key] = state;
            Count(state, +1);
        }

        void Count(string clockState, int delta)
        {
            if (clockState == ClockStates.DueSoon)
            {
                _dueSoon += delta;
            }
            else if (clockState == ClockStates.Missed)
            {
                _overdue += delta;
            }
        }
    }

    private FanpageCounters ReadCounters(DateTimeOffset now) => _counters.Read(now) with { DueSoon = _dueSoon, Overdue = _overdue };

    public Task<FanpageSnapshot> GetSnapshot()
    {
        var isOfficial = this.GetPrimaryKeyString() == options.Value.PageId;
        return Task.FromResult(new FanpageSnapshot(
            this.GetPrimaryKeyString(),
            isOfficial ? options.Value.Username : null,
            isOfficial ? options.Value.Name : null,
            ReadCounters(time.GetUtcNow()),
            [.. _feed]));
    }

    private Task PushIfClockChangedCounters(CancellationToken cancellationToken)
    {
        var counters = ReadCounters(time.GetUtcNow());
        if (_lastPushed is not null && SameFigures(counters, _lastPushed))
        {
            return Task.CompletedTask;
        }

        _lastPushed = counters;
        return Push(new DashboardDelta(counters, []));
    }

    private static bool SameFigures(FanpageCounters a, FanpageCounters b) =>
        a.CommentsToday == b.CommentsToday && a.CommentsThisHour == b.CommentsThisHour
        && a.MessagesToday == b.MessagesToday && a.MessagesThisHour == b.MessagesThisHour
        && a.PageRepliesToday == b.PageRepliesToday && a.OpenCases == b.OpenCases
        && a.DueSoon == b.DueSoon && a.Overdue == b.Overdue
        && a.BusiestPosts.SequenceEqual(b.BusiestPosts);

    private Task Push(DashboardDelta delta) => GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(delta);
}
