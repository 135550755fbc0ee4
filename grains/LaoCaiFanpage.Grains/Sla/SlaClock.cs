using LaoCaiFanpage.Contracts.Sla;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>
/// One SLA clock as stored on its case. Its state follows from the current instant alone, so bringing it
/// up to date any number of times (a wake-up swept twice, a restart) records each transition once.
/// </summary>
public sealed class SlaClock
{
    public string Id { get; set; } = string.Empty;

    public string Kind { get; set; } = ClockKinds.Answer;

    public string Unit { get; set; } = string.Empty;

    public string? FromUnit { get; set; }

    public string? Question { get; set; }

    /// <summary>For an approval clock: the role whose turn it is (EditorialHead, ChiefOfOffice, StandingCommittee).</summary>
    public string? Role { get; set; }

    public string Rule { get; set; } = "civil";

    public double WorkingDays { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset DueSoonAt { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public string State { get; set; } = ClockStates.Running;

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Who finished the clock (submitted the answer, answered the request, approved): R13 and R14 name them.</summary>
    public string? CompletedBy { get; set; }

    public List<ClockTransition> Transitions { get; set; } = [];

    /// <summary>When this clock next changes state by itself, or null when it no longer will.</summary>
    public DateTimeOffset? NextTransitionAt => CompletedAt is not null ? null : State switch
    {
        ClockStates.Running => DueSoonAt,
        ClockStates.DueSoon => Deadline,
        _ => null,
    };

    public static SlaClock Start(string id, string kind, string unit, DateTimeOffset startedAt, double workingDays, string rule,
        DateTimeOffset deadline, DateTimeOffset dueSoonAt)
    {
        var clock = new SlaClock
        {
            Id = id,
            Kind = kind,
            Unit = unit,
            Rule = rule,
            WorkingDays = workingDays,
            StartedAt = startedAt,
            Deadline = deadline,
            DueSoonAt = dueSoonAt < startedAt ? startedAt : dueSoonAt,
        };
        clock.Transitions.Add(new ClockTransition(ClockStates.Running, startedAt, startedAt));
        return clock;
    }

    /// <summary>Moves the clock to the state it has at <paramref name="now"/>; returns true when it changed.</summary>
    public bool Advance(DateTimeOffset now)
    {
        if (CompletedAt is not null)
        {
            return false;
        }

        var changed = false;
        if (State == ClockStates.Running && now >= DueSoonAt && DueSoonAt < Deadline)
        {
            State = ClockStates.DueSoon;
            Transitions.Add(new ClockTransition(ClockStates.DueSoon, DueSoonAt, now));
            changed = true;
        }

        if (ClockStates.IsOpen(State) && now >= Deadline)
        {
            State = ClockStates.Missed;
            Transitions.Add(new ClockTransition(ClockStates.Missed, Deadline, now));
            changed = true;
        }

        return changed;
    }

    /// <summary>The unit answered: met when on time; a missed clock stays missed and records the late answer.</summary>
    public bool Complete(DateTimeOffset now, string? by = null)
    {
        if (CompletedAt is not null)
        {
            return false;
        }

        Advance(now);
        CompletedAt = now;
        CompletedBy = by;
        if (ClockStates.IsOpen(State))
        {
            State = ClockStates.Met;
            Transitions.Add(new ClockTransition(ClockStates.Met, now, now));
        }
        else
        {
            Transitions.Add(new ClockTransition("answered-late", now, now));
        }

        return true;
    }

    /// <summary>
    /// The answer is no longer owed. A clock already missed stays missed (the lateness happened); an open one
    /// is cancelled and leaves the unit's on-time figures alone.
    /// </summary>
    public bool Cancel(DateTimeOffset now)
    {
        if (CompletedAt is not null)
        {
            return false;
        }

        Advance(now);
        CompletedAt = now;
        if (ClockStates.IsOpen(State))
        {
            State = ClockStates.Cancelled;
        }

        Transitions.Add(new ClockTransition(ClockStates.Cancelled, now, now));
        return true;
    }

    public SlaClockView ToView() => new(Id, Kind, Unit, FromUnit, Question, Rule, WorkingDays, StartedAt, DueSoonAt, Deadline, State, CompletedAt, [.. Transitions], Role);
}
