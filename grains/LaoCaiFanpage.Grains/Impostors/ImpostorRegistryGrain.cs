using LaoCaiFanpage.Contracts.Impostors;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>Every candidate page's latest view (without history), for the list, the screens and the re-check.</summary>
public sealed class ImpostorRegistryState
{
    public Dictionary<string, ImpostorView> Pages { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The register of candidate pages (single activation, key 0). Pages tell it what they look like; it never calls
/// them back (no grain-to-grain cycle). Keeps every page an officer must still act on and the latest 2,000 others.
/// </summary>
public sealed class ImpostorRegistryGrain(
    [PersistentState("impostor-registry")] IPersistentState<ImpostorRegistryState> registry) : Grain, IImpostorRegistryGrain
{
    private const int KeepSettled = 2000;

    public async Task Updated(ImpostorView page)
    {
        registry.State.Pages[page.Id] = page with { History = [] };
        var settled = registry.State.Pages.Values
            .Where(p => !ImpostorStatuses.IsFlagged(p.Status) && p.Status != ImpostorStatuses.Official)
            .OrderByDescending(p => p.LastCheckedAt)
            .Skip(KeepSettled)
            .ToList();
        foreach (var old in settled)
        {
            registry.State.Pages.Remove(old.Id);
        }

        await registry.WriteStateAsync();
    }

    public Task<IReadOnlyList<ImpostorView>> List(string? status) =>
        Task.FromResult<IReadOnlyList<ImpostorView>>([.. registry.State.Pages.Values
            .Where(p => status is null || p.Status == status)
            .OrderByDescending(p => ImpostorStatuses.IsFlagged(p.Status))
            .ThenByDescending(p => p.Score)
            .ThenByDescending(p => p.LastCheckedAt)]);
}
