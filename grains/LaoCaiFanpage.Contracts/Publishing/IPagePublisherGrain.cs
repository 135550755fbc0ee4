using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Contracts.Publishing;

/// <summary>What the answer is published as on Facebook.</summary>
public static class PublicationKinds
{
    /// <summary><c>POST /{comment-id}/comments</c>: a reply under the citizen's comment or visitor post.</summary>
    public const string CommentReply = "comment-reply";

    /// <summary><c>POST /{page-id}/messages</c>: the Messenger Send API.</summary>
    public const string Messenger = "messenger";

    /// <summary><c>POST /{page-id}/feed</c>: one of the Office's own posts on the page.</summary>
    public const string PagePost = "page-post";

    /// <summary><c>POST /{comment-id}</c> with <c>is_hidden=true</c>: the content filter or an officer hides a comment (R8.4c).</summary>
    public const string HideComment = "hide-comment";

    /// <summary><c>POST /{comment-id}</c> with <c>is_hidden=false</c>: a hiding reversed.</summary>
    public const string UnhideComment = "unhide-comment";

    /// <summary><c>POST /{post-id}</c> with <c>message</c>: an approved correction of one of the Office's published posts.</summary>
    public const string EditPost = "edit-post";

    /// <summary><c>DELETE /{post-id}</c>: an approved withdrawal of one of the Office's published posts.</summary>
    public const string DeletePost = "delete-post";

    /// <summary><c>POST /{comment-id}</c> with <c>message</c>: an approved correction of the page's published reply.</summary>
    public const string EditComment = "edit-comment";

    /// <summary><c>DELETE /{comment-id}</c>: an approved removal of the page's published reply.</summary>
    public const string DeleteComment = "delete-comment";

    /// <summary>A change to something already on Facebook: idempotent there, so a resend settles an unknown outcome.</summary>
    public static bool IsChange(string kind) => kind is EditPost or DeletePost or EditComment or DeleteComment;

    public static bool IsRemoval(string kind) => kind is DeletePost or DeleteComment;

    public static bool IsModeration(string kind) => kind is HideComment or UnhideComment;
}

/// <summary>
/// An approved answer handed to the page's outbox; <see cref="Id"/> makes handing it over twice harmless.
/// <see cref="NotBefore"/>: a scheduled page post waits in the outbox until then.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.PublicationRequest")]
public sealed record PublicationRequest(
    [property: Id(0)] string Id,
    [property: Id(1)] string CaseId,
    [property: Id(2)] string PageId,
    [property: Id(3)] string Kind,
    [property: Id(4)] string TargetId,
    [property: Id(5)] string Text,
    [property: Id(6)] string TextSha256,
    [property: Id(7)] DateTimeOffset? LastCitizenMessageAt,
    [property: Id(8)] DateTimeOffset? NotBefore = null,
    [property: Id(9)] IReadOnlyList<string>? Images = null);

/// <summary>What became of a publication: told to its case.</summary>
[GenerateSerializer, Immutable, Alias("lcf.PublicationOutcome")]
public sealed record PublicationOutcome(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? GraphId,
    [property: Id(4)] string? MessagingType,
    [property: Id(5)] string? Error);

[GenerateSerializer, Immutable, Alias("lcf.OutboxItemView")]
public sealed record OutboxItemView(
    [property: Id(0)] string Id,
    [property: Id(1)] string CaseId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] DateTimeOffset QueuedAt,
    [property: Id(6)] DateTimeOffset? NextAttemptAt,
    [property: Id(7)] string? LastError);

/// <summary>The page's outbox as operators see it: halted (and why) or running, and what waits.</summary>
[GenerateSerializer, Immutable, Alias("lcf.PublisherStatus")]
public sealed record PublisherStatus(
    [property: Id(0)] string PageId,
    [property: Id(1)] bool Halted,
    [property: Id(2)] string? HaltReason,
    [property: Id(3)] DateTimeOffset? HaltedAt,
    [property: Id(4)] DateTimeOffset? BlockedUntil,
    [property: Id(5)] IReadOnlyList<OutboxItemView> Items);

/// <summary>
/// The page's outbox (key: Facebook page id). One activation per page publishes one item at a time, records
/// that a send began before it begins, and after a crash asks Meta whether it went through before sending again.
/// </summary>
public interface IPagePublisherGrain : IGrainWithStringKey
{
    /// <summary>Queues an approved answer (idempotent by id; an item already done is reported to its case again).</summary>
    Task Enqueue(PublicationRequest request);

    /// <summary>Publishes whatever is due now (also the reminder's work).</summary>
    Task Pump();

    /// <summary>The case of <paramref name="requestId"/> was told the outcome (or could not be: it is told again later).</summary>
    Task CaseNotified(string requestId, bool delivered);

    /// <summary>After an invalid token halted publishing and the token was replaced.</summary>
    Task<PublisherStatus> Resume(Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<PublisherStatus> GetStatus();
}
