using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Workflow;

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
    Task<CaseCommandResult> Assign(Assignment assignment, Actor actor);

    /// <summary>One assigned unit asks another for information: a 2-working-day clock on the asked unit (R9.2).</summary>
    Task<CaseCommandResult> RequestCoordination(CoordinationRequest request, Actor actor);

    /// <summary>Marks a running clock as met now (the unit answered); the workflow calls this.</summary>
    Task<CaseCommandResult> CompleteClock(string clockId, Actor actor);

    /// <summary>Sets the Article 6 category, the approving authority and the topic (R6, R8.4).</summary>
    Task<CaseCommandResult> Classify(Classification classification, Actor actor);

    /// <summary>Moves the case to other units: the old units' clocks stop, the new ones start.</summary>
    Task<CaseCommandResult> Reassign(Assignment assignment, Actor actor);

    /// <summary>Gives the case to one officer of an assigned unit (or, with no username, to nobody in particular).</summary>
    Task<CaseCommandResult> SetAssignee(OfficerAssignment assignment, Actor actor);

    /// <summary>Stores a new draft answer (it replaces the previous one and restarts any approval chain).</summary>
    Task<CaseCommandResult> SaveDraft(DraftInput draft, Actor actor);

    /// <summary>Sends the current draft to the Editorial Board head.</summary>
    Task<CaseCommandResult> Submit(Actor actor);

    /// <summary>Approves the current draft at the current step; <paramref name="draftNumber"/>, when given, must be the current draft.</summary>
    Task<CaseCommandResult> Approve(int? draftNumber, Actor actor);

    /// <summary>Sends the draft back to drafting with a reason.</summary>
    Task<CaseCommandResult> Reject(string reason, Actor actor);

    /// <summary>The asked unit answers its coordination request (R9.2).</summary>
    Task<CaseCommandResult> AnswerCoordination(string clockId, string text, Actor actor);

    /// <summary>Merges this duplicate into another case, which will carry the answer.</summary>
    Task<CaseCommandResult> MergeInto(string targetCaseId, Actor actor);

    /// <summary>The other side of <see cref="MergeInto"/>: records the duplicate on the case that absorbs it.</summary>
    Task<CaseCommandResult> AcceptMerged(string duplicateCaseId, Actor actor);

    /// <summary>Closes a published case, or marks an unanswered one not actionable (a reason is then required).</summary>
    Task<CaseCommandResult> Close(CloseRequest request, Actor actor);

    /// <summary>Opens a closed or not-actionable case again.</summary>
    Task<CaseCommandResult> Reopen(string reason, Actor actor);

    /// <summary>The page's outbox reports what became of the approved answer.</summary>
    Task PublicationCompleted(PublicationOutcome outcome);

    /// <summary>
    /// A published reply with an error: the corrected text (or, with <paramref name="draft"/> null, its removal) is a new
    /// draft that goes through the whole chain, then is applied to the reply on Facebook. Comment replies only: Meta
    /// cannot change a sent Messenger message.
    /// </summary>
    Task<CaseCommandResult> Correct(DraftInput? draft, string reason, Actor actor);

    /// <summary>An officer's decision on a message the content filter flagged: hide, keep or unhide (R8.4c).</summary>
    Task<CaseCommandResult> Moderate(string messageId, string decision, string? note, Actor actor);

    /// <summary>The outbox reports a hide or unhide on Facebook.</summary>
    Task ModerationCompleted(PublicationOutcome outcome);

    /// <summary>Hands an approved answer to the outbox again if it may not have reached it (start-up; idempotent).</summary>
    Task EnsurePublishing();

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
