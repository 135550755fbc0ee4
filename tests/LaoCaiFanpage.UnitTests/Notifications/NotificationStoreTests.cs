using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Notifications;
using LaoCaiFanpage.Tests.Shared;
using LaoCaiFanpage.UnitTests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LaoCaiFanpage.UnitTests.Notifications;

/// <summary>
/// The notification tables on a real database of each profile: events become notifications and deliveries once,
/// hosts claim deliveries for a lease, attempts are recorded with their backoff, people read their own lists.
/// </summary>
public abstract class NotificationStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(7));
    private readonly FakeTimeProvider _time = new(Start);
    private NotificationStore _store = null!;
    private NotificationPlanner _planner = null!;

    protected FanpageDatabase Database { get; private set; } = null!;

    protected abstract Task<FanpageDatabase> Open();

    public async Task InitializeAsync()
    {
        Database = await Open();
        await new SchemaMigrator(Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        _store = new NotificationStore(Database, new WriteGate(Database), _time);
        _planner = new NotificationPlanner(WorkingCalendar.Default, new NotificationOptions { QuietHours = false }, emailConfigured: true, pushConfigured: true);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> User(string name, string role, string? unit, string? email)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO app_user (username, password_hash, roles, unit, password_changed_at, created_at, created_by, email)
            VALUES (@name, 'x', @role, @unit, 0, 0, 'test', @email) RETURNING id
            """;
        command.AddParameter("@name", name);
        command.AddParameter("@role", role);
        command.AddParameter("@unit", unit);
        command.AddParameter("@email", email);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private PendingNotice Notice(long seq, string kind, NoticeAudience audience) =>
        new(seq, _time.GetUtcNow().ToUnixTimeMilliseconds(), kind, "case/c1", "c1", "Vụ việc mới giao cho SXD", "«Đường hỏng»", "/cases/c1",
            _time.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds(), audience.Readers, audience.Officers ?? [], audience.Heads ?? [], audience.Roles ?? [], audience.Users ?? []);

    [Fact]
    public async Task An_event_becomes_one_notification_per_person_and_one_delivery_per_channel_once()
    {
        var officer = await User("canbo.sxd", Roles.UnitOfficer, "SXD", "cb@sxd.laocai.gov.vn");
        await User("canbo.stc", Roles.UnitOfficer, "STC", "cb@stc.laocai.gov.vn");
        await _store.Subscribe(officer, "https://fcm.googleapis.com/fcm/send/abc", "p", "a", "Chrome", CancellationToken.None);
        var notice = Notice(1, NoticeKinds.CaseAssigned, new NoticeAudience(Readers: ["SXD"], Officers: ["SXD"]));
        Assert.True(await _store.AddEvent(notice, CancellationToken.None));
        Assert.False(await _store.AddEvent(notice, CancellationToken.None));

        var (events, created) = await _store.ExpandPending(_planner, 100, CancellationToken.None);
        Assert.Equal(1, events);
        Assert.Equal(["canbo.sxd"], created.Select(c => c.Username));
        Assert.Equal(0, (await _store.ExpandPending(_planner, 100, CancellationToken.None)).Events);

        var (items, unread) = await _store.ForUser("canbo.sxd", unreadOnly: false, 50, null, CancellationToken.None);
        Assert.Equal(1, unread);
        var item = Assert.Single(items);
        Assert.Equal(("c1", "Vụ việc mới giao cho SXD", false), (item.Subject, item.Title, item.Urgent));
        Assert.Equal([("in-app", "sent"), ("email", "pending"), ("push", "pending")], item.Channels.Select(c => (c.Channel, c.Status)));
        Assert.Empty((await _store.ForUser("canbo.stc", false, 50, null, CancellationToken.None)).Items);

        var due = await _store.ClaimDue("host-a", TimeSpan.FromMinutes(2), 25, CancellationToken.None);
        Assert.Equal(["email", "push"], due.Select(d => d.Channel).Order());
        Assert.Equal("cb@sxd.laocai.gov.vn", due.Single(d => d.Channel == "email").Target);
        Assert.Equal("https://fcm.googleapis.com/fcm/send/abc", due.Single(d => d.Channel == "push").Subscription!.Endpoint);
        // Claimed: another host finds nothing until the lease ends.
        Assert.Empty(await _store.ClaimDue("host-b", TimeSpan.FromMinutes(2), 25, CancellationToken.None));

        await _store.Record(due.Single(d => d.Channel == "email").Id, null, null, CancellationToken.None);
        await _store.Record(due.Single(d => d.Channel == "push").Id, "HTTP 500", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Empty(await _store.ClaimDue("host-b", TimeSpan.FromMinutes(2), 25, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(31));
        var retry = Assert.Single(await _store.ClaimDue("host-b", TimeSpan.FromMinutes(2), 25, CancellationToken.None));
        Assert.Equal((NotificationChannels.Push, 1), (retry.Channel, retry.Attempts));
        await _store.Record(retry.Id, "HTTP 410: gone", null, CancellationToken.None);

        var after = Assert.Single((await _store.ForUser("canbo.sxd", false, 50, null, CancellationToken.None)).Items);
        Assert.Equal([("in-app", "sent", (string?)null), ("email", "sent", null), ("push", "failed", "HTTP 410: gone")],
            after.Channels.Select(c => (c.Channel, c.Status, c.LastError)));
        Assert.Single(await _store.Search("canbo.sxd", NoticeKinds.CaseAssigned, "failed", 10, CancellationToken.None));
        Assert.Empty(await _store.Search(null, null, "pending", 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_left_by_a_host_that_died_ends_and_the_delivery_is_claimed_again()
    {
        await User("truongban", Roles.EditorialHead, null, "tb@laocai.gov.vn");
        await _store.AddEvent(Notice(2, NoticeKinds.ApprovalWaiting, new NoticeAudience(Readers: ["SXD"], Roles: [Roles.EditorialHead])), CancellationToken.None);
        await _store.ExpandPending(_planner, 100, CancellationToken.None);
        Assert.Single(await _store.ClaimDue("host-a", TimeSpan.FromMinutes(2), 25, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await _store.ClaimDue("host-b", TimeSpan.FromMinutes(2), 25, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Single(await _store.ClaimDue("host-b", TimeSpan.FromMinutes(2), 25, CancellationToken.None));

        // On the embedded profile a restarted host voids its own earlier claims at once.
        await _store.ReleaseClaims(CancellationToken.None);
        Assert.Single(await _store.ClaimDue("host-c", TimeSpan.FromMinutes(2), 25, CancellationToken.None));
    }

    [Fact]
    public async Task People_read_and_mark_only_their_own_and_choose_their_channels()
    {
        var officer = await User("canbo.syt", Roles.UnitOfficer, "SYT", null);
        await User("canbo2.syt", Roles.UnitOfficer, "SYT", null);
        for (var seq = 10; seq < 13; seq++)
        {
            await _store.AddEvent(Notice(seq, NoticeKinds.CaseAssigned, new NoticeAudience(Readers: ["SYT"], Officers: ["SYT"])), CancellationToken.None);
        }

        await _store.ExpandPending(_planner, 100, CancellationToken.None);
        var (items, unread) = await _store.ForUser("canbo.syt", false, 2, null, CancellationToken.None);
        Assert.Equal((2, 3L), (items.Count, unread));
        Assert.True(items[0].Id > items[1].Id);
        Assert.Single((await _store.ForUser("canbo.syt", false, 2, items[1].Id, CancellationToken.None)).Items);

        Assert.False(await _store.MarkRead("canbo2.syt", items[0].Id, CancellationToken.None));
        Assert.True(await _store.MarkRead("canbo.syt", items[0].Id, CancellationToken.None));
        Assert.Equal(2, (await _store.ForUser("canbo.syt", true, 50, null, CancellationToken.None)).Items.Count);
        Assert.True(await _store.MarkRead("canbo.syt", null, CancellationToken.None));
        Assert.Equal(0, (await _store.ForUser("canbo.syt", false, 50, null, CancellationToken.None)).Unread);
        Assert.Equal(3, (await _store.ForUser("canbo2.syt", false, 50, null, CancellationToken.None)).Unread);

        await _store.SetChoices(officer, new Dictionary<string, ChannelChoice> { [NoticeKinds.ClockDueSoon] = new(false, true) }, CancellationToken.None);
        await _store.SetChoices(officer, new Dictionary<string, ChannelChoice> { [NoticeKinds.ClockDueSoon] = new(false, false) }, CancellationToken.None);
        var choices = await _store.Choices("canbo.syt", CancellationToken.None);
        Assert.Equal(new ChannelChoice(false, false), choices[NoticeKinds.ClockDueSoon]);
        Assert.Equal(ChannelChoice.Every, choices[NoticeKinds.CaseAssigned]);
        Assert.Equal(NoticeKinds.All.Count, choices.Count);
    }

    [Fact]
    public async Task A_browser_belongs_to_whoever_subscribed_it_last_and_only_its_owner_removes_it()
    {
        var first = await User("nguoi1", Roles.Leadership, null, null);
        var second = await User("nguoi2", Roles.Leadership, null, null);
        var id = await _store.Subscribe(first, "https://updates.push.services.mozilla.com/wpush/v2/x", "p", "a", null, CancellationToken.None);
        Assert.Equal(id, await _store.Subscribe(second, "https://updates.push.services.mozilla.com/wpush/v2/x", "p2", "a2", null, CancellationToken.None));
        Assert.Empty(await _store.Subscriptions(first, CancellationToken.None));
        Assert.Equal("p2", Assert.Single(await _store.Subscriptions(second, CancellationToken.None)).P256dh);
        Assert.False(await _store.Unsubscribe(id, first, "removed by its owner", CancellationToken.None));
        Assert.True(await _store.Unsubscribe(id, second, "removed by its owner", CancellationToken.None));
        Assert.Empty(await _store.Subscriptions(second, CancellationToken.None));
    }

    [Fact]
    public async Task The_summary_counts_open_clocks_past_their_deadline_per_unit_whatever_state_they_last_recorded()
    {
        var now = _time.GetUtcNow();
        (string Case, string Unit, string State, DateTimeOffset Deadline, bool Completed)[] clocks =
        [
            ("a", "SXD", "missed", now.AddDays(-2), false),
            ("b", "SXD", "due-soon", now.AddHours(-1), false), // its reminder has not fired yet
            ("c", "STC", "missed", now.AddDays(-1), false),
            ("d", "STC", "missed", now.AddDays(-3), true),     // answered late: no longer owed
            ("e", "SYT", "running", now.AddHours(5), false),
        ];
        await using (var connection = await Database.OpenAsync())
        {
            foreach (var clock in clocks)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO sla_clock (case_id, clock_id, page_id, kind, unit, state, started_at, due_soon_at, deadline, completed_at, next_at)
                    VALUES (@case, 'answer', 'p', 'answer', @unit, @state, 0, 0, @deadline, @completed, NULL)
                    """;
                insert.AddParameter("@case", clock.Case);
                insert.AddParameter("@unit", clock.Unit);
                insert.AddParameter("@state", clock.State);
                insert.AddParameter("@deadline", clock.Deadline.ToUnixTimeMilliseconds());
                insert.AddParameter("@completed", clock.Completed ? (long?)now.ToUnixTimeMilliseconds() : null);
                await insert.ExecuteNonQueryAsync();
            }
        }

        var missed = await _store.MissedByUnit(now, CancellationToken.None);
        Assert.Equal([("SXD", 2L, now.AddDays(-2)), ("STC", 1L, now.AddDays(-1))], missed);
    }
}

public sealed class SqliteNotificationStoreTests : NotificationStoreTests
{
    private readonly TemporarySqlite _file = new();

    protected override Task<FanpageDatabase> Open() => _file.Open();

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresNotificationStoreTests : NotificationStoreTests
{
    protected override async Task<FanpageDatabase> Open() => new PostgresDatabase(await TestPostgres.CreateDatabase("notifications"));
}
