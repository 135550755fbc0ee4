using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>Every crisis's latest view, for listing and for joining a signal to an active crisis.</summary>
public sealed class CrisisRegistryState
{
    public Dictionary<string, CrisisView> Crises { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The register of crises (single activation, key 0). A signal on posts or a topic of an active crisis joins it;
/// anything else opens a new one. Keeps every active crisis and the latest 500 resolved ones.
/// </summary>
public sealed class CrisisRegistryGrain(
    [PersistentState("crisis-registry")] IPersistentState<CrisisRegistryState> registry) : Grain, ICrisisRegistryGrain
{
    private const int KeepResolved = 500;

    public async Task<CrisisView> Raise(CrisisSignal signal, Actor actor)
    {
        var joined = registry.State.Crises.Values
            .Where(c => CrisisStatuses.IsActive(c.Status) && SameMatter(c, signal))
            .OrderByDescending(c => c.OpenedAt)
            .FirstOrDefault();
        if (joined is not null)
        {
            var updated = await GrainFactory.GetGrain<ICrisisGrain>(joined.Id).AddSignal(signal, actor);
            await Updated(updated);
            return updated;
        }

        var id = "crisis-" + Guid.NewGuid().ToString("N");
        var view = await GrainFactory.GetGrain<ICrisisGrain>(id).Open(signal, actor);
        await Updated(view);
        return view;
    }

    public async Task Updated(CrisisView crisis)
    {
        registry.State.Crises[crisis.Id] = crisis with { Timeline = [] };
        var resolved = registry.State.Crises.Values.Where(c => !CrisisStatuses.IsActive(c.Status)).OrderByDescending(c => c.ResolvedAt).Skip(KeepResolved).ToList();
        foreach (var old in resolved)
        {
            registry.State.Crises.Remove(old.Id);
        }

        await registry.WriteStateAsync();
    }

    public Task<IReadOnlyList<CrisisView>> List(string? status) =>
        Task.FromResult<IReadOnlyList<CrisisView>>([.. registry.State.Crises.Values
            .Where(c => status is null || c.Status == status)
            .OrderByDescending(c => CrisisStatuses.IsActive(c.Status))
            .ThenByDescending(c => c.Severity)
            .ThenByDescending(c => c.OpenedAt)]);

    /// <summary>The same posts, the same sensitive topic, or (for the Department's signals) the same title.</summary>
    private static bool SameMatter(CrisisView crisis, CrisisSignal signal) =>
        crisis.PostIds.Intersect(signal.PostIds, StringComparer.Ordinal).Any()
        || crisis.Keywords.Intersect(signal.Keywords, StringComparer.OrdinalIgnoreCase).Any()
        || string.Equals(crisis.Title.Trim(), signal.Title.Trim(), StringComparison.OrdinalIgnoreCase);
}
