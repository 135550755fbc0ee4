using System.Text;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LaoCaiFanpage.UnitTests.Webhooks;

/// <summary>The durable inbox's statements on a real SQLite file and a real PostgreSQL database.</summary>
public abstract class WebhookInboxContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    protected FanpageDatabase Database { get; private set; } = null!;

    private WebhookInbox Inbox { get; set; } = null!;

    protected abstract Task<FanpageDatabase> CreateDatabase();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabase();
        await new SchemaMigrator(Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        Inbox = new WebhookInbox(Database, new WriteGate(Database));
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<WebhookInbox.NewDelivery[]> Append(string owner, int count, DateTimeOffset at)
    {
        var deliveries = Enumerable.Range(0, count)
            .Select(i => new WebhookInbox.NewDelivery(at.AddMilliseconds(i), owner, "203.0.113.7", Encoding.UTF8.GetBytes($"{{\"n\":{i},\"text\":\"Phản ánh\"}}"), 1, 0))
            .ToArray();
        await Inbox.Append(deliveries);
        return deliveries;
    }

    [Fact]
    public async Task An_appended_delivery_has_a_receipt_and_is_pending_until_completed()
    {
        var appended = await Append("silo-a", 3, T0);
        Assert.All(appended, d => Assert.True(d.Receipt > 0));
        Assert.Equal(appended.Select(d => d.Receipt).Order(), appended.Select(d => d.Receipt));

        var pending = await Inbox.Find(appended[0].Receipt, default);
        Assert.NotNull(pending);
        Assert.Equal("pending", pending.Status);
        Assert.Equal(T0, pending.ReceivedAt);
        Assert.Null(pending.Stored);
        Assert.Equal(T0, pending.NextAttemptAt);

        await Inbox.Complete([new WebhookInbox.Outcome(appended[0].Receipt, 1, 0), new WebhookInbox.Outcome(appended[1].Receipt, 0, 1)], T0.AddSeconds(1));
        var done = await Inbox.Find(appended[0].Receipt, default);
        Assert.Equal("processed", done!.Status);
        Assert.Equal((1, 0, 1), (done.Stored, done.Duplicates, done.Attempts));
        Assert.Equal(T0.AddSeconds(1), done.ProcessedAt);
        Assert.Null(done.NextAttemptAt);

        var backlog = await Inbox.Backlog(T0.AddMinutes(1), default);
        Assert.Equal(1, backlog.Pending);
        Assert.Equal(appended[2].ReceivedAt, backlog.OldestPendingReceivedAt);
        Assert.Equal(2, backlog.ProcessedLastHour);
        Assert.Null(await Inbox.Find(appended[2].Receipt + 1000, default));
    }

    [Fact]
    public async Task A_failed_attempt_is_counted_and_a_processed_delivery_is_not_completed_twice()
    {
        var appended = await Append("silo-a", 1, T0);
        var receipt = appended[0].Receipt;
        await Inbox.Failed(receipt, new string('x', 5000), T0.AddSeconds(2));
        var failed = await Inbox.Find(receipt, default);
        Assert.Equal(("pending", 1, 2000, T0.AddSeconds(2)), (failed!.Status, failed.Attempts, failed.LastError!.Length, failed.NextAttemptAt!.Value));
        Assert.Equal(1, (await Inbox.Backlog(T0, default)).Failing);

        await Inbox.Complete([new WebhookInbox.Outcome(receipt, 1, 0)], T0.AddSeconds(3));
        await Inbox.Complete([new WebhookInbox.Outcome(receipt, 0, 1)], T0.AddSeconds(4));
        var done = await Inbox.Find(receipt, default);
        Assert.Equal((1, 0, T0.AddSeconds(3)), (done!.Stored!.Value, done.Duplicates!.Value, done.ProcessedAt!.Value));
        Assert.Null(done.LastError);
    }

    [Fact]
    public async Task Adoption_moves_a_departed_silos_pending_deliveries_oldest_first_and_leaves_the_newest_to_a_late_joiner()
    {
        var old = await Append("silo-gone", 7, T0);
        await Inbox.Complete([new WebhookInbox.Outcome(old[0].Receipt, 1, 0)], T0);
        var late = await Append("silo-gone", 2, T0.AddMinutes(5));

        var first = await Inbox.Adopt("silo-gone", "silo-b", T0.AddMinutes(1), limit: 4);
        var second = await Inbox.Adopt("silo-gone", "silo-b", T0.AddMinutes(1), limit: 4);
        Assert.Equal(old.Skip(1).Take(4).Select(d => d.Receipt), first.Select(d => d.Receipt));
        Assert.Equal(old.Skip(5).Select(d => d.Receipt), second.Select(d => d.Receipt));
        Assert.Equal("{\"n\":1,\"text\":\"Phản ánh\"}", Encoding.UTF8.GetString(first[0].Body));
        Assert.Empty(await Inbox.Adopt("silo-gone", "silo-b", T0.AddMinutes(1), limit: 4));
        Assert.Equal(["silo-b", "silo-gone"], (await Inbox.PendingOwners(default)).Order(StringComparer.Ordinal));

        var rest = await Inbox.Adopt("silo-gone", "silo-b", DateTimeOffset.MaxValue, limit: 10);
        Assert.Equal(late.Select(d => d.Receipt), rest.Select(d => d.Receipt));
        Assert.Equal(["silo-b"], await Inbox.PendingOwners(default));
    }

    [Fact]
    public async Task Two_survivors_adopting_at_once_each_take_a_share_and_no_delivery_goes_to_both()
    {
        var gone = await Append("silo-gone", 600, T0);
        var taken = await Task.WhenAll(new[] { "silo-b", "silo-c" }.Select(owner => Task.Run(async () =>
        {
            var mine = new List<long>();
            IReadOnlyList<InboxDelivery> chunk;
            do
            {
                chunk = await Inbox.Adopt("silo-gone", owner, DateTimeOffset.MaxValue, limit: 50);
                mine.AddRange(chunk.Select(d => d.Receipt));
            }
            while (chunk.Count > 0);

            return mine;
        })));

        Assert.Empty(taken[0].Intersect(taken[1]));
        Assert.Equal(gone.Select(d => d.Receipt).Order(), taken.SelectMany(t => t).Order());
    }

    [Fact]
    public async Task Purging_deletes_only_old_processed_deliveries_and_receipts_are_never_reused()
    {
        var appended = await Append("silo-a", 3, T0);
        await Inbox.Complete([new WebhookInbox.Outcome(appended[1].Receipt, 1, 0), new WebhookInbox.Outcome(appended[2].Receipt, 1, 0)], T0.AddDays(1));
        Assert.Equal(0, await Inbox.Purge(T0.AddDays(1)));
        Assert.Equal(2, await Inbox.Purge(T0.AddDays(2)));
        Assert.Equal("pending", (await Inbox.Find(appended[0].Receipt, default))!.Status);
        Assert.Null(await Inbox.Find(appended[2].Receipt, default));

        var next = await Append("silo-a", 1, T0.AddDays(2));
        Assert.True(next[0].Receipt > appended[2].Receipt, "a purged receipt's number is not given to a new delivery");
    }
}

public sealed class SqliteWebhookInboxTests : WebhookInboxContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lcf-inbox-" + Guid.NewGuid().ToString("N"));

    protected override Task<FanpageDatabase> CreateDatabase() =>
        Task.FromResult<FanpageDatabase>(new SqliteDatabase(Path.Combine(_directory, "inbox.db")));

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresWebhookInboxTests : WebhookInboxContract
{
    protected override async Task<FanpageDatabase> CreateDatabase() =>
        new PostgresDatabase(await TestPostgres.CreateDatabase("inbox"));

    public override async Task DisposeAsync() => await ((PostgresDatabase)Database).DisposeAsync();
}
