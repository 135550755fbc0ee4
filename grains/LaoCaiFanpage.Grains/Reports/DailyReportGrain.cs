using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Reports;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Fanpages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>
/// The daily report of one date (R10). One activation per date serialises generation, so the schedule and an
/// officer asking at the same moment make one report; asking again returns it unless a new version is wanted.
/// The report goes to the archive, to the leadership screens (a "report" alert) and to every configured channel,
/// retried from the stored state until each accepts it.
/// </summary>
public sealed partial class DailyReportGrain(
    [PersistentState("daily-report")] IPersistentState<DailyReportState> report,
    ReportStore store,
    ReportComposer composer,
    IReportDelivery delivery,
    IOptions<FanpageOptions> fanpage,
    TimeProvider time,
    ILogger<DailyReportGrain> logger) : Grain, IDailyReportGrain, IRemindable
{
    public const string AlertKind = "report";
    private const string DeliveryReminder = "deliver";
    private const int MaxAttempts = 30;

    private IGrainTimer? _timer;

    private string Key => this.GetPrimaryKeyString();

    private DateOnly Date => DateOnly.ParseExact(Key, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<DailyReportStamp> Generate(bool regenerate, Actor actor)
    {
        var state = report.State;
        if (state.Version > 0 && !regenerate)
        {
            return Stamp();
        }

        var now = time.GetUtcNow();
        var built = await composer.Build(ActivityReport.Daily, Date, Date, now);
        var version = await store.Archive(fanpage.Value.PageId, built, actor.Name);
        state.Version = version;
        state.GeneratedAt = now;
        state.GeneratedBy = actor.Name;
        state.Deliveries = delivery.Channels.ToDictionary(c => c, _ => new DeliveryRecord { NextAttemptAt = now }, StringComparer.Ordinal);
        state.PendingAudit = [PendingAuditEntry.Create(++state.AuditSeq, now, actor, version == 1 ? "report.generated" : "report.regenerated", "report/daily/" + Key,
            new { version, summary = ReportStore.Summarize(built) })];
        await report.WriteStateAsync();
        LogGenerated(logger, Key, version, actor.Name);

        await Announce(now, version);
        await Deliver(built);
        return Stamp();
    }

    public async Task Tick()
    {
        if (report.State.Deliveries.Values.Any(d => !d.Delivered && d.Attempts < MaxAttempts) && await store.Find(Date) is { } archived)
        {
            await Deliver(archived.Report);
        }
    }

    public Task<DailyReportStamp> Get() => Task.FromResult(Stamp());

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => Tick();

    /// <summary>Tells every screen the report is ready; leadership screens list it (an inactive alert: nothing to act on).</summary>
    private async Task Announce(DateTimeOffset now, int version)
    {
        try
        {
            var label = Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], null,
                [new OperatorAlert(AlertKind, Key, version == 1 ? $"Báo cáo ngày {label} đã sẵn sàng" : $"Báo cáo ngày {label} đã được lập lại (bản {version})", now, false)]));
        }
        catch (Exception ex)
        {
            LogAnnounceFailed(logger, ex, Key);
        }
    }

    private async Task Deliver(ActivityReport built)
    {
        var state = report.State;
        var now = time.GetUtcNow();
        var changed = false;
        var audit = new List<PendingAuditEntry>();
        foreach (var (channel, record) in state.Deliveries.Where(d => !d.Value.Delivered && d.Value.Attempts < MaxAttempts && d.Value.NextAttemptAt <= now).ToList())
        {
            string? error;
            try
            {
                error = await delivery.Deliver(channel, built, state.Version, CancellationToken.None);
            }
            catch (Exception ex)
            {
                error = ex.Message;
            }

            changed = true;
            record.Attempts++;
            if (error is null)
            {
                record.Delivered = true;
                record.DeliveredAt = now;
                record.LastError = null;
                audit.Add(PendingAuditEntry.Create(++state.AuditSeq, now, Actor.System("report-delivery"), "report.delivered", "report/daily/" + Key,
                    new { channel, version = state.Version, attempts = record.Attempts }));
                continue;
            }

            record.LastError = error;
            record.NextAttemptAt = now + TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, record.Attempts - 1)));
            LogDeliveryFailed(logger, Key, channel, record.Attempts, error);
        }

        if (changed)
        {
            // One write for the round: the attempts, and an audit row for each channel that accepted.
            state.PendingAudit = audit;
            await report.WriteStateAsync();
        }

        await Arm();
    }

    /// <summary>Wakes for the next delivery attempt; nothing owed, no reminder.</summary>
    private async Task Arm()
    {
        var owed = report.State.Deliveries.Values.Where(d => !d.Delivered && d.Attempts < MaxAttempts).Select(d => d.NextAttemptAt).ToList();
        if (owed.Count == 0)
        {
            if (await this.GetReminder(DeliveryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var due = owed.Min() - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(DeliveryReminder, due < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : due, TimeSpan.FromMinutes(5));
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions { DueTime = due < TimeSpan.Zero ? TimeSpan.Zero : due, Period = Timeout.InfiniteTimeSpan, Interleave = false });
    }

    private DailyReportStamp Stamp() => new(Key, report.State.Version > 0, report.State.Version, report.State.GeneratedAt, report.State.GeneratedBy,
        [.. report.State.Deliveries.Select(d => new ReportDeliveryStatus(d.Key, d.Value.Delivered, d.Value.Attempts, d.Value.DeliveredAt, d.Value.LastError))]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily report {Date} generated (version {Version}) by {Actor}")]
    private static partial void LogGenerated(ILogger logger, string date, int version, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Daily report {Date}: {Channel} delivery failed (attempt {Attempt}): {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string date, string channel, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Daily report {Date}: the screens were not told")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string date);
}
