using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Tests.Shared;
using LaoCaiFanpage.UnitTests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LaoCaiFanpage.UnitTests.Webhooks;

/// <summary>
/// The ingress tables on a real database of each profile: the quarantine kept with a delivery until a retry clears
/// it (and never purged before), and the reconciliation's claim that lets one silo read Facebook per interval.
/// </summary>
public abstract class IngressStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(7));

    private WebhookInbox _inbox = null!;
    private ReconcileStore _reconcile = null!;

    protected abstract Task<FanpageDatabase> Open();

    public async Task InitializeAsync()
    {
        var database = await Open();
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var gate = new WriteGate(database);
        (_inbox, _reconcile) = (new WebhookInbox(database, gate), new ReconcileStore(database, gate));
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> Append(DateTimeOffset at, params QuarantinedPart[] parts)
    {
        var delivery = new WebhookInbox.NewDelivery(at, "silo-a", "10.0.0.1", "{\"object\":\"page\"}"u8.ToArray(), 1, 0, parts);
        await _inbox.Append([delivery]);
        await _inbox.Complete([new WebhookInbox.Outcome(delivery.Receipt, 1, 0)], at);
        return delivery.Receipt;
    }

    [Fact]
    public async Task A_quarantined_delivery_is_listed_kept_past_retention_and_cleared_by_a_successful_retry()
    {
        var clean = await Append(Start);
        var kept = await Append(Start, new QuarantinedPart("$.entry[0].changes[1]", "$.entry[0].changes[1].value.from.id is not a valid id."));
        Assert.Equal(Start, await _inbox.LastReceivedAt(CancellationToken.None));
        Assert.Null(await _inbox.FindQuarantined(clean, CancellationToken.None));
        Assert.Equal("{\"object\":\"page\"}"u8.ToArray(), (await _inbox.FindQuarantined(kept, CancellationToken.None))!.Body);

        var (items, total) = await _inbox.Quarantined(1, 50, CancellationToken.None);
        Assert.Equal(1, total);
        var listed = Assert.Single(items);
        Assert.Equal(kept, listed.Receipt);
        Assert.Equal("$.entry[0].changes[1]", Assert.Single(listed.Parts).Path);
        Assert.Null(listed.RetriedAt);

        // Retention purges the processed delivery, never the one with a part still left out.
        Assert.Equal(1, await _inbox.Purge(Start.AddDays(31)));
        Assert.NotNull(await _inbox.FindQuarantined(kept, CancellationToken.None));

        // A retry that still cannot apply it records when; one that can clears it, and then retention may take it.
        await _inbox.Retried(kept, [new QuarantinedPart("$.entry[0].changes[1]", "still")], Start.AddHours(1));
        Assert.Equal("still", Assert.Single(Assert.Single((await _inbox.Quarantined(1, 50, CancellationToken.None)).Items).Parts).Reason);
        await _inbox.Retried(kept, [], Start.AddHours(2));
        Assert.Equal(0, await _inbox.QuarantineCount(CancellationToken.None));
        Assert.Null(await _inbox.FindQuarantined(kept, CancellationToken.None));
        Assert.Equal(1, await _inbox.Purge(Start.AddDays(31)));
    }

    [Fact]
    public async Task One_run_is_claimed_per_interval_and_the_backfill_is_recorded_once()
    {
        const string Page = "100000000000001";
        Assert.Null((await _reconcile.Read(Page, CancellationToken.None)).BackfilledAt);
        Assert.True(await _reconcile.Claim(Page, Start, Start.AddMinutes(-5)));
        Assert.False(await _reconcile.Claim(Page, Start.AddMinutes(1), Start.AddMinutes(-4)));
        Assert.True(await _reconcile.Claim(Page, Start.AddMinutes(6), Start.AddMinutes(1)));

        await _reconcile.Finished(Page, Start.AddMinutes(7), backfilled: true, "3 posts read");
        await _reconcile.Finished(Page, Start.AddMinutes(17), backfilled: true, "1 post read");
        var state = await _reconcile.Read(Page, CancellationToken.None);
        Assert.Equal(Start.AddMinutes(7), state.BackfilledAt);
        Assert.Equal(Start.AddMinutes(17), state.LastFinishedAt);
        Assert.Equal("1 post read", state.LastResult);
    }
}

public sealed class SqliteIngressStoreTests : IngressStoreTests
{
    private readonly TemporarySqlite _file = new();

    protected override Task<FanpageDatabase> Open() => _file.Open();

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresIngressStoreTests : IngressStoreTests
{
    protected override async Task<FanpageDatabase> Open() => new PostgresDatabase(await TestPostgres.CreateDatabase("ingress"));
}
