using Orleans.Concurrency;
using LaoCaiFanpage.Contracts.Fanpages;

namespace LaoCaiFanpage.Contracts.Dashboard;

/// <summary>A change the screens must show: fresh counters and/or new feed lines.</summary>
[GenerateSerializer, Immutable, Alias("lcf.DashboardDelta")]
public sealed record DashboardDelta(
    [property: Id(0)] FanpageCounters? Counters,
    [property: Id(1)] IReadOnlyList<FeedItem> Feed,
    [property: Id(2)] IReadOnlyList<LaoCaiFanpage.Contracts.Sla.ClockEvent>? Clocks = null);

/// <summary>Implemented once per host: forwards deltas to that host's SignalR connections.</summary>
public interface IDashboardObserver : IGrainObserver
{
    [OneWay]
    Task OnDelta(DashboardDelta delta);
}

/// <summary>The register of every host's observer (single activation, key 0).</summary>
public interface IDashboardHostListGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or refreshes a host's observer; hosts call this on a heartbeat.</summary>
    Task Register(string hostId, IDashboardObserver observer);

    Task Unregister(string hostId);

    /// <summary>The observers of hosts seen recently (drops the expired ones).</summary>
    Task<IReadOnlyList<IDashboardObserver>> GetObservers();
}

/// <summary>Fans a delta out to every host (a stateless worker; call with key 0).</summary>
public interface IDashboardPushGrain : IGrainWithIntegerKey
{
    [OneWay]
    Task Push(DashboardDelta delta);
}
