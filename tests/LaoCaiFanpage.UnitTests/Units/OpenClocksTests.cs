using System.Globalization;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Units;

namespace LaoCaiFanpage.UnitTests.Units;

public sealed class OpenClocksTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Counts_and_order_follow_every_change_as_a_full_recount_would()
    {
        // 20,000 random changes to 300 clocks of 120 cases: starts, state changes, moved deadlines, finishes.
        var random = new Random(20261130);
        var open = new OpenClocks();
        var truth = new Dictionary<(string, string), ClockRecord>();
        string[] states = [ClockStates.Running, ClockStates.DueSoon, ClockStates.Missed];
        for (var step = 0; step < 20_000; step++)
        {
            var caseId = "case-" + random.Next(120).ToString("D3", CultureInfo.InvariantCulture);
            var clockId = random.Next(3) switch { 0 => "intake", 1 => "answer:STC", _ => "coordination:SXD" };
            if (random.Next(5) == 0)
            {
                open.Remove(caseId, clockId);
                truth.Remove((caseId, clockId));
            }
            else
            {
                // Few distinct deadlines, so that ties are common and their order matters.
                var clock = new ClockRecord(caseId, clockId, "answer", "STC", states[random.Next(3)], Noon.AddHours(random.Next(-20, 20)), null);
                open.Set(clock);
                truth[(caseId, clockId)] = clock;
            }

            if (step % 500 == 0 || step == 19_999)
            {
                var all = truth.Values.ToList();
                Assert.Equal(all.Count, open.Count);
                Assert.Equal(all.Select(c => c.CaseId).Distinct().Count(), open.Cases);
                foreach (var state in states)
                {
                    Assert.Equal(all.Count(c => c.State == state), open.InState(state));
                }

                Assert.Equal(all.Where(c => c.State == ClockStates.Missed).Select(c => (DateTimeOffset?)c.Deadline).Min(), open.OldestMissedDeadline);
                var expected = all.OrderBy(c => c.Deadline).ThenBy(c => c.CaseId, StringComparer.Ordinal).ThenBy(c => c.ClockId, StringComparer.Ordinal).Take(25);
                Assert.Equal(expected, open.MostUrgent(25));
            }
        }
    }

    [Fact]
    public void A_finished_clock_is_refused_and_an_unknown_one_is_removed_quietly()
    {
        var open = new OpenClocks();
        Assert.Throws<ArgumentException>(() => open.Set(new ClockRecord("c", "intake", "intake", "VP", ClockStates.Met, Noon, Noon)));
        open.Remove("c", "intake");
        Assert.Equal(0, open.Count);
        Assert.Null(open.OldestMissedDeadline);
        Assert.Empty(open.MostUrgent(5));
    }
}
