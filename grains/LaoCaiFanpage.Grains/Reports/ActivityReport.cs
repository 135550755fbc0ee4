namespace LaoCaiFanpage.Grains.Reports;

/// <summary>
/// The page's activity over a period (R10 daily, R11 six-monthly, R13 commendation): what citizens sent, what the
/// units did with it and how fast, the crises, impostor pages and hidden content. Times are Vietnam time; the
/// figures count what happened between <see cref="From"/> 00:00 and the end of <see cref="To"/>, as of <see cref="AsOf"/>.
/// </summary>
public sealed record ActivityReport(
    string Kind,
    DateOnly From,
    DateOnly To,
    DateTimeOffset AsOf,
    DateTimeOffset GeneratedAt,
    MessageFigures Messages,
    CaseFigures Cases,
    IReadOnlyList<UnitFigures> Units,
    string RankingFormula,
    IReadOnlyList<OverdueLine> Overdue,
    ClockFigures OfficeIntake,
    ModerationFigures Moderation,
    IReadOnlyList<CrisisLine> Crises,
    IReadOnlyList<ImpostorLine> Impostors,
    IReadOnlyList<DayLine> Days,
    WaitFigures? Wait = null,
    IReadOnlyList<OfficerLine>? Officers = null,
    IReadOnlyList<IntegrityLine>? Integrity = null,
    IReadOnlyList<CountLine>? PagePosts = null)
{
    public const string Daily = "daily";
    public const string Range = "range";
}

/// <summary>
/// One person's answers in the period (R13 commendation, R14 lateness): the units' answer and coordination clocks they
/// finished (on time or late), and the cases they had at the end of the period with a unit's answer overdue.
/// </summary>
public sealed record OfficerLine(string Username, string Unit, string UnitName, int Answered, int OnTime, int Late, int OverdueAtEnd, double? OnTimeRate);

/// <summary>A count under a label (an Article 6 category, a post, a clause).</summary>
public sealed record CountLine(string Key, string Label, int Count);

/// <summary>Comments and messages citizens sent (the page's own replies are not counted).</summary>
public sealed record MessageFigures(int Comments, int Messages, int Total, IReadOnlyList<CountLine> ByCategory, IReadOnlyList<CountLine> ByPost, IReadOnlyList<int> ByHour);

/// <summary>Cases opened and answered in the period, and those open and overdue at its end.</summary>
public sealed record CaseFigures(int Opened, int Answered, int OpenAtEnd, int OverdueAtEnd);

/// <summary>
/// One unit's work: clocks started (work given to it), finished (answered), on time, overdue at the end, its on-time
/// rate, and its place in the commendation ranking (null when it finished nothing in the period).
/// </summary>
public sealed record UnitFigures(string Code, string Name, int Assigned, int Finished, int OnTime, int OverdueAtEnd, double? OnTimeRate, double? Score, int? Rank);

/// <summary>An answer owed past its deadline at the end of the period: whose, since when, how late.</summary>
public sealed record OverdueLine(string CaseId, string Unit, string UnitName, string Kind, DateTimeOffset Deadline, double HoursLate, string? Preview);

/// <summary>A set of clocks: started, finished, on time, overdue at the end.</summary>
public sealed record ClockFigures(int Started, int Finished, int OnTime, int OverdueAtEnd, double? OnTimeRate);

/// <summary>What the content filter did: hidden on Facebook, waiting for the Board, kept, by Article 12 clause.</summary>
public sealed record ModerationFigures(int Flagged, int Hidden, int PendingReview, int Kept, IReadOnlyList<CountLine> ByClause);

public sealed record CrisisLine(string Id, string Title, int Severity, string Status, string StatusLabel, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt);

/// <summary>Something the page showed that did not pass the approval chain (Art. 8.1), seen in the period or still open at its end.</summary>
public sealed record IntegrityLine(string Id, string Kind, string KindLabel, string Channel, DateTimeOffset SeenAt, string Status, string? Note);

public sealed record ImpostorLine(string Id, string Name, string? Url, int Score, string Status, string StatusLabel, DateTimeOffset FirstSeenAt);

/// <summary>One day of a period: the trend lines.</summary>
public sealed record DayLine(DateOnly Date, int Comments, int Messages, int Opened, int Answered, int OverdueAtEnd);

/// <summary>
/// How long citizens waited for the page's answer (R9, R14): the answers published in the period, from the citizen's
/// words to the published answer — median and 90th percentile in calendar and working hours, the longest with their
/// cases — and how long each step took (in working hours: intake, units, each approver; publishing in calendar hours).
/// Percentiles interpolate between neighbouring values (as a spreadsheet's PERCENTILE.INC does).
/// </summary>
public sealed record WaitFigures(
    int Answered, double? MedianHours, double? P90Hours, double? MedianWorkingHours, double? P90WorkingHours,
    IReadOnlyList<WaitLine> Longest, IReadOnlyList<StepLine> Steps);

public sealed record WaitLine(string CaseId, DateTimeOffset From, DateTimeOffset PublishedAt, double Hours, double WorkingHours, string? Preview);

/// <summary>One step of the answer's way: how many finished in the period and how long they took.</summary>
public sealed record StepLine(string Step, string Label, int Count, double? MedianHours, double? P90Hours, double? LongestHours, bool WorkingHours);
