using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Contracts.Units;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Grains.Units;

/// <summary>
/// A unit's queue and on-time figures. Derived state: rebuilt from the case catalogue's clocks on
/// activation, then kept current by the cases' clock events, so it is never a write bottleneck.
/// </summary>
public sealed class UnitGrain(ICaseCatalog catalog, TimeProvider time) : Grain, IUnitGrain
{
    private static readonly TimeSpan History = TimeSpan.FromDays(31);

    private readonly OpenClocks _open = new();
    private readonly Dictionary<(string CaseId, string ClockId), ClockRecord> _finished = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var clock in await catalog.ClocksOfUnit(this.GetPrimaryKeyString(), time.GetUtcNow() - History, cancellationToken))
        {
            Record(clock);
        }
    }

    public Task ClockChanged(ClockEvent clock)
    {
        var view = clock.Clock;
        Record(new ClockRecord(clock.CaseId, view.Id, view.Kind, view.Unit, view.State, view.Deadline, view.CompletedAt));
        return Task.CompletedTask;
    }

    public Task<UnitSla> GetSla(int queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        var now = time.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        foreach (var old in _finished.Where(c => c.Value.CompletedAt < now - History).Select(c => c.Key).ToList())
        {
            _finished.Remove(old);
        }

        var finishedToday = _finished.Values.Where(c => VietnamTime.DateOf(c.CompletedAt!.Value) == today).ToList();
        var finished30 = _finished.Values.Where(c => c.CompletedAt >= now.AddDays(-30)).ToList();

        return Task.FromResult(new UnitSla(
            this.GetPrimaryKeyString(),
            _open.InState(ClockStates.Running) + _open.InState(ClockStates.DueSoon),
            _open.InState(ClockStates.DueSoon),
            _open.InState(ClockStates.Missed),
            finishedToday.Count(c => c.State == ClockStates.Met),
            finishedToday.Count(c => c.State == ClockStates.Missed),
            Rate(finishedToday),
            Rate(finished30),
            [.. _open.MostUrgent(queueLimit).Select(c => new UnitQueueItem(c.CaseId, c.ClockId, c.Kind, c.State, c.Deadline))],
            _open.Count,
            _open.Cases,
            _open.OldestMissedDeadline));
    }

    private void Record(ClockRecord clock)
    {
        if (clock.CompletedAt is null)
        {
            _finished.Remove((clock.CaseId, clock.ClockId));
            _open.Set(clock);
        }
        else
        {
            _open.Remove(clock.CaseId, clock.ClockId);
            _finished[(clock.CaseId, clock.ClockId)] = clock;
        }
    }

    private static double? Rate(List<ClockRecord> finished)
    {
        var counted = finished.Count(c => c.State != ClockStates.Cancelled);
        return counted == 0 ? null : Math.Round((double)finished.Count(c => c.State == ClockStates.Met) / counted, 4);
    }
}
