using LaoCaiFanpage.Contracts.Dashboard;

namespace LaoCaiFanpage.Grains.Dashboard;

/// <summary>
/// Which hosts want dashboard deltas. Observers are weak references that expire, so hosts re-register
/// on a heartbeat and an entry not refreshed for <see cref="Expiry"/> is dropped.
/// </summary>
public sealed class DashboardHostListGrain(TimeProvider time) : Grain, IDashboardHostListGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (IDashboardObserver Observer, DateTimeOffset SeenAt)> _hosts = new(StringComparer.Ordinal);

    public Task Register(string hostId, IDashboardObserver observer)
    {
        _hosts[hostId] = (observer, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Unregister(string hostId)
    {
        _hosts.Remove(hostId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IDashboardObserver>> GetObservers()
    {
        var cutoff = time.GetUtcNow() - Expiry;
        foreach (var stale in _hosts.Where(h => h.Value.SeenAt < cutoff).Select(h => h.Key).ToList())
        {
            _hosts.Remove(stale);
        }

        return Task.FromResult<IReadOnlyList<IDashboardObserver>>([.. _hosts.Values.Select(h => h.Observer)]);
    }
}
