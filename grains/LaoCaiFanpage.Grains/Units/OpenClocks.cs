using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Grains.Units;

/// <summary>
/// A unit's unfinished clocks in deadline order, with their counts kept as clocks come and go. The Office holds every
/// new case's intake clock — hundreds of thousands under a burst — and screens ask for the figures every few seconds:
/// an answer must cost the few items it shows, not a pass over every clock, or the unit's own updates queue behind it.
/// </summary>
public sealed class OpenClocks
{
    /// <summary>Earliest deadline first; ties in case and clock order, so the order is the same on every call.</summary>
    public static readonly IComparer<ClockRecord> MostUrgentFirst = Comparer<ClockRecord>.Create((a, b) =>
    {
        var order = a.Deadline.CompareTo(b.Deadline);
        if (order == 0)
        {
            order = string.CompareOrdinal(a.CaseId, b.CaseId);
        }

        return order != 0 ? order : string.CompareOrdinal(a.ClockId, b.ClockId);
    });

    private readonly Dictionary<(string CaseId, string ClockId), ClockRecord> _clocks = [];
    private readonly SortedSet<ClockRecord> _byDeadline = new(MostUrgentFirst);
    private readonly SortedSet<ClockRecord> _missed = new(MostUrgentFirst);
    private readonly Dictionary<string, int> _clocksOfCase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inState = new(StringComparer.Ordinal);

    public int Count => _clocks.Count;

    /// <summary>Cases with at least one unfinished clock here.</summary>
    public int Cases => _clocksOfCase.Count;

    public int InState(string state) => _inState.GetValueOrDefault(state);

    public DateTimeOffset? OldestMissedDeadline => _missed.Count == 0 ? null : _missed.Min!.Deadline;

    public IEnumerable<ClockRecord> MostUrgent(int count) => _byDeadline.Take(count);

    /// <summary>The clock as it is now (replacing what was known of it); it must be unfinished.</summary>
    public void Set(ClockRecord clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock.CompletedAt is not null)
        {
            throw new ArgumentException("A finished clock is not open.", nameof(clock));
        }

        Remove(clock.CaseId, clock.ClockId);
        _clocks[(clock.CaseId, clock.ClockId)] = clock;
        _byDeadline.Add(clock);
        if (clock.State == ClockStates.Missed)
        {
            _missed.Add(clock);
        }

        _clocksOfCase[clock.CaseId] = _clocksOfCase.GetValueOrDefault(clock.CaseId) + 1;
        _inState[clock.State] = _inState.GetValueOrDefault(clock.State) + 1;
    }

    /// <summary>Forgets the clock (finished, or never open here); nothing happens when it is not known.</summary>
    public void Remove(string caseId, string clockId)
    {
        if (!_clocks.Remove((caseId, clockId), out var old))
        {
            return;
        }

        _byDeadline.Remove(old);
        _missed.Remove(old);
        if (--_clocksOfCase[caseId] == 0)
        {
            _clocksOfCase.Remove(caseId);
        }

        _inState[old.State]--;
    }
}
