using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>
/// Each host's notification worker: it turns the notices grains wrote into notifications (and rings the bells of
/// those people's open pages), sends the deliveries that are due with backoff per channel, and once each working
/// day gives the Chief of Office the units' missed clocks. Several hosts share the work through the database.
/// </summary>
public sealed partial class NotificationDispatcher(
    NotificationStore store,
    NotificationSender sender,
    WorkingCalendar calendar,
    FanpageDatabase database,
    IGrainFactory grains,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int ExpandBatch = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly string _host = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private DateOnly? _summaryDoneFor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Dialect == SqlDialect.Sqlite)
        {
            // One host per file: a claim still on a row was left by this host's previous run.
            await store.ReleaseClaims(stoppingToken);
        }

        var planner = new NotificationPlanner(calendar, options.Value, sender.EmailConfigured, sender.PushConfigured);
        var every = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnce(planner, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, ex);
            }

            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: expand, send what is due, the daily summary.</summary>
    public async Task RunOnce(NotificationPlanner planner, CancellationToken cancellationToken)
    {
        // A backlog (notices nobody is addressed by, after a restart) is worked through in batches, not one a second.
        int events;
        do
        {
            (events, var created) = await store.ExpandPending(planner, ExpandBatch, cancellationToken);
            if (created.Count > 0)
            {
                await RingBells(created);
            }
        }
        while (events == ExpandBatch);

        foreach (var delivery in await store.ClaimDue(_host, Lease, 25, cancellationToken))
        {
            await Send(delivery, cancellationToken);
        }

        await SummariseMissed(cancellationToken);
    }

    private async Task Send(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var outcome = await sender.Send(delivery, cancellationToken);
        if (outcome.Error is null)
        {
            await store.Record(delivery.Id, null, null, CancellationToken.None);
            return;
        }

        if (outcome.SubscriptionGone && delivery.Subscription is { } gone)
        {
            await store.Unsubscribe(gone.Id, null, "push-service: " + outcome.Error, CancellationToken.None);
        }

        var attempt = delivery.Attempts + 1;
        var final = outcome.Permanent || attempt >= options.Value.MaxAttempts;
        LogSendFailed(logger, delivery.Channel, delivery.NotificationId, attempt, final, outcome.Error);
        await store.Record(delivery.Id, outcome.Error, final ? null : Backoff(attempt, options.Value.FirstRetrySeconds), CancellationToken.None);
    }

    /// <summary>The first wait (30 s by default), doubling: at most 30 min between attempts.</summary>
    public static TimeSpan Backoff(int attempt, int firstSeconds) => TimeSpan.FromSeconds(Math.Min(1800, firstSeconds * Math.Pow(2, Math.Min(attempt - 1, 16))));

    private async Task RingBells(IReadOnlyList<CreatedNotification> created)
    {
        try
        {
            await grains.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], Notifications:
                [.. created.Select(c => new UserNotification(c.Id, c.Username, c.Kind, c.Title, c.Link, c.Urgent, c.At))]));
        }
        catch (Exception ex)
        {
            // The list is stored: the bell shows it on the page's next read.
            LogBellFailed(logger, ex);
        }
    }

    /// <summary>R9, R14: once a working day, from Notifications:MissedSummaryAt, the Chief of Office gets every unit's missed clocks.</summary>
    private async Task SummariseMissed(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var at = TimeOnly.ParseExact(options.Value.MissedSummaryAt, "HH:mm", CultureInfo.InvariantCulture);
        if (_summaryDoneFor == today || !calendar.IsWorkingDay(today) || TimeOnly.FromTimeSpan(now.ToVietnam().TimeOfDay) < at)
        {
            return;
        }

        var missed = await store.MissedByUnit(now, cancellationToken);
        _summaryDoneFor = today;
        if (missed.Count == 0)
        {
            return;
        }

        var lines = missed.Select(m => $"- {m.Unit}: {m.Count} việc quá hạn, lâu nhất từ {m.Oldest.ToVietnam():HH:mm dd/MM/yyyy}");
        var total = missed.Sum(m => m.Count);
        var seq = long.Parse(today.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        await store.AddEvent(new PendingNotice(seq, now.ToUnixTimeMilliseconds(), NoticeKinds.MissedSummary, "summary/missed", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            $"Tổng hợp quá hạn ngày {today:dd/MM/yyyy}: {total} việc ở {missed.Count} đơn vị",
            "Các đơn vị còn việc quá hạn chưa trả lời:\n" + string.Join("\n", lines), "/cases", null,
            null, [], [], [Roles.ChiefOfOffice], []), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification round failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} by {Channel}: attempt {Attempt} failed (final: {Final}): {Error}")]
    private static partial void LogSendFailed(ILogger logger, string channel, long notificationId, int attempt, bool final, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "New notifications are stored but open pages were not told")]
    private static partial void LogBellFailed(ILogger logger, Exception exception);
}
