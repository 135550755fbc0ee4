using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Publishing;

namespace LaoCaiFanpage.Contracts.Crisis;

/// <summary>What officers do with a crisis.</summary>
public static class CrisisActions
{
    public const string Acknowledge = "acknowledge";
    public const string Respond = "respond";
    public const string Resolve = "resolve";

    public static IReadOnlyList<string> All { get; } = [Acknowledge, Respond, Resolve];
}

/// <summary>The crisis after a command, or why it was refused (a <see cref="Refusal"/>).</summary>
[GenerateSerializer, Immutable, Alias("lcf.CrisisCommandResult")]
public sealed record CrisisCommandResult(
    [property: Id(0)] CrisisView? Crisis,
    [property: Id(1)] Refusal? Refusal);

/// <summary>One media crisis (key: "crisis-" and 32 hex digits): its signals, evidence, alerts and the officers' actions.</summary>
public interface ICrisisGrain : IGrainWithStringKey
{
    Task<CrisisView> Open(CrisisSignal signal, Actor actor);

    /// <summary>A further signal on the same posts or topic: its evidence joins the timeline; the severity only rises.</summary>
    Task<CrisisView> AddSignal(CrisisSignal signal, Actor actor);

    /// <summary>acknowledge → respond → resolve (each with an optional note).</summary>
    Task<CrisisCommandResult> Act(string action, string? note, Actor actor);

    /// <summary>A crisis officer writes (or rewrites) the response plan; not while it waits for approval or after.</summary>
    Task<CrisisCommandResult> SavePlan(CrisisPlanInput plan, Actor actor);

    /// <summary>The plan goes to the Chief of Office.</summary>
    Task<CrisisCommandResult> SubmitPlan(Actor actor);

    /// <summary>The Chief of Office, then (beyond the Office) the Standing Committee; the last approval publishes the clarification.</summary>
    Task<CrisisCommandResult> ApprovePlan(Actor actor);

    /// <summary>The approver at the plan's step sends it back with the reason.</summary>
    Task<CrisisCommandResult> ReturnPlan(string reason, Actor actor);

    /// <summary>The outbox's outcome for the plan's clarification post.</summary>
    Task PlanPublished(PublicationOutcome outcome);

    /// <summary>Escalates an alert nobody acknowledged, and retries the outbound notifications (also the reminder's work).</summary>
    Task Tick();

    [Orleans.Concurrency.ReadOnly]
    Task<CrisisView?> Get();
}

/// <summary>Every crisis (single activation, key 0): opens a new one or joins an active one on the same posts or topic; lists them.</summary>
public interface ICrisisRegistryGrain : IGrainWithIntegerKey
{
    Task<CrisisView> Raise(CrisisSignal signal, Actor actor);

    /// <summary>A crisis tells the registry what it now looks like.</summary>
    Task Updated(CrisisView crisis);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<CrisisView>> List(string? status);
}
