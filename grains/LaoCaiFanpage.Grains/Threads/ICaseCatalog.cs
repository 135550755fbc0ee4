using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// The query side of the cases: a projection of the thread grains that can be listed, paged and
/// counted, and that tells which case a reply belongs to.
/// </summary>
public interface ICaseCatalog
{
    /// <summary>
    /// Rewrites the projection of one thread (idempotent): the case row and the given messages, or every
    /// message when <paramref name="messageIds"/> is null.
    /// </summary>
    Task Project(string threadId, CommentThreadState state, IReadOnlyCollection<string>? messageIds, CancellationToken cancellationToken = default);

    /// <summary>The case a stored message belongs to, or null when the message is unknown.</summary>
    Task<string?> FindCaseOfMessage(string messageId, CancellationToken cancellationToken = default);

    Task<bool> CaseExists(string caseId, CancellationToken cancellationToken = default);

    Task<CasePage> ListCases(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>What the page received since an instant, and the newest feed lines, to rebuild live counters.</summary>
    Task<ActivitySeed> LoadActivity(string pageId, DateTimeOffset since, int feedSize, CancellationToken cancellationToken = default);

    /// <summary>A unit's clocks that are unfinished or finished since the given instant.</summary>
    Task<IReadOnlyList<ClockRecord>> ClocksOfUnit(string unit, DateTimeOffset finishedSince, CancellationToken cancellationToken = default);

    /// <summary>The page's clocks that are not finished (running, due soon, or missed and unanswered).</summary>
    Task<IReadOnlyList<ClockRecord>> UnfinishedClocks(string pageId, CancellationToken cancellationToken = default);

    /// <summary>Messages the content filter flagged (or officers hid), newest first; <paramref name="status"/> filters.</summary>
    Task<ModerationPage> ListModeration(string? status, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Throws when the database does not answer.</summary>
    Task Ping(CancellationToken cancellationToken = default);

    /// <summary>Cases with a clock still open, by the most urgent state among them (missed, due-soon, running).</summary>
    Task<IReadOnlyDictionary<string, long>> CountOpenCasesBySlaState(CancellationToken cancellationToken = default);

    /// <summary>
    /// Per person, a unit's answers (R13, R14): the cases they have open, those among them overdue, and the unit's
    /// answer and coordination clocks they finished on time and late since each instant.
    /// </summary>
    Task<IReadOnlyList<OfficerRecord>> OfficerFigures(string unit, DateTimeOffset today, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Fills the search text of cases projected before the search existed; returns how many were filled.</summary>
    Task<int> FillSearchText(int batch, CancellationToken cancellationToken = default);
}

/// <summary>One person's figures in a unit: open cases, overdue among them, answers on time and late (today, period).</summary>
public sealed record OfficerRecord(string Username, int OpenCases, int OverdueCases, int OnTimeToday, int LateToday, int OnTime, int Late);

/// <summary>
/// Which cases to list: by status, by unit (assigned to it or asking it for coordination), by Article 6 category
/// (0 = not yet classified), by when they were opened ([<see cref="OpenedFrom"/>, <see cref="OpenedBefore"/>): the
/// drill-down behind a report's figures), by the most urgent state of their unfinished clocks, by the officer who
/// has them, and by words of what citizens wrote (<see cref="CaseSearch.Terms"/>).
/// </summary>
public sealed record CaseQuery(
    string? Status,
    string? Unit,
    int Page,
    int PageSize,
    int? Category = null,
    DateTimeOffset? OpenedFrom = null,
    DateTimeOffset? OpenedBefore = null,
    string Sort = CaseSort.Received,
    string? SlaState = null,
    string? Assignee = null,
    IReadOnlyList<string>? Terms = null,
    bool NotOverdue = false);

/// <summary>How a list of cases is ordered.</summary>
public static class CaseSort
{
    /// <summary>Newest first (the default).</summary>
    public const string Received = "received";

    /// <summary>The nearest deadline of an unfinished clock first (overdue ones lead); cases without one last, oldest first.</summary>
    public const string Deadline = "deadline";

    public static bool IsValid(string? sort) => sort is Received or Deadline;
}

public sealed record CaseSummary(
    string Id,
    MessageChannel Channel,
    string PageId,
    string? PostId,
    string? Permalink,
    Author? Author,
    string Status,
    IReadOnlyList<string> Units,
    string? Preview,
    int MessageCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset LastActivityAt,
    string? Assignee = null,
    DateTimeOffset? NextDeadline = null,
    string? SlaState = null)
{
    /// <summary>The status as officers read it (one list of names, shared with the case view).</summary>
    public string StatusLabel => CaseStatus.Vietnamese(Status);
}

/// <summary>One line of the Editorial Board's review queue (R8.4c).</summary>
public sealed record ModerationQueueItem(
    string CaseId,
    string MessageId,
    string PageId,
    string Status,
    string Confidence,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<string> Rules,
    string? AuthorName,
    string? Preview,
    DateTimeOffset DetectedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt)
{
    public string StatusLabel => ModerationStatuses.Vietnamese(Status);
}

public sealed record ModerationPage(IReadOnlyList<ModerationQueueItem> Items, int Total, int Page, int PageSize);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize);

public sealed record ActivityRecord(string MessageId, MessageChannel Channel, string? PostId, bool IsPage, DateTimeOffset CreatedAt);

public sealed record ClockRecord(string CaseId, string ClockId, string Kind, string Unit, string State, DateTimeOffset Deadline, DateTimeOffset? CompletedAt);

public sealed record ActivitySeed(IReadOnlyList<ActivityRecord> Activity, int OpenCases, IReadOnlyList<FeedItem> RecentFeed);
