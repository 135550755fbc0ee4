using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Workflow;

namespace LaoCaiFanpage.Contracts.PagePosts;

/// <summary>A post the Editorial Board writes for the page (Article 6 categories), before its approvals.</summary>
[GenerateSerializer, Immutable, Alias("lcf.PagePostInput")]
public sealed record PagePostInput(
    [property: Id(0)] string PageId,
    [property: Id(1)] Classification Classification,
    [property: Id(2)] DraftInput Draft,
    [property: Id(3)] DateTimeOffset? PublishAt = null);

[GenerateSerializer, Immutable, Alias("lcf.PagePostView")]
public sealed record PagePostView(
    [property: Id(0)] string Id,
    [property: Id(1)] string PageId,
    [property: Id(2)] string Status,
    [property: Id(3)] string StatusLabel,
    [property: Id(4)] int Category,
    [property: Id(5)] string CategoryName,
    [property: Id(6)] string Authority,
    [property: Id(7)] string? Topic,
    [property: Id(8)] string CreatedBy,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] IReadOnlyList<CaseDraft> Drafts,
    [property: Id(11)] IReadOnlyList<CaseApproval> Approvals,
    [property: Id(12)] IReadOnlyList<CaseRejection> Rejections,
    [property: Id(13)] CasePublication? Publication,
    [property: Id(14)] string? ClosedReason,
    [property: Id(15)] IReadOnlyList<CaseHistoryEntry> History,
    [property: Id(16)] DateTimeOffset? PublishAt = null,
    [property: Id(17)] IReadOnlyList<PublishedVersion>? Versions = null,
    [property: Id(18)] string? Correction = null);

/// <summary>What the page showed of this post, version by version: published, edited through the chain, removed through it.</summary>
[GenerateSerializer, Immutable, Alias("lcf.PublishedVersion")]
public sealed record PublishedVersion(
    [property: Id(0)] string Change,
    [property: Id(1)] int DraftNumber,
    [property: Id(2)] string Text,
    [property: Id(3)] string? GraphId,
    [property: Id(4)] DateTimeOffset At);

/// <summary>The changes a published post goes through the chain for.</summary>
public static class PostCorrections
{
    public const string Published = "published";
    public const string Edit = "edited";
    public const string Remove = "removed";
}

/// <summary>The post as it now is, or why the command was refused ("code: message").</summary>
[GenerateSerializer, Immutable, Alias("lcf.PagePostResult")]
public sealed record PagePostResult(
    [property: Id(0)] PagePostView? Post,
    [property: Id(1)] Refusal? Refusal);

/// <summary>
/// One of the Office's own page posts (key: its id). It goes through the same chain as a case's answer —
/// drafts, the Editorial Board head, then the Chief of Office or the Standing Committee — and the same outbox.
/// </summary>
public interface IPagePostGrain : IGrainWithStringKey
{
    Task<PagePostResult> Create(PagePostInput input, Actor actor);

    Task<PagePostResult> SaveDraft(DraftInput draft, Actor actor);

    Task<PagePostResult> Submit(Actor actor);

    Task<PagePostResult> Approve(int? draftNumber, Actor actor);

    Task<PagePostResult> Reject(string reason, Actor actor);

    /// <summary>
    /// When the post goes out once approved (null: as soon as it is). Until it is handed to the outbox; the Editorial Board.
    /// </summary>
    Task<PagePostResult> Schedule(DateTimeOffset? publishAt, Actor actor);

    /// <summary>
    /// A published post with an error: the corrected text is a new draft that goes through the whole chain again and is
    /// then applied to the post on Facebook; <paramref name="draft"/> null withdraws the post (removed from Facebook once approved).
    /// </summary>
    Task<PagePostResult> Correct(DraftInput? draft, string reason, Actor actor);

    /// <summary>Drops a post that is not going to be published (not once it waits for approval or later).</summary>
    Task<PagePostResult> Withdraw(string reason, Actor actor);

    Task PublicationCompleted(PublicationOutcome outcome);

    Task EnsurePublishing();

    [Orleans.Concurrency.ReadOnly]
    Task<PagePostView?> Get();
}
