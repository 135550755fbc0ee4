using LaoCaiFanpage.Contracts.Dashboard;
using Orleans.Concurrency;

namespace LaoCaiFanpage.Grains.Dashboard;

/// <summary>
/// Fans a delta out to the observer of every host, so that screens connected to any silo see it
/// (an <c>IHubContext</c> reaches only its own host's connections).
/// </summary>
[StatelessWorker]
public sealed class DashboardPushGrain : Grain, IDashboardPushGrain
{
    private static readonly TimeSpan ObserverListLifetime = TimeSpan.FromSeconds(5);

    private IReadOnlyList<IDashboardObserver> _observers = [];
    private long _observersFetchedAt = long.MinValue;

    public async Task Push(DashboardDelta delta)
    {
        // An empty list is re-read every time, so a host that registers late is reached at once.
        if (_observers.Count == 0 || Environment.TickCount64 - _observersFetchedAt > (long)ObserverListLifetime.TotalMilliseconds)
        {
            _observers = await GrainFactory.GetGrain<IDashboardHostListGrain>(0).GetObservers();
            _observersFetchedAt = Environment.TickCount64;
        }

        foreach (var observer in _observers)
        {
            // One-way: a slow or vanished host must not hold up the others.
            _ = observer.OnDelta(delta);
        }
    }
}
