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

    private readonly Dictionary<(string CaseId, string ClockId), ClockRecord> _clocks = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var clock in await catalog.ClocksOfUnit(this.GetPrimaryKeyString(), time.GetUtcNow() - History, cancellationToken))
        {
            _clocks[(clock.CaseId, clock.ClockId)] = clock;
        }
    }

    public Task ClockChanged(ClockEvent clock)
    {
        var view = clock.Clock;
        _clocks[(clock.CaseId, view.Id)] = new ClockRecord(clock.CaseId, view.Id, view.Kind, view.Unit, view.State, view.Deadline, view.CompletedAt);
        return Task.CompletedTask;
    }

    public Task<UnitSla> GetSla(int queueLimit)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        foreach (var old in _clocks.Where(c => c.Value.CompletedAt < now - History).Select(c => c.Key).ToList())
        {
            _clocks.Remove(old);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        var unfinished = _clocks.Values.Where(c => c.CompletedAt is null).ToList();
        var finished = _clocks.Values.Where(c => c.CompletedAt is not null).ToList();
        var finishedToday = finished.Where(c => VietnamTime.DateOf(c.CompletedAt!.Value) == today).ToList();
        var finished30 = finished.Where(c => c.CompletedAt >= now.AddDays(-30)).ToList();

        return Task.FromResult(new UnitSla(
            this.GetPrimaryKeyString(),
            unfinished.Count(c => ClockStates.IsOpen(c.State)),
            unfinished.Count(c => c.State == ClockStates.DueSoon),
            unfinished.Count(c => c.State == ClockStates.Missed),
            finishedToday.Count(c => c.State == ClockStates.Met),
            finishedToday.Count(c => c.State == ClockStates.Missed),
            Rate(finishedToday),
            Rate(finished30),
            // OrderBy + Take sorts only as far as the items taken.
            [.. unfinished.OrderBy(c => c.Deadline).ThenBy(c => c.CaseId, StringComparer.Ordinal).Take(queueLimit)
                .Select(c => new UnitQueueItem(c.CaseId, c.ClockId, c.Kind, c.State, c.Deadline))],
            unfinished.Count,
            unfinished.Select(c => c.CaseId).Distinct(StringComparer.Ordinal).Count(),
            unfinished.Where(c => c.State == ClockStates.Missed).Select(c => (DateTimeOffset?)c.Deadline).Min()));
    }

    private static double? Rate(List<ClockRecord> finished)
    {
        var counted = finished.Count(c => c.State != ClockStates.Cancelled);
        return counted == 0 ? null : Math.Round((double)finished.Count(c => c.State == ClockStates.Met) / counted, 4);
    }
}
