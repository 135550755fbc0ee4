using LaoCaiFanpage.Contracts.PagePosts;

namespace LaoCaiFanpage.Contracts.Workflow;

/// <summary>How the Editorial Board classified a case (R6, R8.4).</summary>
[GenerateSerializer, Immutable, Alias("lcf.Classification")]
public sealed record Classification(
    [property: Id(0)] int Category,
    [property: Id(1)] string Authority,
    [property: Id(2)] string? Topic);

/// <summary>An answer as written, with the official sources it relays (R7.3).</summary>
[GenerateSerializer, Immutable, Alias("lcf.DraftInput")]
public sealed record DraftInput(
    [property: Id(0)] string Text,
    [property: Id(1)] IReadOnlyList<string> Sources,
    [property: Id(2)] IReadOnlyList<string>? Images = null);

/// <summary>One stored draft; <see cref="TextSha256"/> is what approvals are bound to.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CaseDraft")]
public sealed record CaseDraft(
    [property: Id(0)] int Number,
    [property: Id(1)] string Text,
    [property: Id(2)] IReadOnlyList<string> Sources,
    [property: Id(3)] string Author,
    [property: Id(4)] string? Unit,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string TextSha256,
    [property: Id(7)] IReadOnlyList<string>? Images = null);

/// <summary>One approval of one draft; <see cref="Voided"/> once a newer draft or a rejection restarted the chain.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CaseApproval")]
public sealed record CaseApproval(
    [property: Id(0)] string Step,
    [property: Id(1)] string Approver,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] int DraftNumber,
    [property: Id(4)] string TextSha256,
    [property: Id(5)] bool Voided);

[GenerateSerializer, Immutable, Alias("lcf.CaseRejection")]
public sealed record CaseRejection(
    [property: Id(0)] string Step,
    [property: Id(1)] string By,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] int DraftNumber,
    [property: Id(4)] string Reason);

/// <summary>The asked unit's answer to a coordination request (R9.2), visible to the asking unit's drafter.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CoordinationAnswer")]
public sealed record CoordinationAnswer(
    [property: Id(0)] string ClockId,
    [property: Id(1)] string Unit,
    [property: Id(2)] string Text,
    [property: Id(3)] string By,
    [property: Id(4)] DateTimeOffset At);

/// <summary>One line of the case's history: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CaseHistoryEntry")]
public sealed record CaseHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Detail);

/// <summary>Where the approved answer stands on its way to Facebook.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CasePublication")]
public sealed record CasePublication(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] int DraftNumber,
    [property: Id(3)] DateTimeOffset QueuedAt,
    [property: Id(4)] bool HandedOver,
    [property: Id(5)] DateTimeOffset? PublishedAt,
    [property: Id(6)] string? GraphId,
    [property: Id(7)] string? MessagingType,
    [property: Id(8)] string? Error);

[GenerateSerializer, Immutable, Alias("lcf.CaseWorkflowView")]
public sealed record CaseWorkflowView(
    [property: Id(0)] string StatusLabel,
    [property: Id(1)] int? Category,
    [property: Id(2)] string? CategoryName,
    [property: Id(3)] string? Authority,
    [property: Id(4)] string? Topic,
    [property: Id(5)] IReadOnlyList<CaseDraft> Drafts,
    [property: Id(6)] IReadOnlyList<CaseApproval> Approvals,
    [property: Id(7)] IReadOnlyList<CaseRejection> Rejections,
    [property: Id(8)] IReadOnlyList<CoordinationAnswer> CoordinationAnswers,
    [property: Id(9)] CasePublication? Publication,
    [property: Id(10)] string? MergedInto,
    [property: Id(11)] IReadOnlyList<string> MergedFrom,
    [property: Id(12)] string? ClosedReason,
    [property: Id(13)] IReadOnlyList<CaseHistoryEntry> History,
    [property: Id(14)] IReadOnlyList<UnitContribution>? Contributions = null,
    [property: Id(15)] IReadOnlyList<PublishedVersion>? Versions = null,
    [property: Id(16)] string? Correction = null);

/// <summary>
/// One unit's part of the answer to a complex case (R9.3): each unit writes and submits its own; the Editorial Board
/// composes the one answer that goes for approval.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.UnitContribution")]
public sealed record UnitContribution(
    [property: Id(0)] string Unit,
    [property: Id(1)] string Text,
    [property: Id(2)] IReadOnlyList<string> Sources,
    [property: Id(3)] string Author,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset? SubmittedAt);

/// <summary>Why a case is closed without an answer, or why it is closed after one.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CloseRequest")]
public sealed record CloseRequest(
    [property: Id(0)] string? Reason,
    [property: Id(1)] string? Note);

/// <summary>Status of a publication as the publisher reports it back to the case.</summary>
public static class PublicationStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Published = "published";

    /// <summary>Meta refused for good (e.g. the comment was deleted): an officer answers another way.</summary>
    public const string Failed = "failed";

    /// <summary>A Messenger answer after the 7-day window: it cannot go through Messenger.</summary>
    public const string NeedsOtherChannel = "needs-other-channel";

    public static bool IsFinal(string status) => status is Published or Failed or NeedsOtherChannel;
}
