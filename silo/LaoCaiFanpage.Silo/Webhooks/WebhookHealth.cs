using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>The page's subscription as last checked: whether <c>feed</c> and <c>messages</c> reach us.</summary>
public sealed record SubscriptionStatus(DateTimeOffset CheckedAt, bool Subscribed, IReadOnlyList<string> Fields, string? Error);

/// <summary>The webhook as operators see it: the last delivery, the silence since, and the subscription.</summary>
public sealed record WebhookHealthView(
    DateTimeOffset? LastDeliveryAt,
    double? SilentMinutes,
    double SilenceAlertMinutes,
    bool Silent,
    SubscriptionStatus? Subscription);

/// <summary>
/// Watches the webhook itself. A webhook that stops arriving looks like a quiet day, so: the time since the last
/// delivery (counted in office hours of working days) beyond <see cref="WebhookHealthOptions.SilenceAlertMinutes"/>, or a
/// page subscription without <c>feed</c> and <c>messages</c> (<c>GET /{page-id}/subscribed_apps</c>, at start and every
/// <see cref="WebhookHealthOptions.SubscriptionCheckMinutes"/>), raises an operator alert on the wall and the officers'
/// pages; it clears itself when deliveries resume or the subscription is back. Active alerts are pushed again every
/// minute, so a screen opened later shows them too.
/// </summary>
public sealed partial class WebhookHealth(
    WebhookInbox inbox,
    GraphApiClient graph,
    IGrainFactory grains,
    WorkingCalendar calendar,
    IOptions<FanpageOptions> fanpage,
    IOptionsMonitor<GraphApiOptions> graphOptions,
    IOptions<WebhookHealthOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<WebhookHealth> logger) : BackgroundService
{
    public const string SilenceAlert = "webhook-silence";
    public const string SubscriptionAlert = "webhook-subscription";

    private readonly DateTimeOffset _started = time.GetUtcNow();
    private SubscriptionStatus? _subscription;
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);

    public async Task<WebhookHealthView> Current(CancellationToken cancellationToken)
    {
        var last = await inbox.LastReceivedAt(cancellationToken);
        var silent = Silence(last, time.GetUtcNow());
        return new WebhookHealthView(last, Math.Round(silent.TotalMinutes, 1), options.Value.SilenceAlertMinutes,
            silent.TotalMinutes > options.Value.SilenceAlertMinutes, _subscription);
    }

    /// <summary>Asks Meta now which fields of the page reach the app.</summary>
    public async Task<SubscriptionStatus?> CheckSubscription(CancellationToken cancellationToken)
    {
        if (graphOptions.CurrentValue.PageAccessToken is not { Length: > 0 })
        {
            return _subscription = null;
        }

        try
        {
            var apps = await graph.SubscribedApps(fanpage.Value.PageId, cancellationToken);
            var fields = apps.SelectMany(a => a.Fields).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var subscribed = apps.Any(a => a.Fields.Contains("feed") && a.Fields.Contains("messages"));
            return _subscription = new SubscriptionStatus(time.GetUtcNow(), subscribed, fields, null);
        }
        catch (GraphApiException ex)
        {
            LogCheckFailed(logger, ex.Summary);
            return _subscription = new SubscriptionStatus(time.GetUtcNow(), false, [], ex.Summary);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(lifetime, stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.WatchSeconds), time);
        DateTimeOffset? checkedAt = null;
        do
        {
            try
            {
                var now = time.GetUtcNow();
                if (checkedAt is null || now - checkedAt >= TimeSpan.FromMinutes(options.Value.SubscriptionCheckMinutes))
                {
                    checkedAt = now;
                    await CheckSubscription(stoppingToken);
                }

                var health = await Current(stoppingToken);
                var alerts = new List<OperatorAlert>
                {
                    new(SilenceAlert, fanpage.Value.PageId,
                        $"Không nhận được dữ liệu webhook từ Facebook {Math.Round(health.SilentMinutes ?? 0)} phút trong giờ làm việc: kiểm tra kết nối và đăng ký webhook của Trang",
                        now, health.Silent),
                    new(SubscriptionAlert, fanpage.Value.PageId,
                        _subscription?.Error is { } error
                            ? "Không kiểm tra được đăng ký webhook của Trang: " + error
                            : $"Đăng ký webhook của Trang thiếu trường feed hoặc messages (đang có: {string.Join(", ", _subscription?.Fields ?? [])}): bình luận và tin nhắn sẽ không về",
                        now, _subscription is { Subscribed: false }),
                };
                // Active ones every minute (a screen opened since shows them), and the one push that clears each.
                var push = alerts.Where(a => a.Active || _active.Contains(a.Kind)).ToList();
                foreach (var alert in alerts)
                {
                    if (alert.Active && _active.Add(alert.Kind))
                    {
                        LogAlert(logger, alert.Message);
                    }
                    else if (!alert.Active)
                    {
                        _active.Remove(alert.Kind);
                    }
                }

                if (push.Count > 0)
                {
                    await grains.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], null, push));
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogWatchFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private TimeSpan Silence(DateTimeOffset? last, DateTimeOffset now)
    {
        var from = last ?? _started;
        if (from >= now)
        {
            return TimeSpan.Zero;
        }

        return options.Value.SilenceInOfficeHoursOnly ? calendar.WorkingTimeBetween(from, now) : now - from;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook alert: {Message}")]
    private static partial void LogAlert(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page's webhook subscription could not be checked: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching the webhook failed; the next minute tries again")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
