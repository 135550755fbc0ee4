namespace LaoCaiFanpage.Contracts.Sla;

/// <summary>The clocks of Article 9 and the Office's own intake clock.</summary>
public static class ClockKinds
{
    /// <summary>The Editorial Board: receipt → classified and assigned (configurable working hours).</summary>
    public const string Intake = "intake";

    /// <summary>A unit's answer: 1 working day for its own matters, 3 for a complex multi-unit case (R9.1, R9.3).</summary>
    public const string Answer = "answer";

    /// <summary>A unit asked by another to coordinate: 2 working days (R9.2).</summary>
    public const string Coordination = "coordination";

    /// <summary>One approval step (R8): the role whose turn it is, a configurable number of working hours.</summary>
    public const string Approval = "approval";
}

public static class ClockStates
{
    public const string Running = "running";
    public const string DueSoon = "due-soon";
    public const string Met = "met";
    public const string Missed = "missed";

    /// <summary>The case no longer needs the answer (closed as not actionable, merged, moved to another unit): counted neither way.</summary>
    public const string Cancelled = "cancelled";

    public static bool IsOpen(string state) => state is Running or DueSoon;
}

[GenerateSerializer, Immutable, Alias("lcf.ClockTransition")]
public sealed record ClockTransition(
    [property: Id(0)] string State,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] DateTimeOffset RecordedAt);

[GenerateSerializer, Immutable, Alias("lcf.SlaClockView")]
public sealed record SlaClockView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Unit,
    [property: Id(3)] string? FromUnit,
    [property: Id(4)] string? Question,
    [property: Id(5)] string Rule,
    [property: Id(6)] double WorkingDays,
    [property: Id(7)] DateTimeOffset StartedAt,
    [property: Id(8)] DateTimeOffset DueSoonAt,
    [property: Id(9)] DateTimeOffset Deadline,
    [property: Id(10)] string State,
    [property: Id(11)] DateTimeOffset? CompletedAt,
    [property: Id(12)] IReadOnlyList<ClockTransition> Transitions,
    [property: Id(13)] string? Role = null);

/// <summary>
/// For a Messenger case: when Meta's standard 24-hour window and the 7-day human-agent window close,
/// and whether an answer deadline falls after them (the answer then needs another channel or the tag).
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.ReplyWindow")]
public sealed record ReplyWindow(
    [property: Id(0)] DateTimeOffset LastCitizenMessageAt,
    [property: Id(1)] DateTimeOffset StandardClosesAt,
    [property: Id(2)] DateTimeOffset HumanAgentClosesAt,
    [property: Id(3)] bool DeadlineAfterStandardWindow,
    [property: Id(4)] bool DeadlineAfterHumanAgentWindow);

/// <summary>A clock changed state: what screens and the unit are told.</summary>
[GenerateSerializer, Immutable, Alias("lcf.ClockEvent")]
public sealed record ClockEvent(
    [property: Id(0)] string CaseId,
    [property: Id(1)] string PageId,
    [property: Id(2)] SlaClockView Clock);

[GenerateSerializer, Immutable, Alias("lcf.Assignment")]
public sealed record Assignment(
    [property: Id(0)] IReadOnlyList<string> Units,
    [property: Id(1)] string Complexity);

[GenerateSerializer, Immutable, Alias("lcf.CoordinationRequest")]
public sealed record CoordinationRequest(
    [property: Id(0)] string FromUnit,
    [property: Id(1)] string ToUnit,
    [property: Id(2)] string Question);

/// <summary>The outcome of a command on a case: the case as it now is, or why the command was refused.</summary>
[GenerateSerializer, Immutable, Alias("lcf.CaseCommandResult")]
public sealed record CaseCommandResult(
    [property: Id(0)] Threads.CaseSnapshot? Case,
    [property: Id(1)] Refusal? Refusal)
{
    /// <summary>The code of a command on a thread that is not a case (the API answers 404).</summary>
    public const string NoSuchCase = "not-a-case";
}
