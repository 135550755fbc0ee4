using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.Contracts.Fanpages;

/// <summary>The official page (key: its Facebook page id): identity and live counters.</summary>
public interface IFanpageGrain : IGrainWithStringKey
{
    /// <summary>Takes note of messages a thread has just stored, and of clocks it started with them.</summary>
    Task RecordActivity(IReadOnlyList<FeedItem> items, IReadOnlyList<ClockEvent> clocks);

    /// <summary>Takes note of clocks that changed state (for the due-soon and overdue figures).</summary>
    Task RecordClocks(IReadOnlyList<ClockEvent> events);

    [Orleans.Concurrency.ReadOnly]
    Task<FanpageSnapshot> GetSnapshot();
}

/// <summary>
/// One line of the live feed: a message that was added, edited, removed or hidden. <paramref name="Withheld"/>: the
/// content filter flagged it or it is hidden on Facebook, so screens show "[đã ẩn]" instead of its words.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.FeedItem")]
public sealed record FeedItem(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string CaseId,
    [property: Id(2)] MessageChannel Channel,
    [property: Id(3)] ThreadEventKind Change,
    [property: Id(4)] Author Author,
    [property: Id(5)] string? Text,
    [property: Id(6)] string? PostId,
    [property: Id(7)] string? Permalink,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset ReceivedAt,
    [property: Id(10)] bool OpensCase,
    [property: Id(11)] bool Withheld = false,
    [property: Id(12)] int Pictures = 0);

[GenerateSerializer, Immutable, Alias("lcf.PostVelocity")]
public sealed record PostVelocity(
    [property: Id(0)] string PostId,
    [property: Id(1)] int CommentsLastHour);

[GenerateSerializer, Immutable, Alias("lcf.FanpageCounters")]
public sealed record FanpageCounters(
    [property: Id(0)] int CommentsToday,
    [property: Id(1)] int CommentsThisHour,
    [property: Id(2)] int MessagesToday,
    [property: Id(3)] int MessagesThisHour,
    [property: Id(4)] int PageRepliesToday,
    [property: Id(5)] int OpenCases,
    [property: Id(6)] IReadOnlyList<PostVelocity> BusiestPosts,
    [property: Id(7)] DateTimeOffset AsOf,
    [property: Id(8)] int DueSoon = 0,
    [property: Id(9)] int Overdue = 0);

[GenerateSerializer, Immutable, Alias("lcf.FanpageSnapshot")]
public sealed record FanpageSnapshot(
    [property: Id(0)] string PageId,
    [property: Id(1)] string? Username,
    [property: Id(2)] string? Name,
    [property: Id(3)] FanpageCounters Counters,
    [property: Id(4)] IReadOnlyList<FeedItem> RecentFeed);
