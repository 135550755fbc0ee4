using LaoCaiFanpage.Contracts.Units;

namespace LaoCaiFanpage.Grains.Units;

public sealed class UnitCaseState
{
    public SortedSet<string> OpenCaseIds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A unit's queue: the cases currently open for it.</summary>
public sealed class UnitGrain(
    [PersistentState("unit")] IPersistentState<UnitCaseState> unit) : Grain, IUnitGrain
{
    public async Task TrackCase(string caseId, bool open)
    {
        var changed = open ? unit.State.OpenCaseIds.Add(caseId) : unit.State.OpenCaseIds.Remove(caseId);
        if (changed)
        {
            await unit.WriteStateAsync();
        }
    }

    public Task<UnitCases> GetCases() =>
        Task.FromResult(new UnitCases(this.GetPrimaryKeyString(), [.. unit.State.OpenCaseIds]));
}
