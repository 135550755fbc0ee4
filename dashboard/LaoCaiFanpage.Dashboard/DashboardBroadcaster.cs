using System.Diagnostics;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Diagnostics;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Sla;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Dashboard;

/// <summary>
/// This host's end of the push path: receives deltas from the grains (as an Orleans observer), merges
/// them, and sends at most one numbered message per push interval to the host's screens.
/// </summary>
public sealed partial class DashboardBroadcaster(
    IHubContext<DashboardHub> hub,
    IHubContext<CaseHub> caseHub,
    IGrainFactory grains,
    IOptions<DashboardOptions> options,
    ScreenPrivacy privacy,
    ScreenConnections screens,
    TimeProvider time,
    ILogger<DashboardBroadcaster> logger) : BackgroundService, IDashboardObserver
{
    private readonly string _hostId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FeedItem> _pendingFeed = new(StringComparer.Ordinal);
    private readonly List<string> _pendingOrder = [];
    private readonly Dictionary<(string CaseId, string ClockId), ClockEvent> _pendingClocks = [];
    private readonly Dictionary<string, CaseChange> _pendingCases = new(StringComparer.Ordinal);
    private readonly List<OperatorAlert> _pendingAlerts = [];
    private readonly List<UserNotification> _pendingNotifications = [];
    private FanpageCounters? _pendingCounters;
    private readonly SemaphoreSlim _pending = new(0, 1);
    private long _sequence;
    private volatile bool _registered;

    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>True once grains can reach this host's screens.</summary>
    public bool IsRegistered => _registered;

    public Task OnDelta(DashboardDelta delta)
    {
        // A session that ended (or whose rights changed) on any host: its connections here close now, not at the next push.
        if (delta.ClosedSessions is { Count: > 0 } closed)
        {
            screens.Abort(closed);
        }

        lock (_gate)
        {
            if (delta.Counters is not null && (_pendingCounters is null || delta.Counters.AsOf >= _pendingCounters.AsOf))
            {
                _pendingCounters = delta.Counters;
            }

            foreach (var item in delta.Feed)
            {
                if (!_pendingFeed.ContainsKey(item.MessageId))
                {
                    _pendingOrder.Add(item.MessageId);
                }

                _pendingFeed[item.MessageId] = item;
            }

            foreach (var change in delta.Cases ?? [])
            {
                _pendingCases[change.CaseId] = change;
            }

            _pendingAlerts.AddRange(delta.Alerts ?? []);
            _pendingNotifications.AddRange(delta.Notifications ?? []);

            foreach (var clock in delta.Clocks ?? [])
            {
                // The latest state of each clock is what the screens need.
                _pendingClocks[(clock.CaseId, clock.Clock.Id)] = clock;
            }
        }

        // Wake the sender; a signal already pending covers this delta too.
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = Task.Run(() => KeepRegistered(stoppingToken), stoppingToken);
        var interval = options.Value.PushInterval;
        var sincePush = Stopwatch.StartNew();
        var pushedBefore = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A delta after a quiet spell goes out at once; during a burst, at most one push per interval.
                await _pending.WaitAsync(stoppingToken);
                var wait = interval - sincePush.Elapsed;
                if (pushedBefore && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stoppingToken);
                }

                sincePush.Restart();
                pushedBefore = true;
                await Flush(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task Flush(CancellationToken cancellationToken)
    {
        WallDelta? delta = null;
        CaseChange[] cases;
        OperatorAlert[] alerts;
        UserNotification[] notifications;
        lock (_gate)
        {
            cases = [.. _pendingCases.Values];
            alerts = [.. _pendingAlerts];
            notifications = [.. _pendingNotifications];
            _pendingCases.Clear();
            _pendingAlerts.Clear();
            _pendingNotifications.Clear();
            if (_pendingCounters is not null || _pendingOrder.Count > 0 || _pendingClocks.Count > 0)
            {
                var feed = _pendingOrder.Select(id => privacy.ForScreen(_pendingFeed[id])).ToArray();
                delta = new WallDelta(Interlocked.Increment(ref _sequence), _pendingCounters, feed, [.. _pendingClocks.Values.Select(privacy.ForScreen)]);
                _pendingCounters = null;
                _pendingClocks.Clear();
                _pendingFeed.Clear();
                _pendingOrder.Clear();
            }
        }

        if (delta is not null)
        {
            try
            {
                await hub.Clients.Group(DashboardHub.WallGroup).SendAsync(DashboardHub.DeltaMethod, delta, cancellationToken);
                var sent = time.GetUtcNow();
                foreach (var item in delta.Feed)
                {
                    FanpageTelemetry.PushLatency.Record(Math.Max(0, (sent - item.ReceivedAt).TotalSeconds));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Clients notice the sequence gap and take a fresh snapshot.
                LogSendFailed(logger, ex, delta.Sequence);
            }
        }

        await SendOthers(cases, alerts, cancellationToken);
        await SendNotifications(notifications, cancellationToken);
    }

    /// <summary>Each person's new notifications to that person's open pages only.</summary>
    private async Task SendNotifications(UserNotification[] notifications, CancellationToken cancellationToken)
    {
        foreach (var notification in notifications)
        {
            try
            {
                await caseHub.Clients.Group(CaseHub.UserGroup(notification.Username)).SendAsync(CaseHub.NotificationMethod,
                    new { notification.Id, notification.Kind, notification.Title, notification.Link, notification.Urgent, notification.At }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(logger, ex, -1);
            }
        }
    }

    /// <summary>Case moves to the officer pages that may see them; operator alerts to every screen.</summary>
    private async Task SendOthers(CaseChange[] cases, OperatorAlert[] alerts, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var alert in alerts)
            {
                await hub.Clients.Group(DashboardHub.WallGroup).SendAsync(DashboardHub.AlertMethod, alert, cancellationToken);
                await caseHub.Clients.All.SendAsync(DashboardHub.AlertMethod, alert, cancellationToken);
            }

            if (cases.Length > 0)
            {
                await caseHub.Clients.Group(CaseHub.AllCasesGroup).SendAsync(CaseHub.ChangedMethod, cases, cancellationToken);
                foreach (var unit in cases.SelectMany(c => c.Units).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    await caseHub.Clients.Group(CaseHub.UnitGroup(unit)).SendAsync(CaseHub.ChangedMethod,
                        cases.Where(c => c.Units.Contains(unit, StringComparer.OrdinalIgnoreCase)).ToArray(), cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(logger, ex, -1);
        }
    }

    private async Task KeepRegistered(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<IDashboardObserver>(this);
        var list = grains.GetGrain<IDashboardHostListGrain>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = options.Value.ObserverHeartbeat;
            try
            {
                await list.Register(_hostId, reference);
                _registered = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRegisterFailed(logger, ex);
                delay = TimeSpan.FromSeconds(1);
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            await list.Unregister(_hostId).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogUnregisterFailed(logger, ex);
        }

        grains.DeleteObjectReference<IDashboardObserver>(reference);
    }

    public override void Dispose()
    {
        _pending.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard delta {Sequence} could not be sent to the screens")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard observer registration failed; retrying in 1 s")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dashboard observer could not be unregistered at shutdown")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception);
}
