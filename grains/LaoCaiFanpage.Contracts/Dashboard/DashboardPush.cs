using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Sla;
using Orleans.Concurrency;

namespace LaoCaiFanpage.Contracts.Dashboard;

/// <summary>A change the screens must show: fresh counters and/or new feed lines.</summary>
[GenerateSerializer, Immutable, Alias("lcf.DashboardDelta")]
public sealed record DashboardDelta(
    [property: Id(0)] FanpageCounters? Counters,
    [property: Id(1)] IReadOnlyList<FeedItem> Feed,
    [property: Id(2)] IReadOnlyList<ClockEvent>? Clocks = null,
    [property: Id(3)] IReadOnlyList<OperatorAlert>? Alerts = null,
    [property: Id(4)] IReadOnlyList<CaseChange>? Cases = null,
    [property: Id(5)] IReadOnlyList<UserNotification>? Notifications = null,
    [property: Id(6)] IReadOnlyList<string>? ClosedSessions = null);

/// <summary>A notification just written for one person: their open pages ring the bell (only that person's connections hear it).</summary>
[GenerateSerializer, Immutable, Alias("lcf.UserNotification")]
public sealed record UserNotification(
    [property: Id(0)] long Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Title,
    [property: Id(4)] string Link,
    [property: Id(5)] bool Urgent,
    [property: Id(6)] DateTimeOffset At);

/// <summary>Something an operator must act on (publishing halted…); <see cref="Active"/> false clears it.</summary>
[GenerateSerializer, Immutable, Alias("lcf.OperatorAlert")]
public sealed record OperatorAlert(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Message,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] bool Active,
    [property: Id(5)] int? Severity = null,
    [property: Id(6)] DateTimeOffset? Since = null);

/// <summary>A case moved in the workflow: officer pages reload it (they read it through the API, which applies unit scoping).</summary>
[GenerateSerializer, Immutable, Alias("lcf.CaseChange")]
public sealed record CaseChange(
    [property: Id(0)] string CaseId,
    [property: Id(1)] string Status,
    [property: Id(2)] IReadOnlyList<string> Units,
    [property: Id(3)] DateTimeOffset At);

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
