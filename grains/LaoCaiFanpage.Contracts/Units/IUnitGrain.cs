namespace LaoCaiFanpage.Contracts.Units;

/// <summary>An organisational unit that answers cases (key: its unit code, e.g. <c>STC</c>).</summary>
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Records that a case is (still) open for this unit, or no longer.</summary>
    Task TrackCase(string caseId, bool open);

    [Orleans.Concurrency.ReadOnly]
    Task<UnitCases> GetCases();
}

[GenerateSerializer, Immutable, Alias("lcf.UnitCases")]
public sealed record UnitCases(
    [property: Id(0)] string Code,
    [property: Id(1)] IReadOnlyList<string> OpenCaseIds);
