namespace LaoCaiFanpage.Contracts.Threads;

/// <summary>What happened to one message (a comment, a visitor post or a Messenger message).</summary>
public enum ThreadEventKind
{
    Add = 0,
    Edit = 1,
    Remove = 2,
    Hide = 3,
    Unhide = 4,
}

/// <summary>Where a message was written.</summary>
public enum MessageChannel
{
    /// <summary>A comment or reply on a post of the page (webhook field <c>feed</c>).</summary>
    Comment = 0,

    /// <summary>A post, status, photo, video or share on the page (webhook field <c>feed</c>).</summary>
    Post = 1,

    /// <summary>A Messenger message to the page (webhook <c>messaging</c>).</summary>
    Messenger = 2,
}

[GenerateSerializer, Immutable, Alias("lcf.Author")]
public sealed record Author(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] bool IsPage);

[GenerateSerializer, Immutable, Alias("lcf.Attachment")]
public sealed record Attachment(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Url);

/// <summary>
/// One change from Meta, normalised and addressed to the case it belongs to. <see cref="EventKey"/>
/// is a digest of the change exactly as Meta sent it, so a retried delivery is recognised. <see cref="Source"/> is
/// null for a webhook delivery and <c>reconcile</c> for what the Graph API read back and no webhook delivered.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.ThreadEvent")]
public sealed record ThreadEvent(
    [property: Id(0)] string EventKey,
    [property: Id(1)] ThreadEventKind Kind,
    [property: Id(2)] MessageChannel Channel,
    [property: Id(3)] string PageId,
    [property: Id(4)] string MessageId,
    [property: Id(5)] string? ParentId,
    [property: Id(6)] string? PostId,
    [property: Id(7)] Author Author,
    [property: Id(8)] string? Text,
    [property: Id(9)] IReadOnlyList<Attachment> Attachments,
    [property: Id(10)] DateTimeOffset OccurredAt,
    [property: Id(11)] DateTimeOffset ReceivedAt,
    [property: Id(12)] string? Permalink,
    [property: Id(13)] string? Source = null);
