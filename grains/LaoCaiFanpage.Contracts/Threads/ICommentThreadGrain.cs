namespace LaoCaiFanpage.Contracts.Threads;

/// <summary>
/// One case: a top-level comment with its replies (key: Facebook's comment id verbatim), a visitor
/// post (key: its post id) or a Messenger conversation (key: <c>messenger:{pageId}:{psid}</c>).
/// </summary>
/// <remarks>Every command names its <see cref="LaoCaiFanpage.Contracts.Accounts.Actor"/>: the action and its audit row are stored together.</remarks>
public interface ICommentThreadGrain : IGrainWithStringKey
{
    /// <summary>Applies the changes in order and returns once they are durably stored.</summary>
    Task<IngestResult> Ingest(IReadOnlyList<ThreadEvent> events);

    /// <summary>Routes the case to its unit(s) and starts their answer clocks (R9.1, R9.3).</summary>
    Task<LaoCaiFanpage.Contracts.Sla.CaseCommandResult> Assign(LaoCaiFanpage.Contracts.Sla.Assignment assignment, LaoCaiFanpage.Contracts.Accounts.Actor actor);

    /// <summary>One assigned unit asks another for information: a 2-working-day clock on the asked unit (R9.2).</summary>
    Task<LaoCaiFanpage.Contracts.Sla.CaseCommandResult> RequestCoordination(LaoCaiFanpage.Contracts.Sla.CoordinationRequest request, LaoCaiFanpage.Contracts.Accounts.Actor actor);

    /// <summary>Marks a running clock as met now (the unit answered); the workflow calls this.</summary>
    Task<LaoCaiFanpage.Contracts.Sla.CaseCommandResult> CompleteClock(string clockId, LaoCaiFanpage.Contracts.Accounts.Actor actor);

    /// <summary>Brings every clock up to date with the current time and re-arms the next wake-up (idempotent).</summary>
    Task Tick();

    /// <summary>The case, or null when nothing a citizen wrote has reached this thread.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CaseSnapshot?> GetCase();
}

[GenerateSerializer, Immutable, Alias("lcf.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Duplicates);
