using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Contracts.Integrity;
using LaoCaiFanpage.Contracts.Sla;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Dashboard;

public sealed record WallSnapshot(long Sequence, FanpageSnapshot Page, IReadOnlyList<OperatorAlert> Crises, IReadOnlyList<OperatorAlert> Impostors,
    IReadOnlyList<OperatorAlert> Integrity);

public sealed record WallDelta(long Sequence, FanpageCounters? Counters, IReadOnlyList<FeedItem> Feed, IReadOnlyList<ClockEvent> Clocks);

/// <summary>
/// The screens' hub. A client calls <see cref="GetSnapshot"/> on connect, then applies <c>delta</c>
/// messages in sequence; a gap in the sequence means it missed one and must take a new snapshot.
/// </summary>
[Authorize(Policy = AccessPolicies.Screens)]
public sealed class DashboardHub(IGrainFactory grains, DashboardBroadcaster broadcaster, ScreenConnections screens, ScreenPrivacy privacy, IOptions<DashboardOptions> options) : Hub
{
    public const string Path = "/hubs/dashboard";
    public const string WallGroup = "wall";
    public const string DeltaMethod = "delta";
    public const string AlertMethod = "alert";

    public override async Task OnConnectedAsync()
    {
        screens.Track(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, WallGroup);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        screens.Forget(Context);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<WallSnapshot> GetSnapshot()
    {
        // The sequence is read first: anything pushed after it is newer than or already in the snapshot,
        // and deltas are idempotent (absolute counters, feed lines keyed by message id).
        var sequence = broadcaster.Sequence;
        var page = await grains.GetGrain<IFanpageGrain>(options.Value.PageId).GetSnapshot();
        page = page with { RecentFeed = [.. page.RecentFeed.Select(privacy.ForScreen)] };

        // Active crises are on the screen from the first moment (the banner does not wait for the next alert).
        var crises = await grains.GetGrain<ICrisisRegistryGrain>(0).List(null);
        var impostors = await grains.GetGrain<IImpostorRegistryGrain>(0).List(null);
        var findings = await grains.GetGrain<IIntegrityGrain>(options.Value.PageId).List(IntegrityStatuses.Open);
        return new WallSnapshot(sequence, page, [.. crises.Where(c => CrisisStatuses.IsActive(c.Status))
            .Select(c => new OperatorAlert("crisis", c.Id, $"Khủng hoảng mức {c.Severity}: {c.Title} — {c.StatusLabel.ToLowerInvariant()}", c.OpenedAt, true, c.Severity, c.OpenedAt))],
            [.. impostors.Where(p => ImpostorStatuses.IsFlagged(p.Status)).Select(p => ImpostorAlerts.For(p, p.LastCheckedAt))],
            [.. findings.Select(f => IntegrityAlerts.For(f, f.SeenAt))]);
    }
}
