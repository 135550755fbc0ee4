using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Contracts.Impostors;

/// <summary>The page after a command, or why it was refused (a <see cref="Refusal"/>).</summary>
[GenerateSerializer, Immutable, Alias("lcf.ImpostorCommandResult")]
public sealed record ImpostorCommandResult(
    [property: Id(0)] ImpostorView? Page,
    [property: Id(1)] Refusal? Refusal);

/// <summary>One candidate page (key: "page-" and 32 hex digits of its identity: page id, else username, else address).</summary>
public interface IImpostorPageGrain : IGrainWithStringKey
{
    /// <summary>Records what was seen of the page (first time or again) and scores it.</summary>
    Task<ImpostorView> Observe(PageCandidate candidate, Actor actor);

    /// <summary>confirm, report (with Meta's report reference), remove, dismiss.</summary>
    Task<ImpostorCommandResult> Act(string action, string? reference, string? note, Actor actor);

    /// <summary>The re-check found the page gone from Facebook.</summary>
    Task<ImpostorView?> Gone(Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<ImpostorView?> Get();
}

/// <summary>Every candidate page (single activation, key 0), for the list, the screens and the re-check.</summary>
public interface IImpostorRegistryGrain : IGrainWithIntegerKey
{
    Task Updated(ImpostorView page);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ImpostorView>> List(string? status);
}
