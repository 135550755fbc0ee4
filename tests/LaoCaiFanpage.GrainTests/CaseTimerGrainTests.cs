using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Timers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// The cases' durable wake-ups: nothing here calls <see cref="ICommentThreadGrain.Tick"/>. The tests move the silo's clock
/// and watch the clocks change through the database alone, so that reading never activates the case's grain.
/// </summary>
[Collection(SlaClusterCollection.Name)]
public class CaseTimerGrainTests(SlaClusterFixture fixture)
{

    /// <summary>Longer than many sweeps (every 0.1 s in these silos), so "nothing fired" means the sweep saw and left it.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private CaseTimers Timers => Services(fixture.Cluster).GetRequiredService<CaseTimers>();

    [Fact]
    public async Task A_clock_changes_at_its_exact_instant_without_anyone_calling_the_case()
    {
        var id = await NewCase(fixture.Grains);
        var intake = (await fixture.Grains.GetGrain<ICommentThreadGrain>(id).GetCase())!.Clocks.Single(c => c.Kind == ClockKinds.Intake);
        Assert.Equal(intake.DueSoonAt, await Timers.WakeAt(id));

        // A millisecond before its instant the clock is still running, however often the sweep looks.
        fixture.Time.SetUtcNow(intake.DueSoonAt.AddMilliseconds(-1));
        await Task.Delay(Quiet);
        Assert.Equal(ClockStates.Running, await StoredState(id));

        // At the instant it turns due soon, and the next wake-up is the deadline.
        fixture.Time.SetUtcNow(intake.DueSoonAt);
        Assert.Equal(ClockStates.DueSoon, await Eventually(id, ClockStates.DueSoon));
        Assert.Equal(intake.Deadline, await EventuallyWakeAt(id, intake.Deadline));

        fixture.Time.SetUtcNow(intake.Deadline.AddMilliseconds(-1));
        await Task.Delay(Quiet);
        Assert.Equal(ClockStates.DueSoon, await StoredState(id));
        fixture.Time.SetUtcNow(intake.Deadline);
        Assert.Equal(ClockStates.Missed, await Eventually(id, ClockStates.Missed));

        // Each transition is recorded at its own instant; a missed intake clock changes no more, so the case has no wake-up.
        var clock = (await fixture.Grains.GetGrain<ICommentThreadGrain>(id).GetCase())!.Clocks.Single(c => c.Kind == ClockKinds.Intake);
        Assert.Equal([intake.DueSoonAt, intake.Deadline], clock.Transitions.Where(t => t.State is ClockStates.DueSoon or ClockStates.Missed).Select(t => t.At));
        Assert.Null(await EventuallyWakeAt(id, null));
    }

    [Fact]
    public async Task An_idle_case_is_deactivated_and_its_wake_up_reactivates_it()
    {
        var id = await NewCase(fixture.Grains);
        var wakeAt = await Timers.WakeAt(id);
        Assert.NotNull(wakeAt);

        await fixture.DeactivateAll();
        Assert.DoesNotContain(id, await ActiveCases(fixture.Cluster));

        fixture.Time.SetUtcNow(wakeAt.Value);
        Assert.Equal(ClockStates.DueSoon, await Eventually(id, ClockStates.DueSoon));
        Assert.Contains(id, await ActiveCases(fixture.Cluster));
    }

    [Fact]
    public async Task A_wake_up_claimed_by_a_silo_that_died_is_swept_again_when_the_claim_runs_out()
    {
        var id = await NewCase(fixture.Grains);
        var wakeAt = (await Timers.WakeAt(id))!.Value;

        // Another silo claimed every due wake-up for a minute, then died before waking this case.
        fixture.Time.SetUtcNow(wakeAt);
        var claimed = await Timers.Claim(wakeAt, wakeAt.AddMinutes(1), 10_000);
        Assert.Contains(id, claimed);
        await Task.Delay(Quiet);
        Assert.Equal(ClockStates.Running, await StoredState(id));

        fixture.Time.SetUtcNow(wakeAt.AddMinutes(1));
        Assert.Equal(ClockStates.DueSoon, await Eventually(id, ClockStates.DueSoon));
    }

    private async Task<string> NewCase(IGrainFactory grains)
    {
        var id = $"{ClusterFixture.PageId}_7_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        await grains.GetGrain<ICommentThreadGrain>(id).Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment,
            ClusterFixture.PageId, id, null, null, new Author("62", "Lò Thị Mai", false), "Hỏi về lịch tiêm chủng ở trạm y tế xã", [], now, now, null)]);
        return id;
    }

    /// <summary>The intake clock's state as the catalogue stores it (reading it does not activate the case).</summary>
    private async Task<string?> StoredState(string caseId)
    {
        await using var connection = await fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM sla_clock WHERE case_id = @id AND kind = 'intake'";
        command.AddParameter("@id", caseId);
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<string?> Eventually(string caseId, string state)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        string? stored;
        while ((stored = await StoredState(caseId)) != state && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return stored;
    }

    /// <summary>The case stores its next wake-up after its clocks (the catalogue's rows come first).</summary>
    private async Task<DateTimeOffset?> EventuallyWakeAt(string caseId, DateTimeOffset? expected)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        DateTimeOffset? stored;
        while ((stored = await Timers.WakeAt(caseId)) != expected && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return stored;
    }

    private static async Task<List<string>> ActiveCases(TestCluster cluster)
    {
        var active = await cluster.Client.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("commentthread"));
        return [.. active.Select(g => g.Key.ToString()!)];
    }

    private static IServiceProvider Services(TestCluster cluster) => ((InProcessSiloHandle)cluster.Primary!).SiloHost!.Services;
}

[Collection(PostgresSlaClusterCollection.Name)]
public sealed class PostgresCaseTimerGrainTests(PostgresSlaClusterFixture fixture) : CaseTimerGrainTests(fixture);
